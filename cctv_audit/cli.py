"""The ``cctv-audit`` command line: thin commands over the library functions."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cctv_audit.register import RegisterError, load_register, packaged_register

logger = logging.getLogger(__name__)

DB_OPTION = click.option(
    "--db",
    "db_url",
    envvar="CCTV_AUDIT_DB",
    default=None,
    metavar="URL",
    help="Database URL (default: sqlite:///cctv-audit.db; also $CCTV_AUDIT_DB). "
    "PostgreSQL: postgresql+psycopg://user@host/dbname",
)


EVIDENCE_OPTION = click.option(
    "--evidence",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CCTV_AUDIT_EVIDENCE",
    default=None,
    help="Directory for the WARC files of every response (default ./cctv-audit-evidence; $CCTV_AUDIT_EVIDENCE).",
)


REDIS_OPTION = click.option(
    "--redis",
    "redis_url",
    envvar="CCTV_AUDIT_REDIS",
    default=None,
    metavar="URL",
    help="Redis URL of a distributed sweep's shared queue, e.g. redis://127.0.0.1:6379/0 (also $CCTV_AUDIT_REDIS).",
)
LEASE_OPTION = click.option(
    "--lease",
    "lease_seconds",
    type=click.FloatRange(1),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="With --redis: a worker silent this long is taken for dead and its sites are crawled by the others.",
)
CONCURRENT_SITES_OPTION = click.option(
    "--concurrent-sites",
    type=click.IntRange(1, 1000),
    default=32,
    show_default=True,
    metavar="N",
    help="With --redis: sites each worker crawls at once (one request in flight per site).",
)
EXTRACT_WORKERS_OPTION = click.option(
    "--extract-workers",
    type=click.IntRange(0, 64),
    default=None,
    metavar="N",
    help="Processes that parse pages and extract facts beside the crawl (default: one per spare core, at most 4; "
    "0: in the crawl's own process).",
)
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_AGE_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _age(ctx: click.Context, param: click.Parameter, value: str | None) -> timedelta | None:
    if value is None:
        return None
    found = _AGE.match(value)
    if not found:
        raise click.BadParameter("use a number and a unit (s, m, h, d or w), e.g. 7d or 36h")
    return timedelta(**{_AGE_UNITS[found[2]]: float(found[1])})


def note(message: str) -> None:
    """A message for the operator on stderr: plain text, or a log record when logs are JSON (one object a line)."""
    from cctv_audit.logs import structured_logs

    if structured_logs():
        logger.warning(message)
    else:
        click.echo(message, err=True)


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter("use the form YYYY-MM-DD, e.g. 2026-11-29") from None


def crawl_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options every crawling command shares: audit date, budget, depth, politeness, evidence."""
    for option in reversed(
        [
            click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD",
                         help="Judge as of this date (default: today)."),
            click.option("--max-pages", type=click.IntRange(1, 100000), default=200, show_default=True,
                         help="Most requests to make to each site."),
            click.option("--max-depth", type=click.IntRange(0, 50), default=5, show_default=True,
                         help="Most links to follow from the homepage."),
            click.option("--delay", type=click.FloatRange(0), default=1.0, show_default=True,
                         help="Seconds between requests to one host (0 for local test webs)."),
            EVIDENCE_OPTION,
            click.option("--profile", default="default", show_default=True,
                         help="Rule profile: default (the national audit) or self-check."),
        ]
    ):  # fmt: skip
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-v info, -vv debug).")
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default=None,
    help="json: every line on stderr is one JSON object (for log collectors; also $CCTV_AUDIT_LOG_FORMAT).",
)
@click.version_option(package_name="cctv-audit")
def cli(verbose: int, log_format: str | None) -> None:
    """Audit what councils in England and Wales publish about their surveillance cameras.

    \b
    Example:
      cctv-audit check https://www.bromsgrove.gov.uk/
      cctv-audit --log-format json sweep --if-older-than 7d
    """
    from cctv_audit.logs import configure_logging

    configure_logging(verbose, log_format)


