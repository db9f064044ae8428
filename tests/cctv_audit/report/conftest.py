"""A small synthetic database for the report tests: three sweeps of a spread of real register authorities."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from cctv_audit.database import open_session
from cctv_audit.register import packaged_register
from cctv_audit.report.sample import build_sample
from storage.evidence import EvidenceStore

HOSTILE = "E07000234"
SHARED = ("E07000223", "E07000229")  # Adur and Worthing share one website


def spread() -> set[str]:
    """Every seventh register authority (all types, both nations), the hostile title and a shared website."""
    codes = sorted(a.gss_code for a in packaged_register())
    return {*codes[::7], HOSTILE, *SHARED}


@dataclass
class SampleDB:
    url: str
    evidence: EvidenceStore
    sweeps: list[int]
    codes: set[str]


def make_sample(url: str, root: Path) -> SampleDB:
    evidence = EvidenceStore(root / "evidence")
    codes = spread()
    with open_session(url) as session:
        sweeps = build_sample(session, evidence, sweeps=3, only=codes)
    return SampleDB(url, evidence, sweeps, codes)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleDB:
    root = tmp_path_factory.mktemp("sample")
    return make_sample(f"sqlite:///{root / 'cctv-audit.db'}", root)


@pytest.fixture
def session(sample: SampleDB) -> Iterator[Session]:
    with open_session(sample.url) as s:
        yield s
