"""A throw-away PostgreSQL server for the test run (Debian's postgresql package)."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .harness import free_port


def _bin_dir() -> Path | None:
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(cand, "postgres").exists():
            return Path(cand)
    found = shutil.which("postgres")
    return Path(found).parent if found else None


class PostgresServer:
    """initdb + pg_ctl start in a temporary directory; ``url`` is a SQLAlchemy URL."""

    def __init__(self) -> None:
        self.bindir = _bin_dir()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL is not installed: run scripts/test.sh, which installs Debian's postgresql")
        self.tmp = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
        self.datadir = self.tmp / "data"
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:  # postgres refuses to run as root
            self.user = "postgres"
            pw = pwd.getpwnam(self.user)
            os.chown(self.tmp, pw.pw_uid, pw.pw_gid)

    def _run(self, *cmd: str) -> None:
        full = list(cmd)
        if self.user:
            full = ["runuser", "-u", self.user, "--", *full]
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def start(self) -> "PostgresServer":
        self._run(str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", "atlas", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-w", "-t", "60",
                  "-l", str(self.tmp / "log"),
                  "-o", f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        self._run(str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "atlas", "atlas")
        return self

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://atlas@127.0.0.1:{self.port}/atlas"

    def create_database(self, name: str) -> str:
        """A new empty database on this server; returns its URL."""
        self._run(str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "atlas", name)
        return f"postgresql+psycopg://atlas@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        for _ in range(20):
            try:
                shutil.rmtree(self.tmp)
                return
            except OSError:
                time.sleep(0.1)
