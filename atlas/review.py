"""Review of extracted incidents (the add-report page): evidence with highlights, edited form values back
into an :class:`~incidents.models.Incident`, and saving without making duplicates.

No Streamlit here: the page reads widgets and calls these functions.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any, Iterable


from atlas.text import md_escape
from incidents.errors import AtlasError, ValidationError
from incidents.extract.pipeline import MAX_INPUT_CHARS, MAX_TEXT_CHARS, REPORT_PROVINCE_FLAG
from incidents.models import Attribution, Incident, Source, new_id, validate
from incidents.registry import STATUSES, GroupRegistry, default_registry

__all__ = ["EVIDENCE_LABELS", "ATTACK_TYPES", "highlight_html", "evidence_rows", "ledger_lines", "parse_ledger",
           "geo_label", "FormValues", "incident_from_form", "SaveOutcome", "save_reviewed", "similar",
           "UPLOAD_MAX_MB", "UPLOAD_HELP", "UploadError", "upload_text"]

#: The report uploader's own size cap in MB (Streamlit's ``server.maxUploadSize`` is global): raw input
#: above MAX_INPUT_CHARS is refused anyway, and a saved HTML page of a long article is ~300 KB.
UPLOAD_MAX_MB = max(1, round(MAX_INPUT_CHARS / 1_000_000))
UPLOAD_HELP = (f"A .txt file or a saved .html page, up to {UPLOAD_MAX_MB} MB; the article's own text may be up "
               f"to {MAX_TEXT_CHARS:,} characters.")
#: Share of control bytes (other than tab, line breaks, form feed) above which a file is not text.
_CONTROL_SHARE = 0.01
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


class UploadError(AtlasError, ValueError):
    """An uploaded report that cannot be read as text; the message says why, for the page."""


def upload_text(data: bytes, name: str = "the file") -> str:
    """The text of an uploaded report, judged on its bytes first: UploadError "not a text file" for
    binary data (NUL or many control bytes), "too large" above the input limit. UTF-8 (with or
    without BOM) or UTF-16 with a BOM; other bytes are read as Windows-1252."""
    if len(data) > MAX_INPUT_CHARS * 4:
        raise UploadError(f"{name} is too large: {len(data):,} bytes; the limit is {UPLOAD_MAX_MB} MB")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UploadError(f"{name} is not a text file (it starts like UTF-16 but is not)") from None
    head = data[:65_536]
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    if b"\x00" in head or (head and controls / len(head) > _CONTROL_SHARE):
        raise UploadError(f"{name} is not a text file (it holds binary data); upload a .txt or .html report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")

#: Field -> label, in the order the page lists evidence.
EVIDENCE_LABELS: dict[str, str] = {
    "date": "Date", "location": "Place", "province": "Province", "attack_type": "Attack type",
    "target": "Target", "killed": "Killed", "injured": "Injured", "attackers_killed": "Attackers killed",
}
#: Attack types the extractor knows, for the review form's choices.
ATTACK_TYPES: tuple[str, ...] = ("suicide bombing", "vehicle bomb", "IED", "grenade attack", "rocket attack",
                                 "armed assault", "bombing")


def _safe(text: str) -> str:
    """Literal text for ``st.markdown(..., unsafe_allow_html=True)``: HTML and Markdown both escaped."""
    return md_escape(html.escape(text, quote=False))


def highlight_html(sentence: str, phrases: Iterable[str] = ()) -> str:
    """The sentence escaped (HTML and Markdown), with each phrase wrapped in ``<mark>``; for
    ``st.markdown(..., unsafe_allow_html=True)``."""
    text = sentence or ""
    spans: list[tuple[int, int]] = []
    for p in phrases or ():
        if not p:
            continue
        start = 0
        while (i := text.find(p, start)) >= 0:
            spans.append((i, i + len(p)))
            start = i + len(p)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    out, pos = [], 0
    for a, b in merged:
        out.append(_safe(text[pos:a]))
        out.append("<mark>" + _safe(text[a:b]) + "</mark>")
        pos = b
    out.append(_safe(text[pos:]))
    return "".join(out)


def evidence_rows(evidence: dict[str, str], highlights: dict[str, list[str]],
                  incident: Incident | None = None) -> list[tuple[str, str]]:
    """(label, highlighted sentence HTML) for every field with evidence, in page order."""
    rows = []
    for key, label in EVIDENCE_LABELS.items():
        if key in evidence:
            rows.append((label, highlight_html(evidence[key], highlights.get(key, ()))))
    n = 0
    while f"attributions[{n}]" in evidence:
        key = f"attributions[{n}]"
        a = incident.attributions[n] if incident is not None and n < len(incident.attributions) else None
        label = f"Attribution: {a.group} {a.status}" if a else "Attribution"
        rows.append((label, highlight_html(evidence[key], highlights.get(key, ()))))
        n += 1
    return rows


def ledger_lines(attributions: Iterable[Attribution]) -> str:
    """The ledger as editable text: one ``GROUP | status | by`` line per entry."""
    return "\n".join(f"{a.group} | {a.status} | {a.by or ''}".rstrip(" |") for a in attributions)


def parse_ledger(text: str, registry: GroupRegistry | None = None) -> list[Attribution]:
    """Parse ``GROUP | status | by`` lines (group by code or any alias); ValidationError names the line."""
    registry = registry or default_registry()
    out: list[Attribution] = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2:
            raise ValidationError(f"attributions line {n}", "write GROUP | status | by (by is optional)")
        code = parts[0] if parts[0] in registry else registry.resolve(parts[0])
        if not code:
            raise ValidationError(f"attributions line {n}", f"unknown group {parts[0]!r:.60}")
        status = parts[1].lower()
        if status not in STATUSES:
            raise ValidationError(f"attributions line {n}", f"status must be one of {', '.join(STATUSES)}")
        by = "|".join(parts[2:]).strip() or None
        out.append(Attribution(code, status, by))
    return out


def geo_label(result: Any) -> str:
    """One line for a geocoder result: "Kuchlak — town, Quetta district, Balochistan (30.41, 66.97)"."""
    where = ", ".join(x for x in (f"{result.district} district" if result.district else None, result.province) if x)
    return f"{result.name} — {result.kind}{', ' + where if where else ''} ({result.lat:.3f}, {result.lon:.3f})"


#: ``FormValues.category`` when the form leaves the extracted category as it is.
KEEP = "(as extracted)"


@dataclass
class FormValues:
    """What the reviewer set on the form (None / "" = unknown)."""

    date: dt.date | None
    location: str
    geo: Any | None = None  # a GeoResult chosen from the suggestions, or None for no coordinates
    attack_type: str | None = None
    target: str | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    killed_text: str | None = None
    injured_min: int | None = None
    injured_max: int | None = None
    injured_text: str | None = None
    ledger: str = ""
    summary: str | None = None
    extra_flags: list[str] = field(default_factory=list)
    category: str | None = KEEP  # attack, operation, clash, other, None (unknown); KEEP: the extractor's


def _text(v: str | None) -> str | None:
    v = (v or "").strip()
    return v or None


def _count(v: Any, name: str) -> int | None:
    if v is None or v == "":
        return None
    try:
        f = float(v)
    except (TypeError, ValueError) as e:
        raise ValidationError(name, f"expected a whole number, got {v!r:.40}") from e
    if not f.is_integer() or f < 0:
        raise ValidationError(name, "must be a whole number ≥ 0 or empty (unknown)")
    return int(f)


def incident_from_form(base: Incident, values: FormValues, registry: GroupRegistry | None = None) -> Incident:
    """The extracted incident with the reviewer's corrections, validated (ValidationError names the field)."""
    registry = registry or default_registry()
    if values.date is None:
        raise ValidationError("date", "is required")
    location = _text(values.location)
    if not location:
        raise ValidationError("location", "must not be empty")
    geo = values.geo
    place: dict[str, Any]
    if geo is not None:
        place = dict(district=geo.district, province=geo.province, province_code=geo.province_code, lat=geo.lat,
                     lon=geo.lon, geo_precision=geo.precision)
        if base.geo_precision == 2 and geo.precision == 1 and location == base.location:
            place["geo_precision"] = 2  # the report said "near" this place
    else:
        place = dict(district=None if location != base.location else base.district,
                     province=base.province, province_code=base.province_code, lat=None, lon=None, geo_precision=None)
    # the reviewer chose the point: the extractor's doubt about the report's province is settled
    flags = [f for f in base.flags if geo is None or not f.startswith(REPORT_PROVINCE_FLAG)]
    for f in values.extra_flags:
        if f not in flags:
            flags.append(f)
    category = base.category if values.category == KEEP else values.category
    actor = base.actor  # an operation is a state's act; a reviewer's other category is no longer one
    if category == "operation":
        actor = "state"
    elif actor == "state" and category != base.category:
        actor = None
    inc = base.copy(
        date=values.date, location=location, **place,
        attack_type=_text(values.attack_type), target=_text(values.target),
        killed_min=_count(values.killed_min, "killed_min"), killed_max=_count(values.killed_max, "killed_max"),
        killed_text=_text(values.killed_text),
        injured_min=_count(values.injured_min, "injured_min"), injured_max=_count(values.injured_max, "injured_max"),
        injured_text=_text(values.injured_text),
        attributions=parse_ledger(values.ledger, registry), summary=_text(values.summary), flags=flags,
        category=category, actor=actor,
    )
    return validate(inc, registry)


