"""``python -m incidents users add|passwd|role|disable|enable|list``: the accounts of a team's Atlas.

The command line acts as the local operator (``local:<OS user>``, an admin): whoever can run it on
the machine can open the database anyway. A password is never an argument (it would stay in the
shell's history and in the process list): it is asked for twice on a terminal, or read from the first
line of standard input (``printf '%s\\n' "$PW" | python -m incidents users add ana --role analyst``).
"""
from __future__ import annotations

import argparse
import getpass
import sys

from .accounts import MIN_PASSWORD, ROLE_RIGHTS, ROLES, Account, check_password
from .cli import UsageError, print_json


def register(sub: argparse._SubParsersAction) -> None:
    rights = "; ".join(f"{r}: {ROLE_RIGHTS[r]}" for r in ROLES)
    p = sub.add_parser("users", help="manage the accounts that sign in to the dashboard",
                       description=f"Accounts and their roles ({rights}). Passwords are asked for, or read "
                                   "from the first line of standard input; never given as arguments.")
    users = p.add_subparsers(dest="users_command", metavar="ACTION", parser_class=type(p))
    users.required = True
    add = users.add_parser("add", help="a new account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--email", help="the e-mail an identity provider's sign-in (ATLAS_AUTH=oidc) is matched by")
    add.add_argument("--no-password", action="store_true",
                     help="no password: the account signs in only through the identity provider, by --email")
    add.set_defaults(func=_add)
    pw = users.add_parser("passwd", help="set an account's password (its open sessions end)")
    pw.add_argument("name")
    pw.set_defaults(func=_passwd)
    role = users.add_parser("role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    role.set_defaults(func=_role)
    email = users.add_parser("email", help="set (or with '' clear) the e-mail an identity provider signs in by")
    email.add_argument("name")
    email.add_argument("email")
    email.set_defaults(func=_email)
    for action, helptext in (("disable", "an account that can no longer sign in (its open sessions end)"),
                             ("enable", "an account disabled before, able to sign in again")):
        d = users.add_parser(action, help=helptext)
        d.add_argument("name")
        d.set_defaults(func=_disable if action == "disable" else _enable)
    ls = users.add_parser("list", help="every account: name, role, disabled, e-mail, created, updated (JSON)")
    ls.set_defaults(func=_list)


def read_password(prompt: str = "Password") -> str:
    """A new password: asked twice on a terminal, else the first line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(f"{prompt} (at least {MIN_PASSWORD} characters): ")
        check_password(first)
        if getpass.getpass(f"{prompt} again: ") != first:
            raise UsageError("the two passwords differ")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise UsageError("no password: type it at the prompt, or give it on the first line of standard input")
    return line.rstrip("\r\n")


def _store():  # noqa: ANN202
    from .store import Store

    return Store.open()


def _row(a: Account) -> dict:
    from .store.users import when

    return {"name": a.name, "role": a.role, "disabled": a.disabled, "email": a.email,
            "created": when(a.created_at), "updated": when(a.updated_at)}


def _say(what: str, a: Account) -> int:
    print(f"{what} {a.name} ({a.role}{', disabled' if a.disabled else ''})", file=sys.stderr)
    return 0


def _add(args: argparse.Namespace) -> int:
    if args.no_password and not args.email:
        raise UsageError("an account with --no-password signs in by its e-mail: give --email")
    store = _store()
    password = None if args.no_password else read_password()
    return _say("added", store.add_user(args.name, password, args.role, email=args.email))


def _passwd(args: argparse.Namespace) -> int:
    store = _store()
    if store.account(args.name) is None:  # before asking for a password
        from .accounts import NoSuchAccount

        raise NoSuchAccount(f"no user {args.name!r}")
    return _say("new password for", store.set_password(args.name, read_password("New password")))


def _role(args: argparse.Namespace) -> int:
    return _say("changed", _store().set_role(args.name, args.role))


def _email(args: argparse.Namespace) -> int:
    return _say("changed", _store().set_email(args.name, args.email or None))


def _disable(args: argparse.Namespace) -> int:
    return _say("disabled", _store().set_disabled(args.name, True))


def _enable(args: argparse.Namespace) -> int:
    return _say("enabled", _store().set_disabled(args.name, False))


def _list(args: argparse.Namespace) -> int:
    print_json([_row(a) for a in _store().accounts()])
    return 0
