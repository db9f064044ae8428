"""Initial schema: register, crawl, extraction and audit tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 05:30:28.706869

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# JSON on SQLite, JSONB on PostgreSQL (indexable, compact, compares by value).
JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "authority",
        sa.Column("gss_code", sa.String(length=9), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("nation", sa.String(), nullable=False),
        sa.Column("region", sa.String(), nullable=True),
        sa.Column("homepage", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("gss_code", name=op.f("pk_authority")),
    )
    op.create_table(
        "sweep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("options", JSON_TYPE, nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('check', 'sweep')", name=op.f("ck_sweep_kind")),
        sa.CheckConstraint("status IN ('running', 'done', 'interrupted')", name=op.f("ck_sweep_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sweep")),
    )
    op.create_table(
        "audit_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("rulepack_version", sa.String(), nullable=False),
        sa.Column("profile", sa.String(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sweep_id"], ["sweep.id"], name=op.f("fk_audit_run_sweep_id_sweep"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_run")),
    )
    op.create_index(op.f("ix_audit_run_sweep_id"), "audit_run", ["sweep_id"], unique=False)

    op.create_table(
        "site_crawl",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("authority_gss", sa.String(length=9), nullable=True),
        sa.Column("homepage", sa.String(length=2048), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("trail", JSON_TYPE, nullable=False),
        sa.CheckConstraint(
            "outcome IN ('complete', 'partial', 'blocked', 'robots_disallowed', 'unreachable', 'timeout')",
            name=op.f("ck_site_crawl_outcome"),
        ),
        sa.CheckConstraint("status IN ('pending', 'running', 'done')", name=op.f("ck_site_crawl_status")),
        sa.ForeignKeyConstraint(
            ["authority_gss"], ["authority.gss_code"], name=op.f("fk_site_crawl_authority_gss_authority")
        ),
        sa.ForeignKeyConstraint(
            ["sweep_id"], ["sweep.id"], name=op.f("fk_site_crawl_sweep_id_sweep"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_crawl")),
        sa.UniqueConstraint("sweep_id", "homepage", name=op.f("uq_site_crawl_sweep_id_homepage")),
    )
    op.create_index(op.f("ix_site_crawl_sweep_id"), "site_crawl", ["sweep_id"], unique=False)

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_crawl_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("final_url", sa.String(length=2048), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(), nullable=True),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("referrer", sa.String(length=2048), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("error", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_crawl_id"],
            ["site_crawl.id"],
            name=op.f("fk_document_site_crawl_id_site_crawl"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("site_crawl_id", "url", name=op.f("uq_document_site_crawl_id_url")),
    )
    op.create_index(op.f("ix_document_site_crawl_id"), "document", ["site_crawl_id"], unique=False)

    op.create_table(
        "page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_crawl_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("final_url", sa.String(length=2048), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(), nullable=True),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("referrer", sa.String(length=2048), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        sa.Column("link_score", sa.Float(), nullable=True),
        sa.Column("link_reasons", JSON_TYPE, nullable=True),
        sa.ForeignKeyConstraint(
            ["site_crawl_id"],
            ["site_crawl.id"],
            name=op.f("fk_page_site_crawl_id_site_crawl"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page")),
        sa.UniqueConstraint("site_crawl_id", "url", name=op.f("uq_page_site_crawl_id_url")),
    )
    op.create_index(op.f("ix_page_site_crawl_id"), "page", ["site_crawl_id"], unique=False)

    op.create_table(
        "site_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_run_id", sa.Integer(), nullable=False),
        sa.Column("site_crawl_id", sa.Integer(), nullable=False),
        sa.Column("authority_gss", sa.String(length=9), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("grade", sa.String(length=1), nullable=True),
        sa.Column("coverage", sa.Float(), nullable=False),
        sa.Column("spoc", JSON_TYPE, nullable=True),
        sa.Column("cctv_pages", JSON_TYPE, nullable=False),
        sa.Column("result", JSON_TYPE, nullable=True),
        sa.ForeignKeyConstraint(
            ["audit_run_id"],
            ["audit_run.id"],
            name=op.f("fk_site_score_audit_run_id_audit_run"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["authority_gss"], ["authority.gss_code"], name=op.f("fk_site_score_authority_gss_authority")
        ),
        sa.ForeignKeyConstraint(
            ["site_crawl_id"],
            ["site_crawl.id"],
            name=op.f("fk_site_score_site_crawl_id_site_crawl"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_score")),
    )
    op.create_index(op.f("ix_site_score_audit_run_id"), "site_score", ["audit_run_id"], unique=False)
    op.create_index(op.f("ix_site_score_site_crawl_id"), "site_score", ["site_crawl_id"], unique=False)

    op.create_table(
        "fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_crawl_id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("value", JSON_TYPE, nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("locator", sa.String(), nullable=False),
        sa.Column("extractor", sa.String(), nullable=False),
        sa.Column("extractor_version", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_fact_document_id_document"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["page_id"], ["page.id"], name=op.f("fk_fact_page_id_page"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["site_crawl_id"],
            ["site_crawl.id"],
            name=op.f("fk_fact_site_crawl_id_site_crawl"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact")),
    )
    op.create_index(op.f("ix_fact_document_id"), "fact", ["document_id"], unique=False)
    op.create_index(op.f("ix_fact_kind"), "fact", ["kind"], unique=False)
    op.create_index(op.f("ix_fact_page_id"), "fact", ["page_id"], unique=False)
    op.create_index(op.f("ix_fact_site_crawl_id"), "fact", ["site_crawl_id"], unique=False)

    op.create_table(
        "rule_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_score_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("evidence", JSON_TYPE, nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("how_to_fix", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('met', 'partly', 'not_met', 'n/a', 'unknown')", name=op.f("ck_rule_result_status")
        ),
        sa.ForeignKeyConstraint(
            ["site_score_id"],
            ["site_score.id"],
            name=op.f("fk_rule_result_site_score_id_site_score"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_result")),
        sa.UniqueConstraint("site_score_id", "code", name=op.f("uq_rule_result_site_score_id_code")),
    )
    op.create_index(op.f("ix_rule_result_site_score_id"), "rule_result", ["site_score_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    # Dropping a table drops its indexes; children first.
    op.drop_table("rule_result")
    op.drop_table("fact")
    op.drop_table("site_score")
    op.drop_table("page")
    op.drop_table("document")
    op.drop_table("site_crawl")
    op.drop_table("audit_run")
    op.drop_table("sweep")
    op.drop_table("authority")