@cli.command()
@click.argument("url", required=False)
@click.option(
    "--file",
    "draft",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Audit a local draft page or document (HTML, PDF, DOCX, ODT) instead of a website.",
)
@click.option(
    "--nation",
    type=click.Choice(["England", "Wales"]),
    default=None,
    help="With --file: the council's nation (Welsh-language criterion C24 applies in Wales only).",
)
@DB_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "html"]),
    default="table",
    show_default=True,
    help="table: a report card for people; json: the site-result JSON only, on stdout; "
    "html: a single-file report card written to --out.",
)
@click.option(
    "--out",
    "card_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --format html: the file to write (default report-card-<GSS code or host>.html).",
)
@crawl_options
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="SCORE",
    help="Exit with status 1 if the score is below SCORE (or the site could not be assessed).",
)
def check(
    url: str | None,
    draft: Path | None,
    nation: str | None,
    db_url: str | None,
    fmt: str,
    card_out: Path | None,
    as_of: date | None,
    max_pages: int,
    max_depth: int,
    delay: float,
    evidence: Path | None,
    profile: str,
    fail_under: float | None,
) -> None:
    """Crawl one council website now, audit it and print its report card.

    Everything is stored in the database. Exit status: 0 when the check ran; 1 when --fail-under is given
    and the score is below it or the site could not be assessed; 2 for a usage error.

    \b
    Examples:
      cctv-audit check https://www.bromsgrove.gov.uk/
      cctv-audit check https://www.bromsgrove.gov.uk/ --format json --as-of 2026-11-29
      cctv-audit check https://www.bromsgrove.gov.uk/ --format html --out bromsgrove.html
      http_proxy=http://127.0.0.1:8899 cctv-audit check http://www.bromsgrove.gov.uk/ --delay 0
      cctv-audit check https://www.mycouncil.gov.uk/ --fail-under 65   # in an automated check
      cctv-audit check --file draft-cctv-page.html --nation Wales      # before publishing
    """
    from cctv_audit.checking import CheckError, check_file, run_check
    from cctv_audit.render import render_table
    from cctv_audit.sweeping import CrawlOptions
    from storage.evidence import EvidenceStore

    options = CrawlOptions(max_pages=max_pages, max_depth=max_depth, delay=delay, as_of=as_of, profile=profile)
    if (url is None) == (draft is None):
        raise click.UsageError("give a website URL or --file PATH (one of them)")
    if draft is not None:
        try:
            results = [check_file(draft, options, nation)]
        except CheckError as exc:
            raise click.UsageError(str(exc)) from None
    else:
        results = run_check(str(url), db_url, options, EvidenceStore(evidence))
    result = results[0]
    crawl = result["crawl"]
    if crawl["outcome"] not in ("complete", "partial"):
        note(f"cctv-audit: {url or draft}: could not be crawled ({crawl['outcome']}): {crawl['reason']}")
    if len(results) > 1:
        names = ", ".join(r["authority"]["name"] for r in results)
        note(f"cctv-audit: this website is shared by {names}; all are stored")
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    elif fmt == "html":
        path = write_card(result, card_out, db_url, stored=draft is None)
        note(f"cctv-audit: report card written to {path}")
    else:
        render_table(result, Console())
    if fail_under is not None and (result["score"] is None or result["score"] < fail_under):
        shown = "not assessed" if result["score"] is None else f"{result['score']:.1f}"
        note(f"cctv-audit: score {shown} is below --fail-under {fail_under:g}")
        sys.exit(1)


