"""Which sign-in a server needs (ATLAS_AUTH and the address it listens on), and the refusal to serve on
a non-loopback address with sign-in off: as a function, as scripts/run.sh's check, and as the app."""
from __future__ import annotations

import pytest

from atlas.access import AccessRefused, address_from_args, is_loopback, main, refusal, sign_in
from incidents.settings import Settings

URL = "sqlite:///unused.sqlite"


@pytest.mark.parametrize("address, loopback", [
    ("localhost", True), ("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("[::1]", True),
    ("0.0.0.0", False), ("::", False), ("", False), (None, False), ("10.0.0.5", False), ("atlas.example.org", False),
])
def test_loopback_addresses(address, loopback):
    assert is_loopback(address) is loopback


@pytest.mark.parametrize("auth, address, expected", [
    ("auto", "localhost", "off"), ("auto", "127.0.0.1", "off"),
    ("auto", "0.0.0.0", "password"), ("auto", None, "password"), ("auto", "10.0.0.5", "password"),
    ("on", "localhost", "password"), ("on", "0.0.0.0", "password"),
    ("off", "localhost", "off"), ("oidc", "0.0.0.0", "oidc"),
])
def test_the_sign_in_a_server_needs(auth, address, expected):
    assert sign_in(Settings(database_url=URL, auth=auth), address) == expected


@pytest.mark.parametrize("address", ["0.0.0.0", None, "192.168.1.20"])
def test_sign_in_off_on_a_non_loopback_address_is_refused_in_one_line(address):
    with pytest.raises(AccessRefused) as e:
        sign_in(Settings(database_url=URL, auth="off"), address)
    text = str(e.value)
    assert len(text.splitlines()) == 1 and text.startswith("refusing to start")
    assert (address or "every interface") in text and "ATLAS_AUTH" in text


def test_a_bad_setting_is_refused():
    assert "ATLAS_AUTH='maybe' is not one of auto, on, off, oidc" in refusal(Settings(database_url=URL, auth="maybe"),
                                                                             "localhost")


def test_settings_read_the_environment():
    s = Settings.from_env({"ATLAS_AUTH": " ON ", "ATLAS_SESSION_HOURS": "0.5"})
    assert (s.auth, s.session_hours) == ("on", 0.5)
    d = Settings.from_env({})
    assert (d.auth, d.session_hours) == ("auto", 12.0)
    for bad in ("0", "-3", "nan", "soon", "inf"):
        assert Settings.from_env({"ATLAS_SESSION_HOURS": bad}).session_hours == 12.0


def test_the_address_streamlit_would_take():
    assert address_from_args(["--server.address", "0.0.0.0"], env={}) == "0.0.0.0"
    assert address_from_args(["--server.port", "9", "--server.address=10.0.0.1"], env={}) == "10.0.0.1"
    assert address_from_args([], env={"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}) == "0.0.0.0"
    assert address_from_args([], env={}) == "localhost"  # the project's .streamlit/config.toml


def test_run_sh_check_refuses_with_one_line_and_says_how_to_make_the_first_admin(monkeypatch, capsys, sqlite_url):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("ATLAS_AUTH", "off")
    assert main(["--server.address", "0.0.0.0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Incident Atlas: refusing to start") and len(err.strip().splitlines()) == 1
    assert main([]) == 0 and capsys.readouterr().err == ""  # loopback (config.toml): the embedded default
    monkeypatch.setenv("ATLAS_AUTH", "auto")
    assert main(["--server.address", "0.0.0.0"]) == 0
    assert "python -m incidents users add admin --role admin" in capsys.readouterr().err
    from incidents.store import Store

    store = Store(sqlite_url)
    store.migrate()
    store.add_user("admin", "correct horse battery", "admin")
    assert main(["--server.address", "0.0.0.0"]) == 0 and capsys.readouterr().err == ""


def test_run_sh_runs_the_check_before_streamlit():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "scripts" / "run.sh").read_text()
    assert script.index('python -m atlas.access "$@"') < script.index("streamlit run")
    assert "set -euo pipefail" in script


def test_the_app_refuses_to_serve_on_a_non_loopback_address_with_sign_in_off(app, monkeypatch):
    from streamlit import config

    from incidents.settings import get_settings

    monkeypatch.setenv("ATLAS_AUTH", "off")
    get_settings.cache_clear()
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        app.run()
    finally:
        config.set_option("server.address", before)
    assert not app.exception
    assert [e.value for e in app.error] == [refusal(Settings(database_url=URL, auth="off"), "0.0.0.0")]
    assert not app.metric and not app.title and not app.get("multiselect")  # no data, no filter
