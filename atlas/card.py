"""The incident card: one function decides what it says, renderers only draw it.

:func:`incident_card` builds the card of one incident as plain strings and lists (date and place,
figures in the report's wording, the group it is drawn in, where it is located, the whole claim
ledger, every source with a link only for an http(s) address, summary, data-quality flags). Two
renderers draw exactly that, field by field in the same order with the same labels, adding nothing
but presentation:

* :func:`card_markdown` here, for ``st.markdown`` (every string Markdown-escaped);
* ``card(d)`` in ``atlas/fastmap.js``, for the map's popup (every string through ``textContent``).

``tests/atlas/test_card.py`` renders random cards with both and holds their text equal.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Sequence, TypedDict
from urllib.parse import quote

from geo.provinces import PROVINCES
from incidents.models import Attribution, Incident, Source
from incidents.registry import unlisted_names

from .maps import attributed_group
from .text import count_wording, date_label, md_escape

#: How close the coordinates are to the place, by geo precision.
PRECISION_WORDING = {1: "the place itself", 2: "near the place / its district", 3: "the province only"}
DRAWN_AS_NOTE = "(claimant, else suspect, else blamed; a denial does not attribute)"
NO_LEDGER = "no claim, suspicion, blame or denial reported"
NO_SOURCES = "none recorded"
#: Said of a perpetrator's name a source gives for a group the registry lacks (kept as written).
NOT_IN_REGISTRY_NOTE = "(not in the registry)"


class LedgerLine(TypedDict):
    group: str
    status: str
    by: str | None


class RecordLine(TypedDict):
    source: str            # the dataset and its event id, or the report's outlet
    text: str              # that source's date, place and figures, as it gives them


class SourceLine(TypedDict):
    name: str
    url: str | None        # as recorded
    link: str | None       # the url when it is http(s): the only address a renderer makes a link
    note: str | None       # the url shown as text when it is not a link and not already the name
    published: str | None  # date label


def is_link(url: str | None) -> bool:
    """An address a card may link to: http(s) only (no ``javascript:``, ``data:``, ``urn:``)."""
    return bool(url) and url.lower().startswith(("http://", "https://"))


def incident_card(inc: Incident, *, summary_chars: int | None = None, more: str | None = None) -> dict[str, Any]:
    """The card of ``inc`` as plain data (JSON-ready; nothing escaped: renderers insert it as text).

    ``summary_chars`` shortens the summary (the map's popup); ``more`` is a note drawn under it
    (the map: other incidents at the same spot)."""
    province = inc.province or PROVINCES.get(inc.province_code or "")
    summary = inc.summary or ""
    if summary_chars is not None and len(summary) > summary_chars:
        summary = summary[:summary_chars].rstrip() + "…"
    if inc.lat is not None and inc.lon is not None:
        location = (f"{inc.lat:.4f}, {inc.lon:.4f} — "
                    f"{PRECISION_WORDING.get(inc.geo_precision or 1, 'unknown precision')}")
    else:
        location = "no coordinates (not on the map)"
    group = attributed_group(inc)
    sources: list[SourceLine] = []
    seen: set[tuple] = set()
    for s in inc.sources:
        if (s.outlet, s.title, s.url) in seen:  # two records citing one article: listed once
            continue
        seen.add((s.outlet, s.title, s.url))
        name = " — ".join(x for x in (s.outlet, s.title) if x) or _unnamed(s.url)
        link = s.url if is_link(s.url) else None
        sources.append({"name": name, "url": s.url or None, "link": link,
                        "note": s.url if s.url and not link and s.url != name and not s.url.startswith(SEED_URN) else None,
                        "published": date_label(s.published) if s.published else None})
    ledger: list[LedgerLine] = [{"group": a.group, "status": a.status, "by": a.by} for a in inc.attributions]
    meta = " · ".join(x for x in (f"id {inc.id}" if inc.id else None,
                                  f"{inc.dataset} event {inc.dataset_event_id}" if inc.dataset else None) if x)
    return {
        "id": inc.id,
        "records": [],
        "spread": None,
        "related": [],
        "head": f"{date_label(inc.date, inc.date_precision)} · {inc.location}",
        "where": ", ".join(dict.fromkeys(x for x in (inc.location, f"{inc.district} district" if inc.district
                                                     else None, province) if x)),  # never "Balochistan, Balochistan"
        "attack": _what(inc),
        "killed": count_wording(inc.killed),
        "injured": count_wording(inc.injured),
        "group": group,
        "drawn": _drawn(group, inc),
        "location": location,
        "ledger": ledger,
        "sources": sources,
        "summary": summary,
        "flags": list(inc.flags),
        "more": more,
        "meta": meta,
    }


SEED_URN = "urn:incident-atlas:seed:"


def _unnamed(url: str | None) -> str:
    """A source with neither outlet nor title: its address, or what a bundled seed report is."""
    if url and url.startswith(SEED_URN):
        return f"bundled seed report {url[len(SEED_URN):]} (data/README.md)"
    return url or "unnamed source"


def _drawn(group: str | None, inc: Incident) -> str:
    """The group the incident is drawn in; with none, the names its source gives for groups the
    registry lacks (as written: no status is invented), else "unattributed"."""
    if group is None and (names := unlisted_names(inc.flags)):
        return f"{', '.join(names)} {NOT_IN_REGISTRY_NOTE} — named by the source, no claim status recorded"
    return f"{group or 'unattributed'} {DRAWN_AS_NOTE}"


def _what(inc: Incident) -> str:
    """"IED on police" for an attack (or a record of unknown category); "operation (Military Forces of
    Pakistan): Air/drone strike on TTP" for the other categories, which are no militant attack."""
    if inc.attack_type:
        what = inc.attack_type + (f" on {inc.target}" if inc.target else "")
    else:  # never "not recorded on Civilians"
        what = "type not recorded" + (f" · target: {inc.target}" if inc.target else "")
    if inc.category and inc.category != "attack":
        by = f" ({inc.state_actor})" if inc.state_actor else ""
        what = f"{inc.category}{by}: {what}"
        if inc.opponents:  # whom the state fought: named, but never an attribution
            what += f" · against {', '.join(inc.opponents)} (not an attribution)"
    return what


