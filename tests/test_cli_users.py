"""``python -m incidents users``: accounts managed from the command line (the local operator, an admin).
In-process through ``incidents.cli.main`` on a real SQLite file; one real process reads the password
from its standard input."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from incidents.cli import main
from incidents.settings import get_settings
from incidents.store import Store

ROOT = Path(__file__).resolve().parent.parent
PW = "correct horse battery"


@pytest.fixture
def cli(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("ATLAS_SEED", "0")
    get_settings.cache_clear()

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    get_settings.cache_clear()


def test_add_list_passwd_role_disable_enable(cli, sqlite_url):
    assert cli("users", "add", "admin", "--role", "admin", stdin=PW + "\n")[0] == 0
    code, _, err = cli("users", "add", "ana", "--role", "analyst", "--email", "Ana@Example.org", stdin=PW + "\n")
    assert code == 0 and "added ana (analyst)" in err
    code, out, _ = cli("users", "list")
    rows = json.loads(out)
    assert [(r["name"], r["role"], r["disabled"], r["email"]) for r in rows] == [
        ("admin", "admin", False, None), ("ana", "analyst", False, "ana@example.org")]
    assert all(r["created"] and "password" not in json.dumps(r) for r in rows)
    store = Store(sqlite_url)
    assert store.authenticate("ana", PW).role == "analyst"
    assert cli("users", "passwd", "ana", stdin="a brand new secret\n")[0] == 0
    assert store.authenticate("ana", "a brand new secret")
    assert cli("users", "role", "ana", "viewer")[0] == 0 and store.account("ana").role == "viewer"
    assert cli("users", "disable", "ana")[0] == 0 and store.account("ana").disabled
    assert cli("users", "enable", "ana")[0] == 0 and not store.account("ana").disabled
    assert cli("users", "email", "ana", "")[0] == 0 and store.account("ana").email is None


@pytest.mark.parametrize("argv, stdin, code, needle", [
    (["users", "add", "bob", "--role", "analyst"], "short\n", 2, "password: a password needs at least 10"),
    (["users", "add", "bob", "--role", "analyst"], "", 2, "no password"),
    (["users", "add", "bob", "--role", "root"], PW + "\n", 2, "invalid choice: 'root'"),
    (["users", "add", "b b", "--role", "viewer"], PW + "\n", 2, "name: 'b b' is not a user name"),
    (["users", "add", "sso", "--role", "viewer", "--no-password"], "", 2, "give --email"),
    (["users", "passwd", "nobody"], PW + "\n", 1, "no user 'nobody'"),
    (["users", "disable", "nobody"], "", 1, "no user 'nobody'"),
    (["users", "add", "bob", "--role", "analyst", "--password", PW], "", 2, "unrecognized arguments"),
])
def test_bad_input_is_one_line_and_stores_nothing(cli, sqlite_url, argv, stdin, code, needle):
    got, out, err = cli(*argv, stdin=stdin)
    assert got == code and needle in err and len(err.strip().splitlines()) == 1, err
    store = Store(sqlite_url)
    store.migrate()
    assert store.accounts() == []


def test_an_identity_provider_account_has_no_password(cli, sqlite_url):
    assert cli("users", "add", "sso", "--role", "viewer", "--no-password", "--email", "sso@example.org")[0] == 0
    store = Store(sqlite_url)
    assert store.account_by_email("SSO@example.org").name == "sso"
    from incidents.accounts import SignInRefused
    with pytest.raises(SignInRefused):
        store.authenticate("sso", "")


def test_the_last_admin_stays(cli):
    cli("users", "add", "admin", "--role", "admin", stdin=PW + "\n")
    code, _, err = cli("users", "role", "admin", "viewer")
    assert code == 1 and "admin is the last admin" in err


@pytest.mark.slow
def test_a_real_process_reads_the_password_from_stdin_never_argv(sqlite_url):
    env = {**os.environ, "DATABASE_URL": sqlite_url, "ATLAS_SEED": "0"}
    r = subprocess.run([sys.executable, "-m", "incidents", "users", "add", "admin", "--role", "admin"],
                       input=PW + "\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert Store(sqlite_url).authenticate("admin", PW).role == "admin"
