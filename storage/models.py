"""Database models for every stage: register, crawl, extract, audit.

Crawl facts (sweep, site_crawl, page, document, fact) and audit facts (audit_run, site_score, rule_result)
live in separate tables so that an audit run can re-score a sweep without touching its pages.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "CRAWL_OUTCOMES",
    "NAMING_CONVENTION",
    "RULE_STATUSES",
    "SITE_CRAWL_STATUSES",
    "SWEEP_KINDS",
    "SWEEP_STATUSES",
    "AuditRun",
    "Authority",
    "Base",
    "Document",
    "Fact",
    "JSONType",
    "Page",
    "RuleResult",
    "SiteCrawl",
    "SiteScore",
    "Sweep",
    "UTCDateTime",
    "utcnow",
]

# Constraint names are part of the schema: Alembic batch mode on SQLite can only drop or alter a
# constraint it can name, so every constraint gets a predictable name from day one.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SWEEP_KINDS = ("check", "sweep")
SWEEP_STATUSES = ("running", "done", "interrupted")
SITE_CRAWL_STATUSES = ("pending", "running", "done")
CRAWL_OUTCOMES = ("complete", "partial", "blocked", "robots_disallowed", "unreachable", "timeout")
RULE_STATUSES = ("met", "partly", "not_met", "n/a", "unknown")

URL_LENGTH = 2048


def utcnow() -> datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC, returned tz-aware on every backend.

    SQLite has no timezone type and hands back naive datetimes; this type attaches UTC on the way out so
    that code never compares naive and aware values. Naive values are refused on the way in because their
    meaning is ambiguous.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware datetime (e.g. utcnow())")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Python None is stored as SQL NULL (not the JSON literal null) so that "IS NULL" means "no value".
JSONType = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def _in(column: str, values: tuple[str, ...]) -> str:
    """Build the SQL of a CHECK constraint limiting ``column`` to ``values``."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    """Declarative base with the project's naming convention and type map."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Authority(Base):
    """A local authority from the register: who it is and where its website lives."""

    __tablename__ = "authority"

    gss_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String)
    type: Mapped[str] = mapped_column(String)
    nation: Mapped[str] = mapped_column(String)
    region: Mapped[str | None] = mapped_column(String)
    homepage: Mapped[str] = mapped_column(String)
    source: Mapped[str] = mapped_column(String, default="")

    def __repr__(self) -> str:
        return f"Authority({self.gss_code!r}, {self.name!r})"


