"""A PostgreSQL server for the tests: ``CABLETRAIL_TEST_POSTGRES`` (a DSN of a role that may
create databases), else a throwaway server started from the local PostgreSQL binaries
(Debian's ``postgresql``; ``.ci/run`` installs it). Each test gets a database of its own.

Without either the PostgreSQL tests are skipped, loudly, unless CABLETRAIL_REQUIRE_POSTGRES=1
(CI sets it), which makes them fail instead."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ENV_DSN = "CABLETRAIL_TEST_POSTGRES"
ENV_REQUIRE = "CABLETRAIL_REQUIRE_POSTGRES"


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def unavailable(reason: str) -> None:
    message = f"POSTGRESQL TESTS SKIPPED: {reason}"
    if os.environ.get(ENV_REQUIRE) == "1":
        pytest.fail(f"{message} (and {ENV_REQUIRE}=1)")
    pytest.skip(message)


@contextlib.contextmanager
def server() -> Iterator[str]:
    """The DSN of a server whose role may create databases."""
    if os.environ.get(ENV_DSN):
        yield os.environ[ENV_DSN]
        return
    bin_dir = _binaries()
    if bin_dir is None:
        unavailable(f"no PostgreSQL binaries; set {ENV_DSN} or install Debian's postgresql")
    assert bin_dir is not None
    root = Path(tempfile.mkdtemp(prefix="cabletrail-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    data = root / "data"
    try:
        subprocess.run(
            [
                *run_as,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *run_as,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-l",
                str(root / "log"),
                "-o",
                f"-k {root} -c listen_addresses='' -c fsync=off -c max_connections=200",
                "start",
            ],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        detail = getattr(exc, "stderr", b"") or b""
        unavailable(f"could not start a local server ({exc}; {detail.decode(errors='replace')})")
    try:
        yield f"postgresql://postgres@/postgres?host={root}"
    finally:
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def with_database(admin_dsn: str, name: str) -> str:
    """A ``postgresql://`` URL like ``admin_dsn`` but for database ``name``."""
    from urllib.parse import quote

    from psycopg.conninfo import conninfo_to_dict

    params = {k: str(v) for k, v in conninfo_to_dict(admin_dsn).items() if v is not None}
    user = quote(params.pop("user", ""), safe="")
    password = params.pop("password", "")
    auth = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = params.pop("host", "")
    port = params.pop("port", "")
    params.pop("dbname", None)
    if host.startswith("/"):  # a socket folder goes in the query
        params["host"] = host
        host = ""
    netloc = auth + host + (f":{port}" if port and host else "")
    query = "&".join(f"{k}={quote(v, safe='/')}" for k, v in params.items())
    return f"postgresql://{netloc}/{name}" + (f"?{query}" if query else "")


@contextlib.contextmanager
def database(admin_dsn: str, template: str | None = None) -> Iterator[str]:
    """A fresh database on the server, empty or a copy of database ``template``; dropped
    afterwards."""
    import psycopg

    name = f"cabletrail_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
    try:
        yield with_database(admin_dsn, name)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_name(dsn: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    return str(conninfo_to_dict(dsn)["dbname"])
