"""The fixture web on loopback, and a helper that runs the real ``cctv-audit`` command through it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from fixtures.server import DirectoryStore, RunningServer, running_server


@pytest.fixture(scope="session")
def fixture_web() -> Iterator[RunningServer]:
    """The hand-made fixture sites served as origin and forward proxy."""
    with running_server(DirectoryStore()) as server:
        yield server


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def cli(fixture_web: RunningServer, tmp_path: Any) -> Any:
    """Run ``cctv-audit ARGS`` in a subprocess with ``http_proxy`` pointing at the fixture web."""

    def run(*args: str) -> Run:
        env = {**os.environ, "http_proxy": fixture_web.proxy_url, "https_proxy": fixture_web.proxy_url}
        env.pop("CCTV_AUDIT_DB", None)
        env["CCTV_AUDIT_EVIDENCE"] = str(tmp_path / "evidence")
        done = subprocess.run(
            [sys.executable, "-m", "cctv_audit", *args], env=env, capture_output=True, text=True, timeout=300
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A PostgreSQL database of its own for one test (distributed sweeps and server restarts), dropped after."""
    import secrets

    import psycopg
    from psycopg import sql

    name = f"cctv_audit_test_{secrets.token_hex(6)}"

    def admin() -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres", autocommit=True)

    with admin() as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin() as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
