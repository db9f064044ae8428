"""The evidence store: every response a crawl receives, kept in WARC files addressed by sweep and site.

One gzipped WARC file per site crawl (``<root>/sweep-<id>/site-<id>.warc.gz``): a resumed sweep throws an
unfinished site's file away with its rows, and pruning an old sweep is deleting one directory. Each record
carries the payload's sha256; the database keeps the file and offset of every page's record.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ENV_VAR = "CCTV_AUDIT_EVIDENCE"
GZIP_LEVEL = 6
DEFAULT_ROOT = "cctv-audit-evidence"


def resolve_root(root: str | Path | None = None) -> Path:
    """The evidence directory: the explicit argument, else ``$CCTV_AUDIT_EVIDENCE``, else ``./cctv-audit-evidence``."""
    return Path(root or os.environ.get(ENV_VAR) or DEFAULT_ROOT)


@dataclass(frozen=True)
class ArchivedRecord:
    """Where one response is archived: a file relative to the evidence root, and the record's byte offset."""

    file: str
    offset: int


class SiteArchive:
    """Appends response records to one site's WARC file."""

    def __init__(self, root: Path, relative: str):
        self.root = root
        self.relative = relative
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle: BinaryIO = path.open("wb")
        # Records are built uncompressed, then each is gzipped as its own member at a moderate level:
        # warcio's own gzip runs at level 9, which made archiving the costliest step of a sweep.
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=False)

    def write_response(
        self, url: str, status: int, headers: Mapping[str, str], body: bytes, fetched_at: datetime
    ) -> ArchivedRecord:
        offset = self.handle.tell()
        digest = hashlib.sha256(body).digest()
        http_headers = StatusAndHeaders(f"{status} -", list(headers.items()), protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Date": fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "WARC-Payload-Digest": "sha256:" + base64.b32encode(digest).decode("ascii"),
            },
        )
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.write_record(record)
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self.handle.write(compressor.compress(self.buffer.getvalue()) + compressor.flush())
        return ArchivedRecord(self.relative, offset)

    def close(self) -> None:
        self.handle.close()


class EvidenceStore:
    """WARC files under one root directory."""

    def __init__(self, root: str | Path | None = None):
        self.root = resolve_root(root)

    @staticmethod
    def sweep_dir(sweep_id: int) -> str:
        return f"sweep-{sweep_id}"

    def site_file(self, sweep_id: int, site_crawl_id: int) -> str:
        return f"{self.sweep_dir(sweep_id)}/site-{site_crawl_id}.warc.gz"

    def open_site(self, sweep_id: int, site_crawl_id: int) -> SiteArchive:
        """Start (or restart, truncating) a site's WARC file."""
        return SiteArchive(self.root, self.site_file(sweep_id, site_crawl_id))

    def discard_site(self, sweep_id: int, site_crawl_id: int) -> None:
        (self.root / self.site_file(sweep_id, site_crawl_id)).unlink(missing_ok=True)

    def read(self, record: ArchivedRecord) -> tuple[str, int, bytes]:
        """(URL, HTTP status, body) of an archived response."""
        with (self.root / record.file).open("rb") as handle:
            handle.seek(record.offset)
            for warc in ArchiveIterator(handle):
                status = int((warc.http_headers.get_statuscode() if warc.http_headers else "0") or 0)
                return warc.rec_headers.get_header("WARC-Target-URI"), status, warc.content_stream().read()
        raise KeyError(f"no record at {record.file}:{record.offset}")

    def prune(self, sweep_ids: Iterable[int]) -> int:
        """Delete the evidence of these sweeps; return the number of bytes freed."""
        freed = 0
        for sweep_id in sweep_ids:
            directory = self.root / self.sweep_dir(sweep_id)
            if directory.is_dir():
                freed += sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
                shutil.rmtree(directory)
        return freed