class Sweep(Base):
    """One crawl session: a single-site `check` or a national `sweep`; the unit a re-run resumes."""

    __tablename__ = "sweep"
    __table_args__ = (
        CheckConstraint(_in("kind", SWEEP_KINDS), name="kind"),
        CheckConstraint(_in("status", SWEEP_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String, default="running")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    options: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    note: Mapped[str | None] = mapped_column(Text)

    site_crawls: Mapped[list[SiteCrawl]] = relationship(
        back_populates="sweep", cascade="all, delete-orphan", passive_deletes=True
    )
    audit_runs: Mapped[list[AuditRun]] = relationship(
        back_populates="sweep", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"Sweep(id={self.id!r}, kind={self.kind!r}, status={self.status!r})"


class SiteCrawl(Base):
    """The crawl of one website within a sweep: its progress, outcome, counters and decision trail."""

    __tablename__ = "site_crawl"
    __table_args__ = (
        UniqueConstraint("sweep_id", "homepage"),
        CheckConstraint(_in("status", SITE_CRAWL_STATUSES), name="status"),
        CheckConstraint(_in("outcome", CRAWL_OUTCOMES), name="outcome"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweep.id", ondelete="CASCADE"), index=True)
    authority_gss: Mapped[str | None] = mapped_column(ForeignKey("authority.gss_code"))
    homepage: Mapped[str] = mapped_column(String(URL_LENGTH))
    status: Mapped[str] = mapped_column(String, default="pending")
    outcome: Mapped[str | None] = mapped_column(String)
    reason: Mapped[str | None] = mapped_column(Text)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    seconds: Mapped[float | None] = mapped_column(Float)
    trail: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    worker: Mapped[str | None] = mapped_column(String)
    """The worker that holds the site in a distributed sweep (``host:pid:tag``); its final commit is fenced on it."""

    sweep: Mapped[Sweep] = relationship(back_populates="site_crawls")
    authority: Mapped[Authority | None] = relationship()
    # `pages` and `documents` are the counters above, so the collections get distinct names.
    page_rows: Mapped[list[Page]] = relationship(
        back_populates="site_crawl", cascade="all, delete-orphan", passive_deletes=True
    )
    document_rows: Mapped[list[Document]] = relationship(
        back_populates="site_crawl", cascade="all, delete-orphan", passive_deletes=True
    )
    facts: Mapped[list[Fact]] = relationship(
        back_populates="site_crawl", cascade="all, delete-orphan", passive_deletes=True
    )
    site_scores: Mapped[list[SiteScore]] = relationship(
        back_populates="site_crawl", cascade="all", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"SiteCrawl(id={self.id!r}, homepage={self.homepage!r}, outcome={self.outcome!r})"


class _Fetched:
    """Columns shared by everything fetched in a crawl: what was asked for, what came back, and when."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_crawl_id: Mapped[int] = mapped_column(ForeignKey("site_crawl.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(URL_LENGTH))
    final_url: Mapped[str] = mapped_column(String(URL_LENGTH))
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    referrer: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer, default=0)
    anchor: Mapped[str | None] = mapped_column(Text)
    """The text of the link the crawler followed to it (documents are classified by it, and rescoring needs it)."""
    etag: Mapped[str | None] = mapped_column(String)
    last_modified: Mapped[str | None] = mapped_column(String)
    """The response's validators, sent back by the next sweep as If-None-Match / If-Modified-Since."""
    warc_file: Mapped[str | None] = mapped_column(String)
    """The WARC file holding the response, relative to the evidence root (storage/evidence.py)."""
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    """The byte offset of the response record in that file."""


class Page(_Fetched, Base):
    """An HTML page fetched during a site crawl, with its extracted text and why its link was followed."""

    __tablename__ = "page"
    __table_args__ = (UniqueConstraint("site_crawl_id", "url"),)

    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    link_score: Mapped[float | None] = mapped_column(Float)
    link_reasons: Mapped[Any | None] = mapped_column(JSONType)

    site_crawl: Mapped[SiteCrawl] = relationship(back_populates="page_rows")
    facts: Mapped[list[Fact]] = relationship(back_populates="page", cascade="all", passive_deletes=True)

    def __repr__(self) -> str:
        return f"Page(id={self.id!r}, url={self.url!r})"


class Document(_Fetched, Base):
    """A PDF, DOCX or ODT document fetched during a site crawl; its pages are separated by form feeds."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("site_crawl_id", "url"),)

    page_count: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(String)

    site_crawl: Mapped[SiteCrawl] = relationship(back_populates="document_rows")
    facts: Mapped[list[Fact]] = relationship(back_populates="document", cascade="all", passive_deletes=True)

    def __repr__(self) -> str:
        return f"Document(id={self.id!r}, url={self.url!r})"


class Fact(Base):
    """One extracted fact (an email, a retention period…) with its provenance: URL, quote and locator.

    ``page_id`` and ``document_id`` are indexed although nobody queries by them often: PostgreSQL looks
    them up on every cascaded delete, and pruning an old sweep would otherwise scan the table per page.
    """

    __tablename__ = "fact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_crawl_id: Mapped[int] = mapped_column(ForeignKey("site_crawl.id", ondelete="CASCADE"), index=True)
    page_id: Mapped[int | None] = mapped_column(ForeignKey("page.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    value: Mapped[Any] = mapped_column(JSONType)
    url: Mapped[str] = mapped_column(String(URL_LENGTH))
    quote: Mapped[str] = mapped_column(Text)
    locator: Mapped[str] = mapped_column(String)
    extractor: Mapped[str] = mapped_column(String)
    extractor_version: Mapped[str] = mapped_column(String)

    site_crawl: Mapped[SiteCrawl] = relationship(back_populates="facts")
    page: Mapped[Page | None] = relationship(back_populates="facts")
    document: Mapped[Document | None] = relationship(back_populates="facts")

    def __repr__(self) -> str:
        return f"Fact(id={self.id!r}, kind={self.kind!r}, value={self.value!r})"


class AuditRun(Base):
    """One scoring of a sweep's stored facts under a rule pack version, profile and audit date."""

    __tablename__ = "audit_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweep.id", ondelete="CASCADE"), index=True)
    rulepack_version: Mapped[str] = mapped_column(String)
    profile: Mapped[str] = mapped_column(String, default="default")
    as_of: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sweep: Mapped[Sweep] = relationship(back_populates="audit_runs")
    site_scores: Mapped[list[SiteScore]] = relationship(
        back_populates="audit_run", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"AuditRun(id={self.id!r}, rulepack={self.rulepack_version!r}, as_of={self.as_of!r})"


class SiteScore(Base):
    """The audit verdict for one crawled site in an audit run; `result` is the CLI's site-result JSON."""

    __tablename__ = "site_score"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_run_id: Mapped[int] = mapped_column(ForeignKey("audit_run.id", ondelete="CASCADE"), index=True)
    site_crawl_id: Mapped[int] = mapped_column(ForeignKey("site_crawl.id", ondelete="CASCADE"), index=True)
    authority_gss: Mapped[str | None] = mapped_column(ForeignKey("authority.gss_code"))
    score: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(1))
    coverage: Mapped[float] = mapped_column(Float)
    spoc: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    cctv_pages: Mapped[list[str]] = mapped_column(JSONType, default=list)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType)

    audit_run: Mapped[AuditRun] = relationship(back_populates="site_scores")
    site_crawl: Mapped[SiteCrawl] = relationship(back_populates="site_scores")
    authority: Mapped[Authority | None] = relationship()
    rule_results: Mapped[list[RuleResult]] = relationship(
        back_populates="site_score",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RuleResult.code",
    )

    def __repr__(self) -> str:
        return f"SiteScore(id={self.id!r}, score={self.score!r}, grade={self.grade!r})"


class RuleResult(Base):
    """The outcome of one criterion for one scored site, with its evidence and how to fix it."""

    __tablename__ = "rule_result"
    __table_args__ = (
        UniqueConstraint("site_score_id", "code"),
        CheckConstraint(_in("status", RULE_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_score_id: Mapped[int] = mapped_column(ForeignKey("site_score.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String)
    weight: Mapped[int] = mapped_column(Integer)
    points: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    explanation: Mapped[str] = mapped_column(Text)
    how_to_fix: Mapped[str | None] = mapped_column(Text)

    site_score: Mapped[SiteScore] = relationship(back_populates="rule_results")

    def __repr__(self) -> str:
        return f"RuleResult({self.code!r}, {self.status!r})"