@cli.command()
@DB_OPTION
@click.option("--only", "only", multiple=True, metavar="GSS", help="Sweep only these authorities (repeatable).")
@click.option(
    "--authorities",
    "authorities_csv",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Sweep the authorities listed in this CSV (a register file, or any CSV with a gss_code column).",
)
@click.option("--resume", is_flag=True, help="Finish the latest unfinished sweep instead of starting a new one.")
@crawl_options
@click.option(
    "--strategy",
    type=click.Choice(["focused", "bfs"]),
    default="focused",
    show_default=True,
    help="bfs: plain breadth-first, the baseline the benchmarks measure the focused crawl against.",
)
@click.option(
    "--if-older-than",
    "if_older_than",
    callback=_age,
    metavar="AGE",
    help="For scheduled runs: do nothing (exit 0) if the latest finished sweep is younger than AGE (7d, 36h…); "
    "resume an unfinished sweep started since then rather than start another.",
)
@REDIS_OPTION
@click.option(
    "--workers",
    type=click.IntRange(0, 256),
    default=1,
    show_default=True,
    help="With --redis: worker processes to start on this machine (0: only workers started elsewhere).",
)
@LEASE_OPTION
@CONCURRENT_SITES_OPTION
@EXTRACT_WORKERS_OPTION
def sweep(
    db_url: str | None,
    only: tuple[str, ...],
    authorities_csv: Path | None,
    resume: bool,
    as_of: date | None,
    max_pages: int,
    max_depth: int,
    delay: float,
    evidence: Path | None,
    profile: str,
    strategy: str,
    if_older_than: timedelta | None,
    redis_url: str | None,
    workers: int,
    lease_seconds: float,
    concurrent_sites: int,
    extract_workers: int | None,
) -> None:
    """Crawl and audit every authority in the register (or a selection), many sites at once.

    The site is the unit of work and its state is in the database: kill a sweep at any moment and
    `--resume` finishes it, each site exactly once. With --redis the sites are shared through Redis by
    worker processes on this machine (--workers) and others (`cctv-audit worker`), writing to one database.

    \b
    Examples:
      cctv-audit sweep
      cctv-audit sweep --only E07000234 --only W06000008
      cctv-audit sweep --authorities my_councils.csv --db postgresql+psycopg://postgres@127.0.0.1/cctv_audit
      cctv-audit sweep --resume
      cctv-audit sweep --if-older-than 7d                  # from cron or a systemd timer
      cctv-audit sweep --redis redis://10.0.0.5:6379/0 --db postgresql+psycopg://audit@10.0.0.5/cctv_audit --workers 3
    """
    from cctv_audit.sweep_command import SweepRequest, run_sweep_command

    request = SweepRequest(
        only=set(only),
        authorities_csv=authorities_csv,
        resume=resume,
        as_of=as_of,
        max_pages=max_pages,
        max_depth=max_depth,
        delay=delay,
        evidence=evidence,
        strategy=strategy,
        profile=profile,
        if_older_than=if_older_than,
        redis_url=redis_url,
        workers=workers,
        lease_seconds=lease_seconds,
        concurrent_sites=concurrent_sites,
        extract_workers=extract_workers,
    )
    sys.exit(run_sweep_command(db_url, request).exit_code)


@cli.command()
@REDIS_OPTION
@DB_OPTION
@EVIDENCE_OPTION
@click.option("--sweep", "sweep_id", type=int, default=None, metavar="ID",
              help="The sweep to work on (default: the newest one open to workers in Redis).")  # fmt: skip
