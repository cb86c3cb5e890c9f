"""Databases of a test's own, for the subprocesses a test starts (workers, gunicorn).

pytest-django's test database is private to the test process (SQLite: in memory), so a
test whose servers and workers run in other processes brings its own: a PostgreSQL
database named for the test process, created, migrated and dropped, or a SQLite file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parent.parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_base() -> str:
    """The suite's PostgreSQL server (DATABASE_URL's, when it names one)."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_POSTGRES


def _server(url: str, name: str) -> tuple[str, str]:
    """(conninfo of the server's maintenance database, URL of database ``name`` on it)."""
    conf = dj_database_url.parse(url)
    auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf.get("PASSWORD") else "")
    where = f"{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}"
    return f"postgresql://{auth}@{where}/postgres", f"postgres://{auth}@{where}/{name}"


def subprocess_env(**extra) -> dict:
    """The environment of a subprocess: this one's, with no settings the test did not mean."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "NEWSROOM_ENV")}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(*args, env, timeout=300, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*MANAGE, *args],
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=check,
        capture_output=True,
        text=True,
    )


@contextmanager
def own_database(prefix: str, tmp_path: Path, *, postgres: bool | None = None):
    """A migrated database of the test's own; its URL. PostgreSQL when ``postgres`` (or,
    when None, when the suite runs on PostgreSQL), else a SQLite file under ``tmp_path``."""
    if postgres is None:
        postgres = "DATABASE_URL" in os.environ and postgres_base() == os.environ["DATABASE_URL"]
    if not postgres:
        url = f"sqlite:///{tmp_path / (prefix + '.sqlite3')}"
        manage("migrate", "-v0", env=subprocess_env(DATABASE_URL=url))
        yield url
        return
    name = f"{prefix}_{os.getpid()}"
    admin, url = _server(postgres_base(), name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        manage("migrate", "-v0", env=subprocess_env(DATABASE_URL=url))
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str, params=()) -> list[tuple]:
    """Rows of ``sql`` on the database at ``url``, read from outside Django."""
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        return conn.execute(sql, params).fetchall()
