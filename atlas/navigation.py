"""The dashboard's page list (st.navigation); pages written by other issues join when their file exists."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

import streamlit as st

from incidents.accounts import may as role_may
from incidents.paths import ROOT

if TYPE_CHECKING:
    from incidents.store import Store

PAGES_DIR = ROOT / "pages"
#: (file in pages/, title, url path); url path "" is the default page at "/". Every other page's file is
#: named as its url path: a fresh server answers in Streamlit's legacy pages/ mode (file name = path)
#: until the first st.navigation run, and a mismatch shows a "Page not found" dialog on a direct link. No page icons: Streamlit
#: turns the current page's icon into the favicon, fetched from fonts.gstatic.com (no internet here).
PAGE_SPECS: tuple[tuple[str, str, str], ...] = (
    ("map.py", "Map", ""),
    ("attribution.py", "Attribution", "attribution"),
    ("casualties.py", "Casualties", "casualties"),
    ("incidents.py", "Incidents", "incidents"),
    ("add-report.py", "Add report", "add-report"),
    ("review.py", "Review links", "review"),
    ("data.py", "Data", "data"),
    ("admin.py", "Admin", "admin"),
)
#: Pages only a role may see (the store refuses the writes anyway); the admin page only with sign-in on
#: (with sign-in off the local operator manages accounts with ``python -m incidents users``).
PAGE_ROLES = {"add-report.py": "analyst", "admin.py": "admin"}


def page_specs(pages_dir: Path = PAGES_DIR, *, store: "Store | None" = None,
               signed_in: bool = False) -> list[tuple[Path, str, str]]:
    """(file, title, url path) of the pages whose files exist, in menu order; with ``store``, only the
    pages its user's role may see (the admin page only when ``signed_in``)."""
    def shown(f: str) -> bool:
        if store is None:
            return True
        if f == "admin.py" and not signed_in:
            return False
        return f not in PAGE_ROLES or role_may(store.role, PAGE_ROLES[f])

    return [(pages_dir / f, title, url) for f, title, url in PAGE_SPECS if (pages_dir / f).is_file() and shown(f)]


def refusal(file: str, title: str, role: str | None) -> str:
    """Why a page is not shown to a role: "Add report needs the analyst role (you are signed in as a viewer)."."""
    need = PAGE_ROLES[file]
    who = f"you are signed in as {'an' if (role or '')[:1] in 'aeiou' and role else 'a'} {role}" if role else \
        "your account has no role"
    return f"{title} needs the {need} role ({who})."


def refused_specs(pages_dir: Path = PAGES_DIR, *, store: "Store | None" = None,
                  signed_in: bool = False) -> list[tuple[str, str, str]]:
    """(file, title, url path) of the pages that exist but the signed-in user's role may not see
    (none before sign-in or with sign-in off): a link to one of them must say why it shows nothing."""
    if store is None or not signed_in:
        return []
    shown = {p.name for p, _, _ in page_specs(pages_dir, store=store, signed_in=signed_in)}
    return [(f, title, url) for f, title, url in PAGE_SPECS
            if (pages_dir / f).is_file() and f in PAGE_ROLES and f not in shown]


def _refused_page(message: str) -> "Callable[[], None]":
    def page() -> None:
        st.info(message + " The menu lists the pages you may open.", icon=":material/lock:")
    return page


def build_pages(pages_dir: Path = PAGES_DIR, *, store: "Store | None" = None, signed_in: bool = False) -> list[st.Page]:
    """The ``st.Page`` list for ``st.navigation``; the map is the default page at "/" (``store``,
    ``signed_in``: see :func:`page_specs`). A page the user's role may not see stays off the menu,
    and a link to it (a deep link someone signs in at) says why instead of landing elsewhere unexplained."""
    pages = [st.Page(path, title=title, url_path=url) if url else st.Page(path, title=title, default=True)
             for path, title, url in page_specs(pages_dir, store=store, signed_in=signed_in)]
    role = store.role if store is not None else None
    pages += [st.Page(_refused_page(refusal(f, title, role)), title=title, url_path=url, visibility="hidden")
              for f, title, url in refused_specs(pages_dir, store=store, signed_in=signed_in)]
    return pages


def ensure_navigation() -> None:
    """Leave Streamlit's legacy ``pages/`` mode if this run is in it.

    With a ``pages/`` directory next to the entrypoint, Streamlit (1.67) runs in its old multipage
    mode until some run calls ``st.navigation``: a first request for ``/attribution`` after the server
    starts would run pages/attribution.py alone (no shared layout, file-name menu). Pages call this
    (via ``render_filters``); it switches the process to ``st.navigation`` and reruns the same URL
    through dashboard.py.
    """
    from .private_api import leave_pages_directory_mode

    if leave_pages_directory_mode():
        st.rerun()