@click.option(
    "--wait",
    type=click.FloatRange(0),
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for a sweep to be opened, when there is none yet.",
)
@LEASE_OPTION
@CONCURRENT_SITES_OPTION
@EXTRACT_WORKERS_OPTION
def worker(
    redis_url: str | None,
    db_url: str | None,
    evidence: Path | None,
    sweep_id: int | None,
    wait: float,
    lease_seconds: float,
    concurrent_sites: int,
    extract_workers: int | None,
) -> None:
    """Work on a distributed sweep: claim sites from Redis, crawl and audit them into the shared database.

    Start any number of workers, on any machine that reaches the same Redis, database and evidence directory
    (see docs/operations.md). Each exits when nothing is left queued or held by a live worker; the sites of a
    worker that dies are crawled again by the others. Exit status 75: this worker lost its lease and stopped.

    \b
    Examples:
      cctv-audit worker --redis redis://10.0.0.5:6379/0 --db postgresql+psycopg://audit@10.0.0.5/cctv_audit
      cctv-audit worker --redis redis://10.0.0.5:6379/0 --wait 600 --evidence /mnt/evidence
    """
    from cctv_audit.distributed import run_worker

    if not redis_url:
        raise click.UsageError("give the shared queue with --redis URL (or $CCTV_AUDIT_REDIS)")
    report = run_worker(redis_url, db_url, sweep_id, evidence, lease_seconds, wait, concurrent_sites, extract_workers)
    note(
        f"cctv-audit: worker {report.worker}: {report.sites} sites of sweep {report.sweep_id} in {report.seconds:.1f} s"
    )


@cli.command("prune")
@DB_OPTION
@EVIDENCE_OPTION
@click.option(
    "--keep", type=click.IntRange(0), required=True, metavar="N", help="Keep the evidence of the N newest sweeps."
)
@click.option("--delete-data", is_flag=True, help="Also delete the older sweeps' pages, facts and results.")
def prune_command(db_url: str | None, evidence: Path | None, keep: int, delete_data: bool) -> None:
    """Remove the WARC evidence of old sweeps (and, with --delete-data, their rows).

    \b
    Examples:
      cctv-audit prune --keep 4
      cctv-audit prune --keep 12 --delete-data
    """
    from cctv_audit.database import open_session
    from cctv_audit.pruning import prune
    from storage.evidence import EvidenceStore

    with open_session(db_url) as session:
        report = prune(session, EvidenceStore(evidence), keep, delete_data)
    what = "evidence and data" if delete_data else "evidence"
    click.echo(f"pruned the {what} of {len(report.sweeps)} sweeps; {report.bytes_freed / 1e6:.1f} MB freed")


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Where the database, evidence and results go.",
)
@click.option(
    "--web",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The simulated web's directory (default: $CCTV_AUDIT_CACHE/simweb or ~/.cache/cctv-audit/simweb).",
)
@click.option("--only", multiple=True, metavar="GSS", help="Sweep only these authorities (repeatable).")
def demo(out: Path, web: Path | None, only: tuple[str, ...]) -> None:
    """Build the simulated national web, serve it on loopback, sweep all 339 authorities, show the results.

    \b
    Examples:
      cctv-audit demo
      cctv-audit demo --only E07000234 --only W06000008 --out /tmp/demo
    """
    from cctv_audit.demo import run_demo

    path = run_demo(out, web, only=set(only))
    click.echo(f"\nResults: {(out / 'results.json').resolve()}\nDatabase: {(out / 'cctv-audit.db').resolve()}")
    click.echo(f"Dashboard: {path.resolve()}")


@cli.group()
def fixtures() -> None:
    """The simulated national web: 339 believable council websites with ground truth, on loopback."""


@fixtures.command("build")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory to write (default: $CCTV_AUDIT_CACHE/simweb or ~/.cache/cctv-audit/simweb).",
)
@click.option("--seed", type=int, default=7, show_default=True, help="The same seed always gives the same web.")
@click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD", help="Date the ground truth is judged at.")
def fixtures_build(out: Path | None, seed: int, as_of: date | None) -> None:
    """Generate the simulated web and its ground truth, and print the spread of expected statuses.

    \b
    Example:
      cctv-audit fixtures build --seed 7
    """
    from cctv_audit.simulated import DEFAULT_AS_OF, default_web_dir
    from fixtures.simweb.build import build_web, format_spread, truth_spread

    out = out or default_web_dir()
    report = build_web(out, seed=seed, as_of=as_of or DEFAULT_AS_OF)
    click.echo(str(report))
    click.echo(format_spread(truth_spread(out)))


