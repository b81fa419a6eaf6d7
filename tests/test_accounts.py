"""Accounts: argon2id hashing and verification, names, passwords and roles."""
import pytest

from incidents.accounts import (ROLES, check_name, check_password, check_role, hash_password, local_operator, may,
                                verify_password)
from incidents.errors import ValidationError


def test_a_password_is_hashed_with_argon2id_salted_and_verified():
    h = hash_password("correct horse battery")
    assert h.startswith("$argon2id$") and "correct horse" not in h
    assert hash_password("correct horse battery") != h  # salted
    assert verify_password(h, "correct horse battery")
    assert not verify_password(h, "correct horse batterY")
    assert not verify_password(h, "")
    assert not verify_password("not a hash", "correct horse battery")
    assert not verify_password(None, "correct horse battery")  # no account: refused, after the same work


@pytest.mark.parametrize("bad", ["short", "", "x" * 1025, "ten chars\x00!"])
def test_a_weak_or_odd_password_is_refused_naming_the_field(bad):
    with pytest.raises(ValidationError) as e:
        check_password(bad)
    assert e.value.field == "password"


def test_names_and_roles():
    assert check_name(" alice.k@org ") == "alice.k@org"
    for bad in ("", "-x", "a b", "x" * 65, "<script>"):
        with pytest.raises(ValidationError, match="name"):
            check_name(bad)
    assert check_role("Analyst") == "analyst"
    with pytest.raises(ValidationError, match="viewer, analyst, admin"):
        check_role("root")


def test_each_role_has_the_rights_of_those_before_it():
    assert ROLES == ("viewer", "analyst", "admin")
    table = {(r, n): may(r, n) for r in (*ROLES, None, "root") for n in ROLES}
    assert table == {
        ("viewer", "viewer"): True, ("viewer", "analyst"): False, ("viewer", "admin"): False,
        ("analyst", "viewer"): True, ("analyst", "analyst"): True, ("analyst", "admin"): False,
        ("admin", "viewer"): True, ("admin", "analyst"): True, ("admin", "admin"): True,
        (None, "viewer"): False, (None, "analyst"): False, (None, "admin"): False,
        ("root", "viewer"): False, ("root", "analyst"): False, ("root", "admin"): False,
    }


def test_the_local_operator_is_named_after_the_os_user(monkeypatch):
    monkeypatch.setenv("LOGNAME", "ops")
    monkeypatch.setenv("USER", "ops")
    assert local_operator() == "local:ops"
