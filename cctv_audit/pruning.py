"""Retention of old sweeps: keep the evidence of the newest N sweeps, and optionally their data only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.evidence import EvidenceStore
from storage.models import Document, Page, SiteCrawl, Sweep


@dataclass(frozen=True)
class PruneReport:
    """What pruning removed."""

    sweeps: list[int]
    bytes_freed: int
    data_deleted: bool


def prune(session: Session, evidence: EvidenceStore, keep: int, delete_data: bool = False) -> PruneReport:
    """Delete the WARC evidence of every sweep but the ``keep`` newest; with ``delete_data``, their rows too.

    Results of pruned sweeps stay (trends need them) unless ``delete_data``; their pages no longer point at
    archived copies, and the sweep's note says when its evidence was removed.
    """
    old = list(session.scalars(select(Sweep).order_by(Sweep.id.desc()).offset(keep)))
    ids = [s.id for s in old]
    freed = evidence.prune(ids)
    if ids and delete_data:
        session.execute(delete(Sweep).where(Sweep.id.in_(ids)))
    elif ids:
        crawls = select(SiteCrawl.id).where(SiteCrawl.sweep_id.in_(ids))
        for model in (Page, Document):
            session.execute(
                update(model).where(model.site_crawl_id.in_(crawls)).values(warc_file=None, warc_offset=None)
            )
        stamp = datetime.now(UTC).date().isoformat()
        for sweep in old:
            if not (sweep.note or "").startswith("evidence pruned"):
                sweep.note = f"evidence pruned {stamp}"
    session.commit()
    return PruneReport(ids, freed, delete_data)
