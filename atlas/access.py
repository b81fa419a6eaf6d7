"""Which sign-in the dashboard needs, from ``ATLAS_AUTH`` and the address the server listens on.

``auto`` (the default): no sign-in on the loopback address (the embedded single-user default; the
local operator, an admin, works alone), a password sign-in on any other. ``on``: a password sign-in
always. ``off``: no sign-in, which only the loopback address allows: a server on another address with
sign-in off refuses to start with a one-line reason (:func:`refusal`; ``python -m atlas.access`` says
it before ``scripts/run.sh`` starts Streamlit, and every page says it instead of drawing). ``oidc``:
Streamlit's own ``st.login`` (an identity provider, ``.streamlit/secrets.toml`` ``[auth]``), its
e-mail mapped to an account of the users table.
"""
from __future__ import annotations

import ipaddress
import os
import sys
from typing import Literal, Sequence

from incidents.errors import AtlasError
from incidents.settings import AUTH_MODES, Settings

SignIn = Literal["off", "password", "oidc"]
FIRST_ADMIN = "python -m incidents users add admin --role admin"


def server_address() -> str | None:
    """The address Streamlit listens on (``server.address``: flag, environment or config.toml);
    None or "" means every interface."""
    from streamlit import config

    return config.get_option("server.address")


def is_loopback(address: str | None) -> bool:
    """True for an address only this machine reaches (localhost, 127.0.0.0/8, ::1)."""
    a = (address or "").strip().strip("[]").lower()
    if a == "localhost":
        return True
    try:
        return ipaddress.ip_address(a).is_loopback
    except ValueError:
        return False


class AccessRefused(AtlasError, RuntimeError):
    """The server must not serve: a non-loopback address with sign-in off, or a bad ``ATLAS_AUTH``."""


def sign_in(settings: Settings, address: str | None) -> SignIn:
    """The sign-in a server on ``address`` needs; AccessRefused (one line) when it must not serve."""
    mode = settings.auth
    if mode not in AUTH_MODES:
        raise AccessRefused(f"ATLAS_AUTH={mode!r} is not one of {', '.join(AUTH_MODES)}: refusing to start")
    if mode == "oidc":
        return "oidc"
    if mode == "on" or (mode == "auto" and not is_loopback(address)):
        return "password"
    if not is_loopback(address):
        where = address or "every interface"
        raise AccessRefused(f"refusing to start: the server listens on {where}, not only on this machine, with "
                            "sign-in off (ATLAS_AUTH=off); use --server.address localhost, or sign-in "
                            "(ATLAS_AUTH=auto or on)")
    return "off"


def refusal(settings: Settings, address: str | None) -> str | None:
    """The one-line reason the server must not serve, or None."""
    try:
        sign_in(settings, address)
    except AccessRefused as e:
        return str(e)
    return None


def address_from_args(args: Sequence[str], env: dict[str, str] | None = None) -> str | None:
    """``server.address`` as ``streamlit run`` would take it from these arguments, the environment
    (``STREAMLIT_SERVER_ADDRESS``) or the project's config.toml."""
    args = list(args)
    for k, a in enumerate(args):
        if a == "--server.address" and k + 1 < len(args):
            return args[k + 1]
        if a.startswith("--server.address="):
            return a.split("=", 1)[1]
    env = os.environ if env is None else env
    if env.get("STREAMLIT_SERVER_ADDRESS"):
        return env["STREAMLIT_SERVER_ADDRESS"]
    return server_address()


def no_account_yet(settings: Settings) -> bool:
    """True when the configured database has no account (or no users table yet)."""
    from pathlib import Path

    import sqlalchemy as sa

    from incidents.errors import AtlasError
    from incidents.store import Store

    try:
        url = sa.make_url(settings.database_url)
        if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
            return True  # not created yet (and not created here)
        store = Store(settings.database_url)
    except (AtlasError, sa.exc.ArgumentError):
        return True
    try:
        return not store.accounts()
    except Exception:  # noqa: BLE001 - a database not created or migrated yet: no account either
        return True
    finally:
        store.engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m atlas.access [streamlit run's options]``: exit 1 with the one-line reason when a
    server started with these options must refuse to serve (scripts/run.sh runs it first); with a
    password sign-in and no account yet, say how to create the first admin."""
    settings = Settings.from_env()
    try:
        mode = sign_in(settings, address_from_args(sys.argv[1:] if argv is None else argv))
    except AccessRefused as e:
        print(f"Incident Atlas: {e}", file=sys.stderr)
        return 1
    if mode == "password" and no_account_yet(settings):
        print(f"Incident Atlas: sign-in is on and there is no account yet: create the first admin with "
              f"`{FIRST_ADMIN}`", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