@fixtures.command("serve")
@click.option(
    "--web",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="The simulated web's directory (default: the cache).",
)
@click.option("--port", type=int, default=8899, show_default=True)
def fixtures_serve(web: Path | None, port: int) -> None:
    """Serve the simulated web as an HTTP origin and forward proxy (HTTPS through CONNECT) until Ctrl-C.

    \b
    Example:
      cctv-audit fixtures serve --port 8899
      # then, in another shell:
      export http_proxy=http://127.0.0.1:8899 https_proxy=http://127.0.0.1:8899
      cctv-audit check https://www.bromsgrove.gov.uk/ --delay 0
    """
    from cctv_audit.simulated import default_web_dir
    from fixtures.server import main as serve

    sys.exit(serve(["--web", str(web or default_web_dir()), "--port", str(port)]))


@cli.command("rescore")
@click.argument("sweep_id", type=int, metavar="SWEEP")
@DB_OPTION
@EVIDENCE_OPTION
@click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD", help="Judge as of this date (default: the sweep's).")
@click.option("--profile", default="default", show_default=True, help="Rule profile.")
def rescore_command(sweep_id: int, db_url: str | None, evidence: Path | None, as_of: date | None, profile: str) -> None:
    """Re-extract and re-audit a sweep's stored pages under the current rule pack, as a new audit run.

    No network: pages are read back from the WARC evidence.

    \b
    Examples:
      cctv-audit rescore 3
      cctv-audit rescore 3 --as-of 2027-04-01
    """
    from audit_rules.loader import load_pack
    from cctv_audit.database import open_session
    from cctv_audit.register import packaged_register
    from cctv_audit.rescoring import rescore
    from cctv_audit.sweeping import CrawlOptions
    from storage.evidence import EvidenceStore
    from storage.models import Sweep

    with open_session(db_url) as session:
        sweep = session.get(Sweep, sweep_id)
        if sweep is None:
            raise click.BadParameter(f"there is no sweep {sweep_id}", param_hint="SWEEP")
        when = as_of or CrawlOptions.from_json(sweep.options).audit_date()
        report = rescore(session, sweep, EvidenceStore(evidence), load_pack(profile), when, packaged_register())
    click.echo(
        f"sweep {sweep_id} rescored as audit run {report.audit_run_id}: {report.sites} sites, "
        f"{report.reparsed} pages and documents re-read, {report.without_evidence} sites without evidence, "
        f"{report.seconds:.1f} s ({report.sites / max(report.seconds, 1e-6):.0f} sites/s)"
    )


@cli.group()
def authorities() -> None:
    """The register of the 339 principal local authorities of England and Wales."""


@authorities.command("list")
@click.option("--nation", type=click.Choice(["England", "Wales"], case_sensitive=False))
@click.option(
    "--type",
    "kind",
    metavar="TYPE",
    help="county, district, unitary, metropolitan_borough, london_borough, city_corporation or welsh_principal_area.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def authorities_list(nation: str | None, kind: str | None, fmt: str) -> None:
    """List the register's authorities.

    \b
    Examples:
      cctv-audit authorities list --nation Wales
      cctv-audit authorities list --type county --format csv
    """
    rows = [
        a
        for a in packaged_register()
        if (not nation or a.nation.lower() == nation.lower()) and (not kind or a.type == kind)
    ]
    if fmt == "json":
        click.echo(json.dumps([a.as_row() for a in rows], indent=2))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["gss_code", "name", "type", "nation", "region", "homepage"])
        for a in rows:
            writer.writerow([a.gss_code, a.name, a.type, a.nation, a.region or "", a.homepage])
    else:
        table = Table("GSS code", "Name", "Type", "Nation", "Region", "Homepage", title=f"{len(rows)} authorities")
        for a in rows:
            table.add_row(a.gss_code, a.name, a.type, a.nation, a.region or "", a.homepage)
        Console().print(table)


@authorities.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def authorities_validate(file: Path) -> None:
    """Check a register CSV: GSS codes, duplicates, types, nations and homepage URLs, naming each bad line.

    \b
    Example:
      cctv-audit authorities validate my_register.csv
    """
    try:
        rows = load_register(file)
    except RegisterError as exc:
        for problem in exc.problems:
            click.echo(f"{file}: {problem}", err=True)
        raise SystemExit(1) from None
    click.echo(f"{file}: {len(rows)} authorities, no problems found")


@cli.group()
def db() -> None:
    """The database: create or upgrade its schema."""


@db.command("upgrade")
@DB_OPTION
def db_upgrade(db_url: str | None) -> None:
    """Create the tables or bring them up to date, and load the register.

    \b
    Examples:
      cctv-audit db upgrade
      cctv-audit db upgrade --db postgresql+psycopg://postgres@127.0.0.1/cctv_audit
    """
    from cctv_audit.database import open_session
    from storage.session import resolve_url

    with open_session(db_url):
        pass
    click.echo(f"database {resolve_url(db_url)} is up to date")


@cli.group()
def rules() -> None:
    """The rule pack: the criteria the audit scores."""


@rules.command("list")
def rules_list() -> None:
    """List the rules with their weights and deliverables.

    \b
    Example:
      cctv-audit rules list
    """
    from audit_rules.loader import load_pack

    pack = load_pack()
    table = Table("Code", "Name", "Weight", "Deliverables", "Title", title=f"Rule pack {pack.version}")
    for rule in pack.rules:
        table.add_row(rule.code, rule.name, str(rule.weight), ", ".join(rule.deliverables), rule.title)
    Console().print(table)


@rules.command("show")
@click.argument("code")
def rules_show(code: str) -> None:
    """Show one rule in full: description, source and how to fix.

    \b
    Example:
      cctv-audit rules show C18
    """
    from audit_rules.loader import load_pack

    pack = load_pack()
    try:
        rule = pack.rule(code.upper())
    except KeyError:
        raise click.BadParameter(f"no rule {code}; try `cctv-audit rules list`", param_hint="CODE") from None
    click.echo(
        f"{rule.code} {rule.name} (weight {rule.weight}; deliverables {', '.join(rule.deliverables)}; "
        f"principles {', '.join(rule.principles)})"
    )
    click.echo(f"\n{rule.title}\n\n{rule.description}\n\nSource: {rule.source}\n\nHow to fix: {rule.how_to_fix}")


def write_card(result: dict[str, Any], out: Path | None, db_url: str | None, stored: bool = True) -> Path:
    """Write a check's single-file HTML report card (with its search trail when the database has it).

    ``stored`` is False for ``--file`` drafts, which are never written to the database.
    """
    from cctv_audit.database import open_session
    from cctv_audit.report.html import render_card
    from cctv_audit.report.model import card_model, single_result_model, slug

    if not stored:
        model = single_result_model(result)
        council = model["councils"][0]
    else:
        with open_session(db_url) as session:
            model, council = card_model(session, result)
    path = out or Path(f"report-card-{slug(result)}.html")
    path.write_text(render_card(model, council), encoding="utf-8")
    return path


SWEEP_OPTION = click.option(
    "--sweep",
    "sweep_id",
    type=int,
    default=None,
    metavar="ID",
    help="The sweep to report (default: the latest national sweep).",
)


@cli.command("report")
@SWEEP_OPTION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("report"),
    show_default=True,
    help="Folder to write the site into (created if missing; files in it are replaced).",
)
@DB_OPTION
@EVIDENCE_OPTION
def report_command(sweep_id: int | None, out: Path, db_url: str | None, evidence: Path | None) -> None:
    """Write the national HTML report, one card per council, and the CSV, JSON and Datasette exports.

    The report is static and works offline: open OUT/index.html in a browser, or publish the folder.
    Archived copies of the evidence are copied from the WARC files into OUT/archive/.

    \b
    Examples:
      cctv-audit report --out report
      cctv-audit report --sweep 12 --out report-2026-q4 --db postgresql+psycopg://postgres@127.0.0.1/cctv_audit
    """
    from cctv_audit.database import open_session
    from cctv_audit.report.build import report
    from cctv_audit.report.model import ReportError
    from storage.evidence import EvidenceStore

    with open_session(db_url) as session:
        try:
            written = report(session, out, sweep_id, EvidenceStore(evidence))
        except ReportError as exc:
            raise click.ClickException(str(exc)) from None
    sweep = written.model["sweep"]
    click.echo(
        f"report of sweep {sweep['id']} ({len(written.model['councils'])} councils, "
        f"{written.archived} archived copies): {(out / 'index.html').resolve()}"
    )


