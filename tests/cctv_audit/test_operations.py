"""Running unattended: ``sweep --if-older-than`` for schedulers, and logs as one JSON object per line on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from fixtures.server import RunningServer
from storage.models import Sweep
from storage.session import make_engine, make_sessionmaker

SWEEP = ("sweep", "--only", "E07000234", "--delay", "0", "--as-of", "2026-11-29")


def _sweeps(db: str) -> list[tuple[int, str]]:
    engine = make_engine(db)
    try:
        with make_sessionmaker(engine)() as session:
            return [(s.id, s.status) for s in session.scalars(select(Sweep).order_by(Sweep.id))]
    finally:
        engine.dispose()


def _set(db: str, sweep_id: int, **values: Any) -> None:
    engine = make_engine(db)
    try:
        with make_sessionmaker(engine)() as session:
            session.execute(update(Sweep).where(Sweep.id == sweep_id).values(**values))
            session.commit()
    finally:
        engine.dispose()


def test_if_older_than_runs_only_when_the_last_sweep_is_old_enough(cli: Any, sqlite_url: str) -> None:
    first = cli(*SWEEP, "--db", sqlite_url, "--if-older-than", "7d")
    assert first.returncode == 0, first.stderr
    assert "starting sweep 1" in first.stderr
    again = cli(*SWEEP, "--db", sqlite_url, "--if-older-than", "7d")
    assert again.returncode == 0, again.stderr
    assert "less than 7d ago: nothing to do" in again.stderr
    assert _sweeps(sqlite_url) == [(1, "done")], "a recent sweep means no new sweep"

    _set(sqlite_url, 1, finished_at=datetime.now(UTC) - timedelta(days=8))
    later = cli(*SWEEP, "--db", sqlite_url, "--if-older-than", "7d")
    assert later.returncode == 0 and "starting sweep 2" in later.stderr, later.stderr
    assert _sweeps(sqlite_url) == [(1, "done"), (2, "done")]


def test_if_older_than_resumes_a_scheduled_sweep_that_was_killed(cli: Any, sqlite_url: str) -> None:
    assert cli(*SWEEP, "--db", sqlite_url).returncode == 0
    _set(sqlite_url, 1, finished_at=datetime.now(UTC) - timedelta(days=30))
    assert cli(*SWEEP, "--db", sqlite_url).returncode == 0
    _set(sqlite_url, 2, status="interrupted", finished_at=None)  # as a sweep killed part-way leaves it
    resumed = cli(*SWEEP, "--db", sqlite_url, "--if-older-than", "1w")
    assert resumed.returncode == 0, resumed.stderr
    assert "sweep 2 was not finished: resuming it" in resumed.stderr and "resuming sweep 2" in resumed.stderr
    assert _sweeps(sqlite_url) == [(1, "done"), (2, "done")]


def test_if_older_than_wants_a_duration(cli: Any, sqlite_url: str) -> None:
    bad = cli(*SWEEP, "--db", sqlite_url, "--if-older-than", "a week")
    assert bad.returncode == 2 and "e.g. 7d or 36h" in bad.stderr


def _json_lines(stderr: str) -> list[dict[str, Any]]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "something was logged"
    records = []
    for line in lines:
        record = json.loads(line)  # every line is one JSON object
        assert {"time", "level", "logger", "message"} <= record.keys(), record
        records.append(record)
    return records


def test_json_logs_are_one_object_per_line(cli: Any, sqlite_url: str) -> None:
    run = cli("--log-format", "json", *SWEEP, "--db", sqlite_url)
    assert run.returncode == 0, run.stderr
    records = _json_lines(run.stderr)
    assert any(r["message"].startswith("starting sweep 1") for r in records)
    site = next(r for r in records if r.get("outcome"))
    assert site["site"] == "https://www.bromsgrove.gov.uk/" and site["logger"] == "cctv_audit.progress"
    assert "Sweep 1" in run.stdout, "the summary still goes to stdout"


def test_json_logs_from_the_environment_with_verbose_crawl_logs(fixture_web: RunningServer, sqlite_url: str) -> None:
    env = {**os.environ, "http_proxy": fixture_web.proxy_url, "CCTV_AUDIT_LOG_FORMAT": "json"}
    done = subprocess.run(
        [sys.executable, "-m", "cctv_audit", "-v", "check", "http://www.bromsgrove.gov.uk/", "--format", "json",
         "--delay", "0", "--db", sqlite_url, "--max-pages", "5"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["schema"] == "cctv-audit/site-result/1"
    records = _json_lines(done.stderr)
    assert any(r["logger"].startswith("scrapy") for r in records), "-v lets Scrapy's own logs through, as JSON"
    engine = make_engine(sqlite_url)
    try:
        with make_sessionmaker(engine)() as session:
            assert session.scalar(select(func.count()).select_from(Sweep)) == 1
    finally:
        engine.dispose()
