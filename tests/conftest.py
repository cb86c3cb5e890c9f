import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "fixtures" / "seeds"


@pytest.fixture
def seeds_dir():
    return SEEDS_DIR


@pytest.fixture
def pages(tmp_path, seeds_dir):
    """A copy of the seed pages the test may change (a site that edits a page later)."""
    folder = tmp_path / "pages"
    shutil.copytree(seeds_dir, folder)
    return folder


@pytest.fixture
def seeded(db):
    """The five seed pages imported, as after `make run`."""
    from django.core.management import call_command

    call_command("loadseeds", str(SEEDS_DIR), verbosity=0)
