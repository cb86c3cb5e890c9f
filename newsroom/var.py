"""The checkout's ``var/`` folder: its SQLite database, shared cache and development key.

Settings only read from here, so importing them writes nothing. ``prepare()`` makes the
folder and, outside production, the secret key the first time a process that serves or
manages the site starts (``manage.py``, the WSGI and ASGI entry points).
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# An empty NEWSROOM_VAR_DIR (``NEWSROOM_VAR_DIR= make run``) is no setting: relative paths
# from "" would put the database wherever the command runs and fail the static check.
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR") or BASE_DIR / "var")
SECRET_KEY_FILE = VAR_DIR / "secret_key"
STATIC_ROOT = VAR_DIR / "static"  # `manage.py collectstatic` for production


def development_secret_key() -> str:
    """The key ``prepare()`` wrote, or "" before the first run."""
    try:
        return SECRET_KEY_FILE.read_text().strip()
    except FileNotFoundError:
        return ""


def prepare() -> None:
    """Create ``var/`` and its static folder, and outside production the secret key, once."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing STATIC_ROOT
    production = os.environ.get("NEWSROOM_ENV", "development") == "production"
    if production or os.environ.get("SECRET_KEY") or SECRET_KEY_FILE.exists():
        return
    # Written whole under another name, then linked into place: two commands starting at
    # once (two imports) agree on one key, and neither reads a half-written file.
    draft = VAR_DIR / f".secret_key.{os.getpid()}"
    draft.write_text(secrets.token_urlsafe(50))
    draft.chmod(0o600)
    try:
        os.link(draft, SECRET_KEY_FILE)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
