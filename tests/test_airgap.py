"""The dashboard starts and serves without reaching for any address outside this machine, and listens
on the loopback address unless told otherwise (.streamlit/config.toml)."""
from __future__ import annotations

import textwrap
import urllib.request

import pytest

from tests.support.harness import StreamlitServer

pytestmark = pytest.mark.slow

#: Loaded by every Python process started with it on PYTHONPATH: records (and refuses) any name
#: lookup or connection that is not for this machine.
SITECUSTOMIZE = textwrap.dedent('''
    import os, socket

    _log = os.environ["ATLAS_OUTSIDE_LOG"]
    _local = ("localhost", "::1", "0.0.0.0", "::")

    def _outside(host):
        if not isinstance(host, str) or host.startswith("127.") or host in _local or host.startswith("/"):
            return False
        with open(_log, "a") as fh:
            fh.write(host + "\\n")
        return True

    _connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def connect(self, address):
        if isinstance(address, tuple) and _outside(address[0]):
            raise OSError("outside connections are refused in this test")
        return _connect(self, address)

    def connect_ex(self, address):
        if isinstance(address, tuple) and _outside(address[0]):
            return 111
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if _outside(host):
            raise socket.gaierror("outside names are refused in this test")
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
''')


def test_the_server_starts_and_serves_without_reaching_outside(tmp_path, monkeypatch):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE)
    outside = tmp_path / "outside.log"
    outside.write_text("")
    log = tmp_path / "streamlit.log"
    server = StreamlitServer(f"sqlite:///{tmp_path / 'atlas.sqlite'}", address=None, log_path=log,
                             env={"PYTHONPATH": str(hook), "ATLAS_OUTSIDE_LOG": str(outside)})
    server.url = f"http://localhost:{server.port}"
    server.start()
    try:
        with urllib.request.urlopen(server.url + "/", timeout=10) as r:
            assert r.status == 200
    finally:
        server.stop()
    text = log.read_text()
    assert "URL: http://localhost:" in text, text
    assert "External URL" not in text and "Network URL" not in text, text
    assert outside.read_text() == "", f"the server reached for outside addresses: {outside.read_text()}"
