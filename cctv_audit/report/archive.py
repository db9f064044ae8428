"""Archived copies of the evidence, written into the report folder as inert static files.

A report links each quote to the response the crawler actually received (from the WARC evidence store), so a
council can see exactly what was judged even after changing its page. Crawled HTML is never served as HTML:
it is written as ``.txt``, which a browser shows as source text and never runs; documents keep their type and
are offered as downloads.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from storage.evidence import ArchivedRecord, EvidenceStore

logger = logging.getLogger(__name__)

ARCHIVE_DIR = "archive"
EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
}
"""Documents keep their own extension; everything else (HTML above all) becomes ``.txt``."""


def extension(content_type: str | None) -> str:
    """The file extension an archived copy is written with: inert ``.txt`` unless it is a known document type."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    return EXTENSIONS.get(mime, ".txt")


def attach_archives(councils: Iterable[dict[str, Any]], out: Path, evidence: EvidenceStore) -> int:
    """Write every archived copy the councils' evidence points at; set each entry's ``copy`` to its path.

    ``copy`` is relative to the report folder, or None when the WARC file is gone (pruned or moved): the report
    then says so instead of linking to nothing. Returns the number of files written.
    """
    written: dict[tuple[str, int], str | None] = {}
    folder = out / ARCHIVE_DIR
    for council in councils:
        for entry in council.get("archives", {}).values():
            where = (str(entry.get("warc_file")), int(entry.get("warc_offset") or 0))
            if where not in written:
                written[where] = _write_copy(entry, where, folder, evidence)
            entry["copy"] = written[where]
    missing = sum(1 for path in written.values() if path is None)
    if missing:
        # One line, not one per copy: a pruned sweep would otherwise flood stderr with hundreds of warnings.
        logger.warning(
            "%d archived copies are not in the evidence store at %s (pruned or moved?)", missing, evidence.root
        )
    return len(written) - missing


def _write_copy(entry: Mapping[str, Any], where: tuple[str, int], folder: Path, evidence: EvidenceStore) -> str | None:
    try:
        _, _, body = evidence.read(ArchivedRecord(*where))
    except (OSError, KeyError, ValueError) as exc:
        logger.debug("archived copy of %s is not available (%s:%s): %s", entry.get("url"), *where, exc)
        return None
    digest = hashlib.sha256(body).hexdigest()
    name = f"{digest}{extension(entry.get('content_type'))}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        path.write_bytes(body)
    return f"{ARCHIVE_DIR}/{name}"
