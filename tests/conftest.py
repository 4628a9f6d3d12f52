from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED_CORPUS / "gold").is_dir():
        pytest.skip(f"the shared corpus is not beside the repository ({SHARED_CORPUS})")
    return SHARED_CORPUS
