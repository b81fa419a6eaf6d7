"""One incident spelled out for ``st.markdown``: figures in the report's wording, ledger, sources.

Every string from data is Markdown-escaped (no links or images can be smuggled in); only http(s)
source addresses become links.
"""
from __future__ import annotations

from urllib.parse import quote

from geo.provinces import PROVINCES
from incidents.models import Incident

from .maps import attributed_group, is_link
from .text import count_wording, date_label, md_escape

_PRECISION = {1: "the place itself", 2: "near the place / its district", 3: "the province only"}


def incident_markdown(inc: Incident) -> str:
    """Markdown of the incident card (safe for ``st.markdown`` without ``unsafe_allow_html``)."""
    e = md_escape
    where = ", ".join(x for x in (inc.location, f"{inc.district} district" if inc.district else None,
                                  inc.province or PROVINCES.get(inc.province_code or "")) if x)
    lines = [
        f"**{e(date_label(inc.date, inc.date_precision))} · {e(where)}**",
        "",
        f"- **Attack:** {e(inc.attack_type or 'not recorded')}" + (f" on {e(inc.target)}" if inc.target else ""),
        f"- **Killed:** {e(count_wording(inc.killed))}",
        f"- **Injured:** {e(count_wording(inc.injured))}",
        f"- **Drawn as:** {e(attributed_group(inc) or 'unattributed')}"
        f" (claimant, else suspect, else blamed; a denial does not attribute)",
    ]
    if inc.lat is not None:
        lines.append(f"- **Location:** {inc.lat:.4f}, {inc.lon:.4f} — "
                     f"{_PRECISION.get(inc.geo_precision or 1, 'unknown precision')}")
    else:
        lines.append("- **Location:** no coordinates (not on the map)")
    lines += ["", "**Claim ledger**", ""]
    if inc.attributions:
        lines += [f"- {e(a.group)} — {e(a.status)}" + (f" (by {e(a.by)})" if a.by else "")
                  for a in inc.attributions]
    else:
        lines.append("- no claim, suspicion, blame or denial reported")
    lines += ["", "**Sources**", ""]
    if inc.sources:
        for s in inc.sources:
            name = e(" — ".join(x for x in (s.outlet, s.title) if x) or "unnamed source")
            if is_link(s.url):
                url = quote(s.url, safe=":/?#[]@!$&'*+,;=%~-._")
                item = f"[{name}](<{url}>)"
            else:
                item = name + (f" · `{s.url.replace('`', '')}`" if s.url else "")
            if s.published:
                item += f" (published {e(date_label(s.published))})"
            lines.append(f"- {item}")
    else:
        lines.append("- none recorded")
    if inc.summary:
        lines += ["", "**Summary**", "", e(inc.summary)]
    if inc.flags:
        lines += ["", "**Data-quality flags**", ""] + [f"- {e(f)}" for f in inc.flags]
    meta = [f"id `{inc.id.replace('`', '')}`" if inc.id else None,
            f"{e(inc.dataset)} event {e(inc.dataset_event_id)}" if inc.dataset else None]
    lines += ["", " · ".join(m for m in meta if m)]
    return "\n".join(lines)


def incident_table(incidents: list[Incident]) -> "pd.DataFrame":
    """One row per incident for the table: figures as labels that keep lower bounds ("5+")."""
    import pandas as pd

    rows = []
    for inc in incidents:
        rows.append({
            "date": date_label(inc.date, inc.date_precision), "place": inc.location, "district": inc.district,
            "province": inc.province or PROVINCES.get(inc.province_code or ""), "attack": inc.attack_type,
            "killed": inc.killed.label(), "injured": inc.injured.label(),
            "attributed to": attributed_group(inc) or "—",
            "claimed": ", ".join(inc.groups_with("claimed")), "suspected": ", ".join(inc.groups_with("suspected")),
            "blamed": ", ".join(inc.groups_with("blamed")), "denied": ", ".join(inc.groups_with("denied")),
            "sources": len(inc.sources), "id": inc.id,
        })
    return pd.DataFrame(rows, columns=["date", "place", "district", "province", "attack", "killed", "injured",
                                       "attributed to", "claimed", "suspected", "blamed", "denied", "sources",
                                       "id"])
