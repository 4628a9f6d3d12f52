from gkextract.cli import app

app(prog_name="gkextract")
