"""``prune --keep N`` removes old sweeps' evidence, and with ``--delete-data`` their rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from storage.models import Page, Sweep
from storage.session import make_engine, make_sessionmaker


def _counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            sweeps = session.scalar(select(func.count()).select_from(Sweep)) or 0
            archived = session.scalar(select(func.count()).where(Page.warc_file.is_not(None))) or 0
            pages = session.scalar(select(func.count()).select_from(Page)) or 0
            return sweeps, archived, pages
    finally:
        engine.dispose()


def test_prune_keeps_the_newest_sweeps_evidence(cli: Any, tmp_path: Path, sqlite_url: str) -> None:
    for host in ("www.redditchbc.gov.uk", "www.malvernhills.gov.uk"):
        assert cli("check", f"http://{host}/", "--delay", "0", "--db", sqlite_url).returncode == 0
    evidence = tmp_path / "evidence"
    assert sorted(p.name for p in evidence.iterdir()) == ["sweep-1", "sweep-2"]
    sweeps, archived, pages = _counts(sqlite_url)
    assert sweeps == 2 and archived == pages > 0

    run = cli("prune", "--keep", "1", "--db", sqlite_url)
    assert run.returncode == 0, run.stderr
    assert "pruned the evidence of 1 sweeps" in run.stdout
    assert sorted(p.name for p in evidence.iterdir()) == ["sweep-2"]
    sweeps, archived, pages_after = _counts(sqlite_url)
    assert sweeps == 2 and pages_after == pages and 0 < archived < pages

    run = cli("prune", "--keep", "1", "--delete-data", "--db", sqlite_url)
    assert run.returncode == 0, run.stderr
    sweeps, archived, pages_left = _counts(sqlite_url)
    assert sweeps == 1 and archived == pages_left < pages
