"""Accounts and roles: who may read, write and manage an Incident Atlas.

Roles, each with the rights of those before it:

- ``viewer``: read and export;
- ``analyst``: add, edit, link and import records;
- ``admin``: manage users, delete records, set the database up (migrate, seed).

The store checks the role of the account it is bound to at its one write gate (``Store._begin``);
this module holds what that check and the sign-in need: the role order, password hashing (argon2id,
``argon2-cffi``), name and password rules, and the typed errors. The users table itself is written
and read in :mod:`incidents.store.users`.
"""
from __future__ import annotations

import datetime as dt
import getpass
import re
from dataclasses import dataclass
from typing import Literal

from .errors import AtlasError, PermissionDenied, ValidationError

Role = Literal["viewer", "analyst", "admin"]
#: The roles, least rights first: a role may do whatever the ones before it may.
ROLES: tuple[Role, ...] = ("viewer", "analyst", "admin")
#: What each role may do (for the README, the CLI's help and the admin page).
ROLE_RIGHTS: dict[str, str] = {
    "viewer": "read and export",
    "analyst": "read, export; add, edit, link and import records",
    "admin": "everything an analyst may; manage users, delete records, set the database up",
}
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")

__all__ = ["Role", "ROLES", "ROLE_RIGHTS", "Account", "AccountError", "AccountExists", "NoSuchAccount",
           "SignInRefused", "PermissionDenied", "may", "check_role", "check_name", "check_password",
           "hash_password", "verify_password", "local_operator", "MIN_PASSWORD"]


class AccountError(AtlasError):
    """An account cannot be created, changed or used."""


class NoSuchAccount(AccountError, LookupError):
    """No account of this name (or e-mail)."""


class AccountExists(AccountError):
    """An account of this name (or e-mail) already exists."""


class SignInRefused(AccountError):
    """Wrong name or password, a disabled account, or an e-mail no account has. One message for all:
    a refusal does not tell which accounts exist."""

    def __init__(self, message: str = "wrong user name or password, or the account is disabled") -> None:
        super().__init__(message)


@dataclass(frozen=True)
class Account:
    """A user as the store knows them (never the password hash)."""

    name: str
    role: Role
    disabled: bool = False
    email: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    #: When the password was last set: a session signed in before a reset ends.
    password_set_at: dt.datetime | None = None


def may(role: str | None, need: str) -> bool:
    """True when ``role`` has the rights of ``need`` (no role: no rights at all)."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(check_role(need))  # type: ignore[arg-type]


def check_role(role: str) -> Role:
    """The role named, or ValidationError naming the roles there are."""
    r = (role or "").strip().lower()
    if r not in ROLES:
        raise ValidationError("role", f"{role!r} is not a role: use one of {', '.join(ROLES)}")
    return r  # type: ignore[return-value]


def check_name(name: str) -> str:
    """A user name: 1–64 letters, digits and ``. _ @ + -``, starting with a letter or digit."""
    n = (name or "").strip()
    if not _NAME.match(n):
        raise ValidationError("name", f"{name!r} is not a user name: 1–64 letters, digits or . _ @ + -, "
                                      "starting with a letter or digit")
    return n


def check_password(password: str) -> str:
    """A password of at least :data:`MIN_PASSWORD` characters (and at most 1024)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ValidationError("password", f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise ValidationError("password", f"a password has at most {MAX_PASSWORD} characters")
    if "\x00" in password:
        raise ValidationError("password", "a password cannot hold a NUL character")
    return password


def _hasher():  # noqa: ANN202
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id, the library's current recommended parameters


def hash_password(password: str) -> str:
    """The argon2id hash of a password (salted; ``$argon2id$…``), after :func:`check_password`."""
    return _hasher().hash(check_password(password))


#: Verified when no account has the name given, so a refusal takes as long either way.
_DUMMY_HASH: list[str] = []


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``password_hash`` (False for any mismatch or a broken hash)."""
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if password_hash is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(_hasher().hash("not a password of anyone"))
        password_hash, password = _DUMMY_HASH[0], password + "\x01"
    try:
        return bool(_hasher().verify(password_hash, password or ""))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def local_operator() -> str:
    """Who a store opened on this machine acts as (the CLI; the dashboard with sign-in off):
    ``local:<OS user>``, with the admin role."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return f"local:{who}"
