"""``python -m gkextract``: the same command line as ``gkextract``."""
from gkextract.cli import app

if __name__ == "__main__":
    app(prog_name="gkextract")
