"""The app under test, for the browser tests and the benchmarks alike: a real ``streamlit run`` on a
free localhost port, ready once ``/_stcore/health`` answers "ok", and what Debian's Chromium needs
here (its path, its flags, which hosts count as local)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-gpu", "--no-first-run", "--disable-sync", "--disable-default-apps",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: CSS: the app once Streamlit has finished its script run.
IDLE_APP = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_local(url: str) -> bool:
    """True for a request that stays on this machine (localhost, or data:/blob:/about: URLs)."""
    return url.startswith(("data:", "blob:", "about:")) or (urlparse(url).hostname or "") in LOCAL_HOSTS


class StreamlitServer:
    """``streamlit run <script>`` (the dashboard by default) on a free localhost port.

    ``database_url`` becomes ``DATABASE_URL``; ``env`` adds to the environment; the server's output
    goes to ``log_path``. ``peak_rss_mb`` is the process's peak resident memory (the kernel's VmHWM).
    """

    def __init__(self, database_url: str | None = None, *, script: str = "dashboard.py",
                 env: dict[str, str] | None = None, log_path: Path | None = None,
                 address: str | None = "127.0.0.1") -> None:
        self.script = script
        self.address = address  # None: the project's own setting (.streamlit/config.toml)
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.log_path = log_path
        self._proc: subprocess.Popen | None = None
        self._log: IO[Any] | int = subprocess.DEVNULL

    def start(self, timeout: float = 90) -> "StreamlitServer":
        """Start the server and wait until it is healthy (RuntimeError naming the log otherwise)."""
        self._log = open(self.log_path, "w") if self.log_path else subprocess.DEVNULL
        address = ["--server.address", self.address] if self.address else []
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.script, "--server.headless", "true",
             "--server.port", str(self.port), *address,
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self._proc.returncode}; log: {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200 and r.read().strip() == b"ok":
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy in {timeout}s; log: {self.log_path}")

    @property
    def pid(self) -> int:
        """The streamlit process's id (once started)."""
        if self._proc is None:
            raise RuntimeError("the server is not started")
        return self._proc.pid

    @property
    def peak_rss_mb(self) -> float:
        """Peak resident memory of the server process so far, in MB."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return int(fields["VmHWM"].split()[0]) / 1024

    def stop(self) -> None:
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if not isinstance(self._log, int):
            self._log.close()
            self._log = subprocess.DEVNULL


__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "IDLE_APP", "LOCAL_HOSTS", "ROOT", "StreamlitServer", "free_port", "is_local"]
