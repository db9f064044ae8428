"""Logging for people (text) or for machines (one JSON object per line), always on stderr.

Unattended sweeps (cron, systemd, several workers) are read by log collectors: ``--log-format json`` or
``CCTV_AUDIT_LOG_FORMAT=json`` turns every line on stderr into one JSON object, including the progress lines and
messages a sweep would otherwise print for a person, and Python warnings. Child processes (the local workers of
a distributed sweep) inherit the choice through the environment variable.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any

LOG_FORMAT_ENV = "CCTV_AUDIT_LOG_FORMAT"
LOG_FORMATS = ("text", "json")

# The attributes every LogRecord has; anything else was passed with ``extra=`` and goes into the JSON object.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


def structured_logs() -> bool:
    """Whether logs are JSON lines (and so nothing else may be written to stderr)."""
    return os.environ.get(LOG_FORMAT_ENV, "text").lower() == "json"


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, any ``extra`` fields, and the
    exception with its traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(verbose: int, log_format: str | None = None) -> None:
    """Log to stderr as text or JSON; ``verbose`` 0 shows warnings (JSON: information too), 1 info, 2 debug."""
    if log_format is not None:
        os.environ[LOG_FORMAT_ENV] = log_format  # the local workers of a distributed sweep log the same way
    as_json = structured_logs()
    floor = logging.INFO if as_json else logging.WARNING
    level = [floor, logging.INFO, logging.DEBUG][min(verbose, 2)]
    root = logging.getLogger()
    if not root.handlers:  # as logging.basicConfig: a host that set up logging already (pytest) keeps its own
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter() if as_json else logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(level)
    if as_json:
        logging.captureWarnings(True)  # a warning printed as text would break the one-object-per-line promise
    # Scrapy lowers the root logger's level when a crawl starts; the handlers' own level keeps stderr quiet.
    for handler in root.handlers:
        handler.setLevel(level)
        if not verbose:
            # A site that fails is reported by its crawl outcome; Scrapy's own tracebacks are for -v.
            handler.addFilter(lambda record: not record.name.startswith("scrapy"))
