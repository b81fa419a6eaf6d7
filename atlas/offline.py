"""Serve every map script and stylesheet from the app itself, never from a CDN.

A default folium map loads Leaflet, jQuery, Bootstrap and Font Awesome from CDNs and renders blank
without internet. streamlit-folium loads exactly the ``default_js`` / ``default_css`` links of the
map's elements (it strips ``<script src>`` and stylesheet links from the header), so :func:`localise`
rewrites those lists to files vendored under ``static/`` (see ``scripts/vendor_assets.py``), which
Streamlit serves at ``/app/static/...`` with ``server.enableStaticServing``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

import branca
import folium
from folium.elements import JSCSSMixin

from incidents.errors import AtlasError
from incidents.paths import ROOT

from .private_api import children

#: Where the vendored files live in the repository.
STATIC_DIR = ROOT / "static"
#: Streamlit's URL path for ``./static`` when static serving is on.
STATIC_URL_PATH = "app/static"

#: folium resource name -> vendored file under ``static/``.
LOCAL_FILES: dict[str, str] = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "jquery": "jquery/jquery.min.js",
    "markerclusterjs": "leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": "leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/MarkerCluster.Default.css",
    "plotly": "plotly/plotly.min.js",
}
#: Resources folium's Map declares for Bootstrap and awesome-markers icons; atlas maps use neither.
UNUSED: frozenset[str] = frozenset({
    "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css", "awesome_markers_font_css",
    "awesome_markers_css", "awesome_rotate_css",
})

#: What makes a browser fetch something: src of scripts/images/frames, stylesheet links, CSS url().
_LOADS = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed|input)\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)"""
    r"""|url\(\s*["']?([^)"']+)""",
    re.IGNORECASE)


class OfflineAssetError(AtlasError):
    """A map element needs a script or stylesheet that is not vendored."""


@dataclass(frozen=True)
class WebAssets:
    """Where the browser finds the vendored files: ``/app/static`` or under a server base path."""

    base: str = "/" + STATIC_URL_PATH

    @classmethod
    def for_base_url_path(cls, base_url_path: str | None) -> "WebAssets":
        """Assets for a server started with ``--server.baseUrlPath`` (empty for the default)."""
        prefix = (base_url_path or "").strip("/")
        return cls("/" + "/".join(p for p in (prefix, STATIC_URL_PATH) if p))

    def url(self, name: str) -> str:
        """The URL of a vendored resource by folium resource name (``leaflet``, ``markerclusterjs``)."""
        try:
            return f"{self.base.rstrip('/')}/{LOCAL_FILES[name]}"
        except KeyError as e:
            raise OfflineAssetError(f"no vendored file for {name!r}; add it to scripts/vendor_assets.py") from e

    def is_local(self, url: str) -> bool:
        return not re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE)


def walk(element: branca.element.Element) -> Iterator[branca.element.Element]:
    """The element and all its descendants (as streamlit-folium walks a map)."""
    yield element
    for child in children(element):
        yield from walk(child)


def localise(m: folium.Map, assets: WebAssets | None = None) -> folium.Map:
    """Point every script and stylesheet of ``m``'s elements at the vendored copies (in place).

    Drops Bootstrap and icon fonts (unused); keeps jQuery only when a folium ``Popup`` needs it.
    Raises OfflineAssetError for an element whose resources are not vendored.
    """
    assets = assets or WebAssets()
    elements = list(walk(m))
    needs_jquery = any(isinstance(e, folium.Popup) for e in elements)
    for e in elements:
        if isinstance(e, branca.colormap.ColorMap):
            raise OfflineAssetError("branca colour maps load d3 from a CDN; draw the legend with atlas.maps")
        if not isinstance(e, JSCSSMixin):
            continue
        e.default_js = _local_links(e, e.default_js, assets, needs_jquery)
        e.default_css = _local_links(e, e.default_css, assets, needs_jquery)
    return m


def _local_links(e: JSCSSMixin, links: list[tuple[str, str]], assets: WebAssets,
                 needs_jquery: bool) -> list[tuple[str, str]]:
    out = []
    for name, url in links:
        if name in UNUSED or (name == "jquery" and not needs_jquery):
            continue
        if name in LOCAL_FILES:
            out.append((name, assets.url(name)))
        elif assets.is_local(url):
            out.append((name, url))
        else:
            raise OfflineAssetError(f"{type(e).__name__} loads {name} from {url}; vendor it or drop the element")
    return out


def resource_links(m: folium.Map) -> tuple[list[str], list[str]]:
    """The (scripts, stylesheets) streamlit-folium will load for ``m``, in its order."""
    js: list[str] = []
    css: list[str] = []
    for e in walk(m):
        js += [u for _, u in getattr(e, "default_js", [])]
        css += [u for _, u in getattr(e, "default_css", [])]
    return list(dict.fromkeys(js)), list(dict.fromkeys(css))


def external_urls(m: folium.Map, assets: WebAssets | None = None) -> list[str]:
    """Off-host URLs the browser would load for ``m``: resource links, ``src`` of scripts and images,
    stylesheet links and CSS ``url()``s in the rendered page, and tile URL templates (links an analyst
    may click, such as a source's address, are not loads). Empty for an offline map."""
    assets = assets or WebAssets()
    js, css = resource_links(m)
    found = [u for u in js + css if not assets.is_local(u)]
    html = m.get_root().render()
    found += [u for groups in _LOADS.findall(html) for u in groups if u and not assets.is_local(u)]
    found += [e.tiles for e in walk(m) if isinstance(e, folium.TileLayer) and not assets.is_local(e.tiles)]
    return list(dict.fromkeys(found))