def record_line(inc: Incident) -> RecordLine:
    """One source's record of an event, for the side-by-side list: its date, place and figures as it gives them."""
    if inc.dataset:
        source = f"{inc.dataset} {inc.dataset_event_id or ''}".strip()
    else:
        outlets = [s.outlet or s.title or s.url for s in inc.sources if s.outlet or s.title or s.url]
        source = outlets[0] if outlets else "analyst's entry"
    place = inc.location + (f" ({PRECISION_WORDING.get(inc.geo_precision)})" if inc.geo_precision else "")
    return {"source": source, "text": f"{date_label(inc.date, inc.date_precision)} · {place} · killed "
                                      f"{count_wording(inc.killed)} · injured {count_wording(inc.injured)}"}


def event_card(event: dict[str, Any], records: list[Incident], *, related: Sequence[Any] = (),
               summary_chars: int | None = None, more: str | None = None) -> dict[str, Any]:
    """The card of an event (``incidents.events.event.event_summary``): its derived fields as one
    incident's card, plus each source's record side by side (``records``), how far their figures lie
    apart (``spread``) and the tolls a source gave for it together with other attacks (``related``)."""
    fields = {k: event[k] for k in ("date", "date_precision", "location", "district", "province", "province_code",
                                    "lat", "lon", "geo_precision", "attack_type", "target", "killed_min",
                                    "killed_max", "killed_text", "injured_min", "injured_max", "injured_text",
                                    "summary", "dataset", "dataset_event_id")}
    fields["category"] = event.get("category")
    fields["date"] = dt.date.fromisoformat(fields["date"])
    view = Incident(**fields, id=event["id"], flags=list(event["flags"]),
                    state_actor=next((r.state_actor for r in records if r.state_actor), None),
                    opponents=sorted({o for r in records for o in (r.opponents or ())}),
                    attributions=[Attribution(a["group"], a["status"], a["by"]) for a in event["attributions"]],
                    sources=[Source(s["outlet"], s["title"], s["url"],
                                dt.date.fromisoformat(s["published"]) if s["published"] else None)
                             for s in event["sources"]])
    card = incident_card(view, summary_chars=summary_chars, more=more)
    if len(records) > 1:
        card["records"] = [record_line(r) for r in records]
        by_id = {r.id: line for r, line in zip(records, card["records"])}
        for kind in ("killed", "injured"):  # whose figure the event's is (one source's, never a sum)
            source = by_id.get(event.get(f"{kind}_from"))
            if source is not None:
                card[kind] = f"{card[kind]} (per {source['source']})"
        spread = [f"killed {event['killed_spread']}" if event.get("killed_spread") else None,
                  f"injured {event['injured_spread']}" if event.get("injured_spread") else None]
        card["spread"] = "Sources disagree: " + "; ".join(x for x in spread if x) if any(spread) else (
            f"Sources disagree on the {event['disagree']}" if event.get("disagree") else None)
        card["meta"] = f"event {event['id']} · {len(records)} records: " + ", ".join(r.id or "?" for r in records)
    card["related"] = [f"{count_wording(t.killed)} killed, {count_wording(t.injured)} injured in "
                       f"{len(t.records)} attacks together ({', '.join(t.records)})"
                       + (f" — {t.note}" if t.note else "") for t in related]
    return card


