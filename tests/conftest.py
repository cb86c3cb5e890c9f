from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "fixtures" / "seeds"


@pytest.fixture
def seeds_dir():
    return SEEDS_DIR


@pytest.fixture
def seeded(db):
    """The five seed pages imported, as after `make run`."""
    from django.core.management import call_command

    call_command("loadseeds", str(SEEDS_DIR), verbosity=0)
