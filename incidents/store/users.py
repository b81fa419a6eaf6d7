"""The users table (see :mod:`incidents.accounts`): accounts written and read on a connection.

Writes run inside ``Store._begin(need="admin")``; nothing here checks a role itself.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import sqlalchemy as sa

from ..accounts import (Account, AccountExists, NoSuchAccount, check_name, check_role, hash_password)
from ..errors import ValidationError
from .bulk import utcnow
from .schema import users


def _account(row: Mapping[str, Any]) -> Account:
    return Account(name=row["name"], role=row["role"], disabled=bool(row["disabled"]), email=row["email"],
                   created_at=row["created_at"], updated_at=row["updated_at"],
                   password_set_at=row["password_set_at"])


def _email(email: str | None) -> str | None:
    e = (email or "").strip().lower()
    if not e:
        return None
    if "@" not in e or len(e) > 320 or any(c.isspace() for c in e):
        raise ValidationError("email", f"{email!r} is not an e-mail address")
    return e


def add(conn: sa.Connection, name: str, password: str | None, role: str, email: str | None = None) -> Account:
    """A new account (``password`` None: one that signs in only through an identity provider)."""
    name, role, email = check_name(name), check_role(role), _email(email)
    hashed = hash_password(password) if password is not None else None
    if conn.execute(sa.select(users.c.name).where(users.c.name == name)).first():
        raise AccountExists(f"there is already a user {name!r}")
    if email and conn.execute(sa.select(users.c.name).where(users.c.email == email)).first():
        raise AccountExists(f"another user already has the e-mail {email}")
    now = utcnow()
    conn.execute(users.insert().values(name=name, password_hash=hashed, role=role, disabled=False, email=email,
                                       created_at=now, updated_at=now, password_set_at=now if hashed else None))
    return get(conn, name)  # type: ignore[return-value]


def update(conn: sa.Connection, name: str, *, password: str | None = None, role: str | None = None,
           disabled: bool | None = None, email: str | None = None) -> Account:
    """Change an account: a new password, role, disabled flag or e-mail (``""`` clears it)."""
    if get(conn, name) is None:
        raise NoSuchAccount(f"no user {name!r}")
    now = utcnow()
    values: dict[str, Any] = {"updated_at": now}
    if password is not None:
        values.update(password_hash=hash_password(password), password_set_at=now)
    if role is not None:
        values["role"] = check_role(role)
    if disabled is not None:
        values["disabled"] = bool(disabled)
    if email is not None:
        values["email"] = _email(email)
        if values["email"] and conn.execute(sa.select(users.c.name).where(
                users.c.email == values["email"], users.c.name != name)).first():
            raise AccountExists(f"another user already has the e-mail {values['email']}")
    conn.execute(users.update().where(users.c.name == name).values(**values))
    return get(conn, name)  # type: ignore[return-value]


def get(conn: sa.Connection, name: str) -> Account | None:
    row = conn.execute(sa.select(users).where(users.c.name == (name or "").strip())).mappings().first()
    return _account(row) if row else None


def by_email(conn: sa.Connection, email: str) -> Account | None:
    e = (email or "").strip().lower()
    if not e:
        return None
    row = conn.execute(sa.select(users).where(users.c.email == e)).mappings().first()
    return _account(row) if row else None


def password_hash(conn: sa.Connection, name: str) -> tuple[Account | None, str | None]:
    """The account and its password hash (only sign-in reads the hash)."""
    row = conn.execute(sa.select(users).where(users.c.name == (name or "").strip())).mappings().first()
    return (_account(row), row["password_hash"]) if row else (None, None)


def all_accounts(conn: sa.Connection) -> list[Account]:
    return [_account(r) for r in conn.execute(sa.select(users).order_by(users.c.name)).mappings()]


def count_admins(conn: sa.Connection, *, besides: str | None = None) -> int:
    """Enabled admins (other than ``besides``)."""
    q = sa.select(sa.func.count()).select_from(users).where(users.c.role == "admin", users.c.disabled == sa.false())
    if besides is not None:
        q = q.where(users.c.name != besides)
    return int(conn.execute(q).scalar_one())


def when(value: dt.datetime | None) -> str:
    """A stored time as ISO text (SQLite returns naive UTC)."""
    if value is None:
        return ""
    return (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).isoformat(timespec="seconds")