@cli.command("export")
@SWEEP_OPTION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("export"),
    show_default=True,
    help="Folder to write into.",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["csv", "json", "datasette"]),
    multiple=True,
    help="csv: councils.csv; json: results.json and report.json; datasette: cctv-audit.db and metadata.json "
    "(repeatable; default all).",
)
@DB_OPTION
def export_command(sweep_id: int | None, out: Path, formats: tuple[str, ...], db_url: str | None) -> None:
    """Write the exports alone: CSV (one row per council), JSON (site results as stored), Datasette.

    \b
    Examples:
      cctv-audit export --format csv --out exports
      cctv-audit export --format datasette --out publish && datasette publish/cctv-audit.db -m publish/metadata.json
    """
    from cctv_audit.database import open_session
    from cctv_audit.report.build import EXPORT_FORMATS, export
    from cctv_audit.report.model import ReportError

    with open_session(db_url) as session:
        try:
            written = export(session, out, sweep_id, formats or EXPORT_FORMATS)
        except ReportError as exc:
            raise click.ClickException(str(exc)) from None
    for path in written.files:
        click.echo(str(path))


@cli.command("diff")
@click.argument("sweep_a", type=int, metavar="A")
@click.argument("sweep_b", type=int, metavar="B")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html"]), default="table", show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to this file instead of stdout."
)
@DB_OPTION
def diff_command(sweep_a: int, sweep_b: int, fmt: str, out: Path | None, db_url: str | None) -> None:
    """What changed from sweep A to sweep B, per council and criterion: fixed, regressed, new evidence.

    Fixed: a better status (to met, or not met to partly); regressed: a worse one; changes to or from unknown
    or n/a are "not comparable", never counted as better or worse.

    \b
    Examples:
      cctv-audit diff 11 12
      cctv-audit diff 11 12 --format json > changes.json
      cctv-audit diff 11 12 --format html --out changes.html
    """
    from cctv_audit.database import open_session
    from cctv_audit.report.html import render_diff
    from cctv_audit.report.model import ReportError, diff_sweeps
    from cctv_audit.report.terminal import render_diff_table

    with open_session(db_url) as session:
        try:
            diff = diff_sweeps(session, sweep_a, sweep_b)
        except ReportError as exc:
            raise click.ClickException(str(exc)) from None
    if fmt == "table" and out is None:
        render_diff_table(diff, Console())
        return
    if fmt == "table":
        console = Console(record=True, width=140, file=io.StringIO())
        render_diff_table(diff, console)
        text = console.export_text()
    else:
        text = json.dumps(diff, indent=2, ensure_ascii=False) if fmt == "json" else render_diff(diff)
    if out is None:
        click.echo(text)
    else:
        out.write_text(text, encoding="utf-8")
        note(f"cctv-audit: written to {out}")


def main() -> None:
    cli(prog_name="cctv-audit")
