"""The outside services a few tests need: PostgreSQL and Redis for the topology test,
Varnish for the purge test.

This machine and CI run both, and there such a test always runs: CI sets
``NEWSROOM_REQUIRE_SERVICES=1`` (``.ci/run``), so a service that is down fails the test.
On a laptop with only Python (SQLite is the embedded default, and `make test` must pass
there too) the test is skipped with the address it could not reach.
"""

import os
import socket

import pytest


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def require(name: str, host: str, port: int) -> None:
    if not reachable(host, port):
        _missing(f"{name} is not reachable at {host}:{port}")


def require_program(name: str, path: str) -> None:
    if not os.access(path, os.X_OK):
        _missing(f"{name} is not installed ({path}; `make test` installs it where it can)")


def _missing(message: str) -> None:
    if os.environ.get("NEWSROOM_REQUIRE_SERVICES"):
        pytest.fail(message + " (NEWSROOM_REQUIRE_SERVICES is set)")
    pytest.skip(message + ": start it to run this test")
