"""The simulated national web as the application uses it: build it once into a cache, serve it, sweep it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

CACHE_ENV = "CCTV_AUDIT_CACHE"
DEFAULT_SEED = 7
DEFAULT_AS_OF = date(2026, 11, 29)


def default_web_dir() -> Path:
    """``$CCTV_AUDIT_CACHE/simweb``, else ``~/.cache/cctv-audit/simweb`` (never inside the repository)."""
    base = os.environ.get(CACHE_ENV) or os.path.join(os.path.expanduser("~"), ".cache", "cctv-audit")
    return Path(base) / "simweb"


def is_built(web_dir: Path, seed: int, as_of: date) -> bool:
    manifest = web_dir / "manifest.json"
    if not manifest.exists():
        return False
    data = json.loads(manifest.read_text())
    from fixtures.simweb.build import generator_fingerprint

    return bool(
        data.get("seed") == seed
        and data.get("as_of") == as_of.isoformat()
        and data.get("fingerprint") == generator_fingerprint()
    )


def ensure_web(web_dir: Path, seed: int = DEFAULT_SEED, as_of: date = DEFAULT_AS_OF, rebuild: bool = False) -> bool:
    """Build the simulated web into ``web_dir`` unless the same seed and date, built by the same generator
    (its source fingerprint), are already there.

    Returns whether it was built now.
    """
    if not rebuild and is_built(web_dir, seed, as_of):
        return False
    from fixtures.simweb.build import build_web

    build_web(web_dir, seed=seed, as_of=as_of)
    return True


@contextmanager
def serving(web_dir: Path, latency: float = 0.0) -> Iterator[str]:
    """Serve ``web_dir`` from a separate process (the crawl keeps this one's core) and yield its proxy URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "fixtures.server", "--web", str(web_dir), "--port", "0", "--latency", str(latency)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        proxy = None
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("proxy: "):
                proxy = line.split(" ", 1)[1].strip()
                break
        if proxy is None:
            raise RuntimeError("the simulated web server did not start")
        yield proxy
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def proxied(proxy_url: str) -> Iterator[None]:
    """Route this process's HTTP(S) clients through ``proxy_url`` (how the simulated web stands in)."""
    saved = {k: os.environ.get(k) for k in ("http_proxy", "https_proxy", "no_proxy", "NO_PROXY")}
    os.environ["http_proxy"] = os.environ["https_proxy"] = proxy_url
    os.environ.pop("no_proxy", None)
    os.environ.pop("NO_PROXY", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