#: The card's labels, for both renderers (fastmap.js receives them through
#: ``atlas.fastmap.library_options``): the one-line facts as (label, card key) in card order, the
#: titles of the lists and what an empty list says.
CARD_LABELS: dict[str, Any] = {
    "facts": [["What happened", "attack"], ["Killed", "killed"], ["Injured", "injured"], ["Drawn as", "drawn"],
              ["Location", "location"]],
    "ledger": "Claim ledger", "no_ledger": NO_LEDGER,
    "sources": "Sources", "no_sources": NO_SOURCES,
    "summary": "Summary", "flags": "Data-quality flags",
    "records": "Sources compared", "related": "Reported together with other attacks",
}


def ledger_text(line: LedgerLine) -> str:
    """"ISKP — suspected by experts" (plain text)."""
    return f"{line['group']} — {line['status']}" + (f" by {line['by']}" if line["by"] else "")


def card_markdown(card: dict[str, Any]) -> str:
    """Markdown of a card, safe for ``st.markdown`` without ``unsafe_allow_html``: every string
    escaped, links only to the card's http(s) addresses (percent-quoted inside ``<…>``)."""
    e, words = md_escape, CARD_LABELS
    lines = [f"**{e(card['head'])}**", "", e(card["where"]), ""]
    lines += [f"- **{label}:** {e(card[key])}" for label, key in words["facts"]]
    if card["spread"]:
        lines += ["", f"**{e(card['spread'])}**"]
    if card["records"]:
        lines += ["", f"**{words['records']}:**", ""] + [f"- **{e(r['source'])}:** {e(r['text'])}"
                                                         for r in card["records"]]
    if card["related"]:
        lines += ["", f"**{words['related']}:**", ""] + [f"- {e(t)}" for t in card["related"]]
    lines += ["", f"**{words['ledger']}:**", ""]
    lines += [f"- {e(ledger_text(a))}" for a in card["ledger"]] or [f"- {e(words['no_ledger'])}"]
    lines += ["", f"**{words['sources']}:**", ""]
    for s in card["sources"]:
        item = f"[{e(s['name'])}](<{quote(s['link'], safe=_URL_SAFE)}>)" if s["link"] else e(s["name"])
        if s["note"]:
            item += f" · {e(s['note'])}"
        if s["published"]:
            item += f" (published {e(s['published'])})"
        lines.append(f"- {item}")
    if not card["sources"]:
        lines.append(f"- {e(words['no_sources'])}")
    if card["summary"]:
        lines += ["", f"**{words['summary']}:**", "", e(card["summary"])]
    if card["flags"]:
        lines += ["", f"**{words['flags']}:**", ""] + [f"- {e(f)}" for f in card["flags"]]
    if card["more"]:
        lines += ["", e(card["more"])]
    if card["meta"]:
        lines += ["", e(card["meta"])]
    return "\n".join(lines)


_URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"

__all__ = ["CARD_LABELS", "card_markdown", "event_card", "incident_card", "is_link", "ledger_text", "record_line"]