def similar(store: Any, inc: Incident, *, several: bool = False) -> list[Incident]:
    """Stored records that tell of this report's incident already (``reports.already_stored``):
    saving it again would store it twice. Whether the report tells of an attack other sources know is
    the linker's question, asked on save."""
    from incidents.reports import already_stored

    return already_stored(store, inc, several=several)


def keep_combined(store: Any, result: Any, saved_ids: dict[int, str]) -> list[str]:
    """Once every incident of a report is saved (``saved_ids``: position -> record id), keep the tolls
    the report gives for several of them together on those records (``reports.relate_combined``);
    the lines to tell the reviewer (none before the last incident is saved)."""
    if not result.combined or len(saved_ids) < len(result.incidents):
        return []
    from incidents.reports import relate_combined

    tolls = relate_combined(store, result, [saved_ids.get(k) for k in range(len(result.incidents))])
    lines = []
    for t in tolls:
        said = " and ".join(f"{getattr(t, w).text} {w}" for w in ("killed", "injured") if getattr(t, w).text)
        lines.append(f"The report gives {said} for {len(t.records)} attacks together: kept on them together "
                     "(never split among them).")
    return lines


@dataclass(frozen=True)
class SaveOutcome:
    """What saving did: ``inserted`` a new record, ``linked`` it into the event of the same attack,
    or found the report ``already`` stored. ``id`` is the record's."""

    kind: str
    id: str
    message: str


def save_reviewed(store: Any, inc: Incident, *, add_to: str | None = None, several: bool = False) -> SaveOutcome:
    """Save a reviewed report's incident as a record of its own. The write links it into the event of
    the same attack when other sources tell of it (the linker every write goes through); ``add_to``:
    the reviewer says it is the same attack as that stored record (a link, remembered). A report
    already stored (the same URL) is not stored twice."""
    cited = similar(store, inc, several=several)
    if cited:
        return SaveOutcome("already", cited[0].id, f"{cited[0].id} already has this report as a source.")
    rid = store.save(inc.copy(id=inc.id or new_id())).ids[0]
    if add_to:
        store.link([rid, add_to], by=store.user or "reviewer")
    event = store.event_of([rid])[rid]
    others = [r.id for r in store.event_records(event) if r.id != rid]
    if others:
        return SaveOutcome("linked", rid, f"Saved as {rid}, the same attack as {', '.join(others)}: one event, "
                                          f"{len(others) + 1} sources side by side.")
    return SaveOutcome("inserted", rid, f"Saved as {rid}.")
