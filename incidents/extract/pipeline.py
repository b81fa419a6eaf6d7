"""From report text to incidents: clean, date, segment, then read each field with its evidence."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from geo.distance import great_circle_km
from geo.normalize import normalize_name
from geo.provinces import PROVINCES
from incidents.casualties import NUMBER, Count, parse_count
from incidents.errors import ValidationError
from incidents.models import Attribution, Incident, Source, parse_date, validate
from incidents.registry import GroupRegistry, default_registry

from ..categories import category_from_text, kind_of_target
from .attack import find_attack_type, find_target
from .attribution import LABEL, GroupFinder, find_attributions, unknown_claimants
from .casualties import CasualtyMention, find_casualties
from .dateline import find_dateline
from .dates import find_publication_date, parse_loose_date
from .model import CombinedToll, ExtractedIncident, ExtractionResult
from .places import PlaceFinder, PlaceMention
from .segment import Segment, SentenceInfo, Segmentation, same_place, segment
from .text import clean_report, english_reason

log = logging.getLogger(__name__)

__all__ = ["extract_incidents", "MAX_INPUT_CHARS", "MAX_TEXT_CHARS", "report_urn", "REPORT_PROVINCE_FLAG"]

#: Flag prefix when the gazetteer puts the place in another province than the report names.
REPORT_PROVINCE_FLAG = "report names another province: "

#: Raw input above this is refused before any parsing (an HTML page of a long article is ~300 KB).
MAX_INPUT_CHARS = 2_000_000
#: Cleaned article text above this is refused: no news report is this long.
MAX_TEXT_CHARS = 100_000
_ATTACK_DATED = re.compile(r"^[^,.;]*?'s\s+(?:\w+\s+){0,2}(?:attack|blast|bombing|explosion|ambush|assault|"
                           r"raid|shooting|firing|strike)", re.I)
#: Before a day: the attack told as happening then ("exploded on Friday"), not the attack as a point of time ("the
#: road was closed after the blast and reopened on Saturday") nor across "that" ("gripped by fear since the attack and
#: that the markets remained closed on Friday").
_DATED_ATTACK = re.compile(r"(?<!\bafter\sthe\s)(?<!\bsince\sthe\s)(?<!\bbefore\sthe\s)"
                           r"\b(?:attack(?:ed)?|blast|bombing|explo(?:sion|ded)|went\s+off|detonated|ambush(?:ed)?|"
                           r"stormed|opened\s+fire|struck|hit|killed|killing|hurled|lobbed|threw|thrown)\b"
                           r"(?:\W+(?!that\b)\w+){0,6}\W+$", re.I)
_CLAIM_WORDS = re.compile(r"\bclaim|\bresponsibility\b|\bden(?:ied|ies|y)\b|\bcondemn|\bdenounc", re.I)
#: After a day: a claim or denial made that day ("On Sunday, the banned BLA claimed responsibility").
_CLAIMED_DATED = re.compile(r"^,?\s+(?:the\s+)?(?:[\w()'-]+,?\s+){0,12}?(?:claimed|owned|accepted|took|den(?:ied|ies))\s+"
                            r"(?:the\s+)?(?:responsibility|attack|bombing|blast|involvement|any)\b", re.I)
#: Before a day: a toll that rose that day ("the toll rose to four on Tuesday"), not the attack's day.
_CONDEMNED_DATED = re.compile(r"\b(?:condemned|condemns|denounced|deplored)\b[^.;]{0,50}$", re.I)
_TOLL_DATED = re.compile(r"\b(?:toll|number\s+of)\b[^.;]{0,150}?\b(?:rose|climbed|risen|reached|jumped|increased|mounted)"
                         r"(?:\s+(?:to|further\s+to)\s+[\w-]+)?\s*$",
                         re.I)
#: After or before a day: a case registered that day ("on Saturday registered a case", "an FIR was lodged on Friday").
_CASE_DATED = re.compile(r",?\s+(?:registered|lodged|filed)\s+(?:a\s+|an\s+)?(?:case|FIR)\b", re.I)
_CASE_DATED_BEFORE = re.compile(r"\b(?:case|FIR)\s+(?:was|has\s+been|had\s+been)\s+(?:registered|lodged|filed)\s+(?:[\w-]+\s+){0,4}$",
                                re.I)
#: After a day: "on Sunday, three days after the attack": a later day than the attack's.
_DAYS_AFTER_IT = re.compile(r",?\s+(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|hours?)\s+after\s+the\s+(?:[\w-]+\s+)?"
                            r"(?:attack|bombing|blast|ambush|assault|killings?|explosion)\b", re.I)
_DIED_DATED = re.compile(r"\b(?:died|succumbed|passed\s+away|breathed\s+(?:his|her|their)\s+last)\b(?:\W+\w+){0,6}\W+$", re.I)
_CAPITALS = {"PK-BA": "Quetta", "PK-KP": "Peshawar", "PK-PB": "Lahore", "PK-SD": "Karachi", "PK-GB": "Gilgit",
             "PK-JK": "Muzaffarabad"}
_IN_CAPITAL = re.compile(r"\b(?:in|at|inside)\s+the\s+provincial\s+capital\b", re.I)
#: The state's label for Baloch separatist groups together (2025): it names no one group.
_STATE_LABEL = re.compile(r"\bFitna[\s-]+al[\s-]+Hindust[a]?n\b", re.I)
_DATE_RANK = {"absolute": 0, "weekday": 1, "relative_day": 1, "weekend": 2, "month": 3}
_PROVINCE_NAMES = PROVINCES


@lru_cache(maxsize=1)
def _place_finder() -> PlaceFinder:
    """The finder over the shared gazetteer (built once)."""
    return PlaceFinder()


def report_urn(text: str) -> str:
    """A stable address for a report that has no URL (so saving it twice is recognised)."""
    return "urn:incident-atlas:report:" + hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def _outlet_from(text: str, header_lines: list[str]) -> str | None:
    for line in header_lines:
        if "|" in line:
            first = line.split("|", 1)[0].strip()
            if first and re.search(r"[A-Za-z]{3}", first) and not parse_loose_date(first) \
                    and not re.match(r"(?:updated|published|created|posted)\b", first, re.I):
                return first
    m = re.search(r"\bPublished\s+in\s+(?:the\s+)?([A-Z][\w&' .-]{1,40}?)\s*,", text)
    if m:
        return m.group(1).strip()
    dateline = find_dateline(text)
    return dateline.outlet if dateline else None


@dataclass
class _Ctx:
    published: dt.date | None
    geocoder: Any
    registry: GroupRegistry
    source: Source
    today: dt.date
    #: the one province the report's incidents lie in, when they agree: a hint for a place no sentence places
    report_province: str | None = None


def extract_incidents(text: str | bytes | None, *, published: dt.date | str | None = None, url: str | None = None,
                      outlet: str | None = None, title: str | None = None, geocoder: Any = None,
                      registry: GroupRegistry | None = None, today: dt.date | None = None) -> ExtractionResult:
    """Read the incidents a news report describes.

    Returns an :class:`ExtractionResult`; when it holds no incidents, ``reason`` says why ("no text",
    "text does not look like English", "too long: N characters, limit M", "no attack described", ...).
    Never raises on bad text; raises ValidationError for a malformed ``published`` argument and
    TypeError for a text that is not str/bytes.
    """
    if isinstance(published, str):
        published = parse_date(published, "published") if published.strip() else None
    if text is not None and not isinstance(text, (str, bytes, bytearray)):
        raise TypeError(f"text must be str or bytes, not {type(text).__name__}")
    try:
        return _extract(text, published=published, url=url, outlet=outlet, title=title, geocoder=geocoder,
                        registry=registry, today=today)
    except Exception as e:  # noqa: BLE001 - a report we cannot read is a result with a reason, not a crash
        log.exception("extraction failed")
        return ExtractionResult(reason=f"the report could not be read ({type(e).__name__}: {e})"[:300],
                                published=published if isinstance(published, dt.date) else None)


def _extract(text: str | bytes | None, *, published: dt.date | None, url: str | None, outlet: str | None,
             title: str | None, geocoder: Any, registry: GroupRegistry | None,
             today: dt.date | None) -> ExtractionResult:
    today = today or dt.date.today()
    if text is None:
        return ExtractionResult(reason="no text", published=published)
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_INPUT_CHARS * 4:
            return ExtractionResult(reason=f"too long: {len(text)} bytes, limit {MAX_INPUT_CHARS}", published=published)
        text = bytes(text).decode("utf-8", errors="replace")
    if len(text) > MAX_INPUT_CHARS:
        return ExtractionResult(reason=f"too long: {len(text)} characters, limit {MAX_INPUT_CHARS}",
                                published=published)
    if not text.strip():
        return ExtractionResult(reason="no text", published=published)
    doc = clean_report(text, max_chars=MAX_TEXT_CHARS)
    result = ExtractionResult(published=published, url=url, text=doc.text)
    if not doc.text.strip():
        result.reason = "no text (the page has no visible article text)"
        return result
    if len(doc.text) > MAX_TEXT_CHARS:
        result.reason = f"too long: {len(doc.text)} characters of text, limit {MAX_TEXT_CHARS}"
        result.text = ""
        return result
    if (why := english_reason(doc.text)) is not None:
        result.reason = why
        return result
    if published is None:
        pub = find_publication_date(doc.text, today=today)
        if pub is None and doc.html and doc.html.published:
            d = parse_loose_date(doc.html.published)
            if d and d <= today:
                result.published, result.published_evidence = d, f"page metadata: {doc.html.published}"
        elif pub is not None:
            result.published, result.published_evidence = pub.date, pub.evidence
            if pub.note:
                result.warnings.append(f"publication date {pub.date.isoformat()}: {pub.note}")
    else:
        result.published_evidence = "given by the user"
    if result.published is None:
        result.warnings.append("no publication date found: relative dates (\"on Saturday\") cannot be resolved")
    result.title = title or doc.title
    headers = [s.text for s in doc.sentences if s.kind == "header"]
    result.outlet = outlet or (doc.html.outlet if doc.html and doc.html.outlet else None) or _outlet_from(doc.text, headers)
    if result.outlet and re.search(r"\(with inputs from agencies\.?\)", doc.text, re.I) and "agencies" not in result.outlet:
        result.outlet += " (with inputs from agencies)"
    if url is None and doc.html and doc.html.url and re.match(r"https?://", doc.html.url):
        result.url = doc.html.url
    registry = registry or default_registry()
    if geocoder is None:
        from geo.geocoder import get_geocoder

        geocoder = get_geocoder("offline")
    finder = _place_finder()
    groups = GroupFinder(registry)
    seg = segment(doc.sentences, result.published, finder, groups, today)
    result.background = [i.text for i in seg.background if i.background]
    if not seg.segments:
        result.reason = _why_none(seg)
        return result
    provinces = {g.province for g in seg.segments if g.province}
    ctx = _Ctx(result.published, geocoder, registry,
               Source(result.outlet, result.title, result.url or report_urn(doc.text), result.published), today,
               provinces.pop() if len(provinces) == 1 else None)
    built: list[ExtractedIncident] = []
    prev: dt.date | None = None
    title_sites = _title_sites(doc, finder, groups) if len(seg.segments) == 1 else []
    for s in seg.segments:
        # a lone attack's lead that only tells of the claim ("... claimed the attack, carried out late on Thursday
        # night") still dates it when the attack's own sentences do not
        shared = seg.combined + ([i for i in seg.preamble if i.attack] if len(seg.segments) == 1 else [])
        inc = _build(s, ctx, prev, shared, title_sites)
        prev = inc.incident.date
        built.append(inc)
    result.combined = _apply_combined(seg, built)
    _apply_attributions(seg, built, groups)
    if _STATE_LABEL.search(doc.text):
        for ext in built:
            ext.warnings.append(f"the report uses the state's label {_STATE_LABEL.search(doc.text).group(0)!r} "
                                "(Baloch separatist groups as a whole): it names no single group, so no attribution "
                                "is recorded from it")
    if len(built) == 1:
        _apply_headline(doc, built[0], groups)
        _tidy_ledger(built[0], groups.registry)  # "..., BLF denies involvement" over the body's suspicion
    for ext in built:
        _finish(ext, ctx)
    result.incidents = built
    return result


def _title_sites(doc: Any, finder: PlaceFinder, groups: GroupFinder) -> list:
    """Places the headline names as where the attack happened (a fallback when the body names none)."""
    s = next((s for s in doc.sentences if s.kind == "title"), None)
    if s is None:
        return []
    found = finder.find(s.text, attack=True, masked=[(g.start, g.end) for g in groups.find(s.text)])
    info = SentenceInfo(s, s.text, None, True, False, None, None, found, [], [], [])
    return [(0.0, p, info) for p in found if p.kind != "province" and p.role == "site"]


def _apply_headline(doc: Any, ext: ExtractedIncident, groups: GroupFinder) -> None:
    """A toll or claim the headline (or the deck under it) states and the body does not ("Death toll ... rises to
    21") is used, with the headline as evidence; a headline's updated toll beats a lower figure in the body."""
    for s in [s for s in doc.sentences if s.kind in ("title", "deck")][:2]:
        _apply_line(s, ext, groups, doc)


def _apply_line(s: Any, ext: ExtractedIncident, groups: GroupFinder, doc: Any) -> None:
    inc = ext.incident
    for c in find_casualties(s.text):
        if c.what not in ("killed", "injured"):
            continue
        have_min = getattr(inc, f"{c.what}_min")
        have = getattr(inc, f"{c.what}_text") is not None
        # the body's "several Levies personnel were killed" has no bounds: the headline's "Six" says more
        vague = have and have_min is None and getattr(inc, f"{c.what}_max") is None and c.count.min is not None
        # the body's "at least five have died" (an early quote) under "Bomb kills seven": the headline's exact, higher
        # figure says more and does not contradict it
        fuller = have and have_min is not None and getattr(inc, f"{c.what}_max") is None and \
            c.count.min is not None and c.count.min == c.count.max and c.count.min > have_min
        # the body only gives the first reports' figure ("Initial reports said four were killed, but the number
        # rose"): the headline's higher figure is the later one
        said = [m for m in find_casualties(ext.evidence.get(c.what, "")) if m.what == c.what and m.count.min == have_min]
        # ... or only those who died on the spot ("Six personnel died on the spot"; the toll "had risen by morning")
        early = have and have_min is not None and c.count.min is not None and c.count.min == c.count.max and \
            c.count.min > have_min and bool(said) and (all(m.superseded for m in said) or bool(
                re.search(r"\bon\s+the\s+spot\b", ext.evidence.get(c.what, ""), re.I)))
        if have and not vague and not fuller and not early and not (
                c.updated and c.count.min is not None and have_min is not None and c.count.min > have_min):
            continue
        setattr(inc, f"{c.what}_min", c.count.min)
        setattr(inc, f"{c.what}_max", c.count.max)
        setattr(inc, f"{c.what}_text", c.count.text)
        ext.evidence[c.what] = s.text
        ext.highlights[c.what] = [s.text[c.start:c.end]]
        ext.warnings.append(f"{c.what} taken from the headline: {s.text[c.start:c.end]!r}")
    for a in find_attributions(s.text, groups):
        if a.group == "AFGT" and a.surface.lower() in ("taliban", "taleban") and \
                any(g.code == "TTP" for g in groups.find(doc.text[s.end:])):
            a = replace(a, group="TTP")  # "Taliban deny role" over a report about the Pakistani Taliban
        led = inc.attributions
        if any(x.status == a.status for x in led):
            continue  # the body states it ("Taliban deny role" over "the Pakistani Taliban denied involvement")
        key = f"attributions[{len(led)}]"
        led.append(Attribution(a.group, a.status, a.by))
        ext.evidence[key] = s.text
        ext.highlights[key] = [h for h in (a.surface, a.cue) if h and h in s.text]


def _why_none(seg: Segmentation) -> str:
    if seg.combined:
        return "no attack could be told apart: the report only gives several attacks together"
    if seg.background:
        return "no attack described: only earlier attacks or trends are mentioned (background)"
    return "no attack described"


# -- per incident ----------------------------------------------------------------------------------------

def _geocode(ctx: _Ctx, query: str, hint: str | None, ext: ExtractedIncident) -> Any:
    try:
        return ctx.geocoder.geocode(query, province=hint)
    except Exception as e:  # noqa: BLE001 - a geocoder failure must not lose the extraction
        ext.warnings.append(f"geocoder failed for {query!r}: {e}")
        return None


#: "the blast at the post on the edge of the Spinwam area": the attack's place, told in a sentence about something
#: else (the toll, the damage).
_TOLD_AT = re.compile(r"\bthe\s+(?:blast|attack|bombing|explosion|ambush|assault|raid)\s+(?:at|in|on|near)\b[^.;,]{0,60}$",
                      re.I)


def _place(seg: Segment, ctx: _Ctx, ext: ExtractedIncident,
           title_sites: list[tuple[float, PlaceMention, SentenceInfo]] = (),
           lead: list[SentenceInfo] = ()) -> dict[str, Any]:
    cands: list[tuple[float, PlaceMention, SentenceInfo]] = []
    near: list[tuple[float, PlaceMention, SentenceInfo]] = []
    distance: list[tuple[float, PlaceMention, SentenceInfo]] = []  # "30 km east of the port city of Gwadar"
    datelines: list[tuple[float, PlaceMention, SentenceInfo]] = []
    provinces: list[tuple[str, SentenceInfo, PlaceMention]] = []
    told = list(enumerate(seg.sentences))
    if lead and not any(p.role in ("site", "official", "near") and p.kind in ("place", "unlisted")
                        for i in seg.sentences for p in i.places):
        # "Security forces foiled an attempt by khawarij to ram a vehicle into a post in Saidgi area ...", then
        # the attack told: the lone attack's lead places it when its own sentences name no place
        told += [(len(seg.sentences) + k, i) for k, i in enumerate(lead)]
    for n, info in told:
        for p in info.places:
            if p.kind == "province":
                if p.role not in ("dateline", "hospital"):
                    provinces.append((p.province_code, info, p))
                continue
            # a name the gazetteer lacks, said to be a district ("Kalaat district"), is an area, not a locality
            kind_score = 0.0 if p.kind == "unlisted" and p.area_word == "district" else _KIND_SCORE.get(p.kind, 0)
            # a sentence that tells no attack ("an emergency jirga was summoned in Parachinar") places it weakly
            score = (3 if p.role == "site" else 1) + (2 if p.strong else 0) + kind_score - 0.05 * n - \
                (1.5 if not info.event and n > 0 and p.kind != "unlisted" else 0)
            if p.role in ("site", "official"):
                cands.append((score, p, info))
            elif p.role == "near":
                near.append((score, p, info))
            elif p.role == "distance":
                distance.append((score, p, info))
            elif p.role == "dateline":
                datelines.append((-n, p, info))
    for info in seg.context:  # "... on patrol in the Safi tehsil of the district": a locality of the attack's district
        for p in info.places:
            if p.kind == "unlisted" and p.role == "mention" and _OF_THE_DISTRICT.match(info.fg[p.end:p.end + 40]):
                cands.append((7.0, replace(p, role="site"), info))
    hint = seg.province or (provinces[0][0] if provinces else None) or ctx.report_province
    if hint is None:  # the one province every place the attack's sentences name lies in
        named = {pc for _, p, _ in cands for pc in p.provinces()}
        hint = named.pop() if len(named) == 1 else None
    if hint is None:  # else the one the headline's places lie in ("... grenade attack on police van in Peshawar")
        titled = {p.province_code for _, p, _ in title_sites if p.province_code}
        hint = titled.pop() if len(titled) == 1 else None
    if seg.district:
        inside = [c for c in cands if same_place(seg, c[1])]
        in_district = [c for c in cands if c in inside or (
            c[1].kind == "unlisted" and not any(o[2] is c[2] and o[1].kind != "unlisted" and not same_place(seg, o[1])
                                                for o in cands)) or any(_close(c[1], o[1]) for o in inside)]
        cands = in_district or cands
    # the most specific place: a town or a named locality beats the district it lies in
    specific: dict[tuple, tuple[PlaceMention, SentenceInfo]] = {}
    for _, q, i in cands:  # one per name (a long report repeats them), from sentences that tell the attack
        if q.role == "site" and q.kind in ("place", "unlisted") and (not q.area_word or (
                q.area_word == "tehsil" and q.kind == "place")) and (
                i.event or i is seg.sentences[0] or q.kind == "unlisted" or _TOLD_AT.search(i.fg[:q.start][-80:])):
            specific.setdefault((q.key, id(i) if q.kind == "unlisted" else None), (q, i))
    memo: dict[tuple, bool] = {}

    def has_inside(p: PlaceMention, info: SentenceInfo) -> bool:
        k = (p.key, p.area_word, id(info))
        if k not in memo:
            memo[k] = any(_within(q, p, i is info) or _described_in(q, i, p) for q, i in specific.values())
        return memo[k]

    def named_inside(p: PlaceMention, info: SentenceInfo) -> bool:
        """"in the Karezat area of Pishin": the place named before "area of" lies in *p*."""
        return any(o is not p and o.end <= p.start and _AREA_OF.fullmatch(info.fg[o.end:p.start])
                   for o in info.places if o.role == "site" and o.kind != "province")

    def named_part(p: PlaceMention, info: SentenceInfo) -> bool:
        """Is *p* the part in "the Karezat area of Pishin" (then nothing nearby makes it the bigger one)?"""
        return bool(_AREA_OF.match(info.fg[p.end:])) and any(
            o.start >= p.end and _AREA_OF.fullmatch(info.fg[p.end:o.start]) for o in info.places if o.role == "site")

    cands = [(score - 2 if (has_inside(p, info) and not named_part(p, info)) or named_inside(p, info) else score, p,
              info) for score, p, info in cands]
    chosen, precision_override = None, None
    if cands:
        chosen = max(cands, key=lambda c: c[0])
        if chosen[1].kind == "unlisted" and chosen[2] is not seg.sentences[0] and \
                _POST_NAMED.match(chosen[2].fg[chosen[1].end:]) and \
                (lead_towns := [c for c in cands if c[2] is seg.sentences[0] and c[1].kind == "place" and
                                c[1].role == "site" and c[1].area_word in (None, "tehsil")]):
            # "attacked a police checkpost in Sarai Naurang town" in the lead, then "opened fire on the Mela Mandi
            # checkpost": the post's name, the town the lead gave is the site
            chosen = max(lead_towns, key=lambda c: c[0])
        # "near Sadda, a town in lower Kurram" beside "in Kurram district": near the town, not the district
        closer = [c for c in near if c[1].kind in ("place", "unlisted") and (c[1].entries and (
            _within(c[1], chosen[1], True) or _near_in(c, chosen)) or (c[1].kind == "unlisted" and c[2] is chosen[2]))
            ] if _is_area(chosen[1]) else []  # "near Jani Khel in Bannu district": near the locality
        # "near Nikpikhel in Swat district's Kabal area": a village the gazetteer lacks, near which, in a town's area
        closer = closer or ([c for c in near if c[1].kind == "unlisted" and c[2] is chosen[2]]
                            if chosen[1].kind == "place" and re.match(r"\s+area\b", chosen[2].fg[chosen[1].end:]) else [])
        # "the attack took place near Eidak, a village on the road between Mir Ali and Miran Shah": a place the
        # gazetteer lacks, which the report says is a village or town, is the site it gives
        closer = closer or [c for c in near if c[1].kind == "unlisted" and _DESCRIBED.match(c[2].fg[c[1].end:])]
        # "on the outskirts of Nok Kundi, a town in the sprawling Chagai district": a town the report says lies in it
        closer = closer or [c for c in near if c[1].kind == "place" and c[2] is chosen[2] and _is_area(chosen[1]) and
                            _DESCRIBED.match(c[2].fg[c[1].end:]) and c[1].end < chosen[1].start]
        # "stopped buses near Ormara in Balochistan" in the lead, "a blockade in Gwadar district" later: the town
        closer = closer or [c for c in near if c[2] is seg.sentences[0] and c[1].kind == "place" and
                            _is_area(chosen[1]) and chosen[2] is not seg.sentences[0] and
                            c[1].province_code == chosen[1].province_code]
        # "an attack in Chitral region", then "attacked the post near Drosh, a town in the Lower Chitral district":
        # the town the attack sentence names, close to the place the lead gave
        closer = closer or [c for c in near if c[1].kind == "place" and c[2].event and c[1].key != chosen[1].key and
                            _DESCRIBED.match(c[2].fg[c[1].end:]) and _close(c[1], chosen[1])]
        # "near the village of Ipi in the Mir Ali area": the village the report names beside the bigger place
        closer = closer or [c for c in near if c[2] is chosen[2] and c[1].kind in ("place", "unlisted") and
                            _VILLAGE_BEFORE.search(c[2].fg[max(0, c[1].start - 20):c[1].start])]
        # "The blast took place near the Ferozabad area of Khuzdar": the part of the town (or district) named
        closer = closer or [c for c in near if c[1].kind == "unlisted" and _AREA_OF.match(c[2].fg[c[1].end:]) and any(
            o.key == chosen[1].key and o.start >= c[1].end and _AREA_OF.fullmatch(c[2].fg[c[1].end:o.start])
            for o in c[2].places)]
        # "near Mughalkot, on the highway ..., Zhob Assistant Commissioner said": where the attack was near, not the
        # town a source serves
        closer = closer or ([c for c in near if c[2].event] if all(c[1].role == "official" for c in cands) else [])
        if closer:
            chosen = max(closer, key=lambda c: c[0])
            precision_override = 2
            ext.warnings.append(f"the report places the attack near {chosen[1].surface}")
    elif near or distance:  # "near Paharpur in the neighbouring Dera Ismail Khan district": the town, not the district
        chosen = max(near or distance, key=lambda c: (not _is_area(c[1]), c[0]))
        precision_override = 2
        ext.warnings.append(f"the report only places the attack near {chosen[1].surface}")
    elif hint in _CAPITALS and (cap := next((i for i in seg.sentences if _IN_CAPITAL.search(i.fg)), None)):
        res = _geocode(ctx, _CAPITALS[hint], hint, ext)
        if res is not None:
            ext.evidence["location"] = cap.sentence.text
            ext.highlights["location"] = [_IN_CAPITAL.search(cap.fg).group(0)]
            return dict(location=res.name, district=res.district, province=res.province,
                        province_code=res.province_code, lat=res.lat, lon=res.lon, geo_precision=res.precision)
    if chosen is None and title_sites:
        chosen = title_sites[0]
        ext.warnings.append(f"place taken from the headline: {chosen[1].surface}")
    if chosen is None and datelines:
        chosen = max(datelines, key=lambda c: c[0])
        precision_override = 2
        ext.warnings.append(f"only the dateline names a place ({chosen[1].surface}): the attack is placed there, "
                            "check it")
    fields: dict[str, Any] = {}
    if chosen:
        _, p, info = chosen
        res = _geocode(ctx, p.query, hint, ext)
        if res is None and p.area_word:
            res = _geocode(ctx, p.surface, hint, ext)
        if res is not None and getattr(res, "match", "exact") == "fuzzy" and _far_from_the_report(res, seg, p):
            ext.warnings.append(f"{p.surface!r} is close in spelling to {res.name} ({res.province}), but that lies "
                                f"over {FUZZY_MAX_KM:.0f} km from every other place the report names: not used")
            res = None
        dl = _dateline_province(datelines)
        capital_part = res is not None and dl is not None and res.province_code != dl and \
            _OF_THE_CAPITAL.match(info.fg[p.end:p.end + 60]) is not None
        if capital_part:
            # "the Shahpur area of the provincial capital" under a Peshawar dateline: a part of Peshawar, not the
            # Shahpur the gazetteer holds in Punjab
            ext.warnings.append(f"{p.surface!r} is read as a part of the provincial capital, not {res.name} "
                                f"({res.province})")
            res = None
        misplaced = _district_elsewhere(p, res, info, hint) if res is not None else None
        if misplaced is not None:
            ext.warnings.append(f"{p.surface!r} is read as a place of the district the report names, not {res.name} "
                                f"({res.province})")
            longer = re.match(r"(?:\s+(?-i:[A-Z][\w'-]+)){1,2}(?=\s+(?:area|village|town|locality)\b)", info.fg[p.end:])
            if longer:  # "Rojhan Jamali": the whole name, not the gazetteer's part of it
                p = replace(p, surface=p.surface + longer.group(0), end=p.end + longer.end(),
                            key=normalize_name(p.surface + longer.group(0)))
            res = None
        # "the Kingri area of Musakhel district" in a Balochistan report: the gazetteer's Kingri lies in another
        # province, so the name is a place it lacks
        elsewhere = res is None and p.kind == "place" and hint is not None and hint not in p.provinces()
        if res is None and (p.kind == "unlisted" or capital_part or misplaced is not None or elsewhere):
            # "at Gichk, in neighbouring Panjgur district": the district said to be near holds the place too
            around = cands + [c for c in near if c[2] is info and (c[1].kind == "area" or c[1].area_word == "district")]
            # "Sur Bandar Kalan, a fishing village some 30 km east of the port city of Gwadar": the town it is
            # measured from, when nothing the place lies in is named
            around += [(-1.0, c[1], c[2]) for c in near + distance if c[2] is info and c[1].kind == "place"]
            if re.search(r"\bthe\s+(?:city|town|provincial\s+capital)'s\s+$", info.fg[:p.start][-30:]) and datelines:
                around = around + [(0.0, max(datelines, key=lambda c: c[0])[1], info)]  # "the city's Wazir Bagh"
            # "attacked a police station on the outskirts of Peshawar", then "the Sarband police station": the town
            # the lead put the attack near (the dateline's town alone never places it: #24)
            around += [(-2.0, c[1], c[2]) for c in near if c[2] is not info and c[1].kind == "place"]
            # "claimed the killing of two police officers in the port city of Karachi", then "in the Golimar area":
            # the city a lone attack's lead names
            around += [(-2.5, q, i) for i in lead for q in i.places if q.kind == "place" and q.role in ("site", "near")]
            fields = _unlisted_place(p, info, seg, around, dl if capital_part else misplaced.province_code
                                     if misplaced is not None else hint or dl, ctx, ext)
            ext.evidence["location"] = info.sentence.text
            ext.highlights["location"] = [p.surface]
            return fields
        if res is not None:
            if res.precision == 1 and _AREA_AFTER.match(info.fg[p.end:p.end + 20]):
                precision_override = precision_override or 2  # "in Daraban tehsil": the area, not its town
            fields = dict(location=_shown_name(res.name, p.surface), district=res.district, province=res.province,
                          province_code=res.province_code, lat=res.lat, lon=res.lon,
                          geo_precision=precision_override or res.precision)
            if not res.district:  # "Jamrud, in the Khyber district": the district the report names
                others = sorted((c for c in cands if c[1] is not p and c[1].district
                                 and c[1].province_code == res.province_code),
                                key=lambda c: (c[1].area_word is None, c[1].kind != "area"))
                area = others[0][1] if others else None
                if area is not None:
                    fields["district"] = area.district
            if hint and res.province_code and res.province_code != hint:
                ext.warnings.append(f"{res.name} is in {res.province} but the report names "
                                    f"{_PROVINCE_NAMES.get(hint, hint)}")
                ext.incident.flags.append(f"{REPORT_PROVINCE_FLAG}{_PROVINCE_NAMES.get(hint, hint)}, but "
                                          f"{res.name} is in {res.province}")
        else:
            fields = dict(location=p.surface, district=p.district, province=_PROVINCE_NAMES.get(p.province_code or ""),
                          province_code=p.province_code)
            ext.warnings.append(f"{p.surface!r} is not in the gazetteer: no coordinates")
        ext.evidence["location"] = info.sentence.text
        ext.highlights["location"] = [p.surface]
        if hint and provinces and provinces[0][1] is not info:
            ext.evidence["province"] = provinces[0][1].sentence.text
            ext.highlights["province"] = [provinces[0][2].surface]
        return fields
    if hint:
        res = _geocode(ctx, _PROVINCE_NAMES.get(hint, hint), hint, ext)
        fields = dict(location=_PROVINCE_NAMES.get(hint, hint), province=_PROVINCE_NAMES.get(hint, hint),
                      province_code=hint)
        if res is not None:
            fields.update(lat=res.lat, lon=res.lon, geo_precision=3)
        if provinces:
            ext.evidence["location"] = provinces[0][1].sentence.text
            ext.highlights["location"] = [provinces[0][2].surface]
        ext.warnings.append("no town or district named for this attack: province only")
        return fields
    ext.warnings.append("no place found for this attack: set the location before saving")
    return dict(location="Pakistan")


def _shown_name(canonical: str, surface: str) -> str:
    """The place's name as the gazetteer spells it, unless that is a compound the report does not use
    ("Musa Banda/Musa khan kallay", "Cherat Cantonement" for "Cherat"): then the report's own name."""
    if "/" in canonical and normalize_name(surface) in {normalize_name(x) for x in canonical.split("/")}:
        return surface
    if normalize_name(canonical).startswith(normalize_name(surface) + " ") and re.search(
            r"\b(?:Cantone?ment|Cantt|Bazar|Bazaar|Town|City)$", canonical):
        return surface
    return canonical


#: A fuzzy geocoder answer farther than this from every other place the report names is dropped.
FUZZY_MAX_KM = 150.0
#: A town this close to a district's point is taken to lie in it when the gazetteer names no district.
SAME_AREA_KM = 50.0
#: A town said to be "near" and this close to a named district's point is taken to lie in that district.
DISTRICT_REACH_KM = 150.0
#: After a town's name, a word that makes it the area named after the town ("Daraban tehsil").
_AREA_AFTER = re.compile(r"\s+(?:tehsil|sub-?division|district)\b", re.I)
_KIND_SCORE = {"place": 1.0, "unlisted": 1.5}
_OF_THE_CAPITAL = re.compile(r"\s+(?:(?:area|locality|neighbou?rhood|suburb)\s+(?:on\s+the\s+(?:(?:northern|southern|eastern|"
                             r"western|north-?(?:eastern|western)|south-?(?:eastern|western))\s+)?(?:outskirts|edge)\s+|in\s+the\s+"
                             r"suburbs\s+)?|outskirts\s+)of\s+the\s+(?:provincial\s+)?"
                             r"(?:capital|metropolis)\b", re.I)
#: Between two places: the first is a part of the second ("the Karezat area of Pishin").
_AREA_OF = re.compile(r"\s+(?:area|locality|village|town|tehsil|sub-?division|neighbou?rhood)\s+of\s+(?:the\s+)?", re.I)
#: After a name: the report says what it is (", a fishing village", ", a small town").
_DESCRIBED = re.compile(r",\s+an?\s+(?:[a-z-]{3,}\s+){0,2}?(?:town|village|hamlet|locality|settlement|area|neighbou?rhood|suburb|crossing)\b|"
                        r"\s+(?:village|town|hamlet)\b")
_OF_THE_DISTRICT = re.compile(r"\s+(?:area|tehsil|village|town|locality|sub-?division)\s+of\s+the\s+(?:district|agency)\b", re.I)


#: After a name: the post it names ("the Mela Mandi checkpost").
_POST_NAMED = re.compile(r"\s+(?:police\s+|Levies\s+|levies\s+|FC\s+)?(?:check\s*post|checkpost|checkpoint|post|chowki|picket)\b",
                         re.I)
#: Between a place and its district: "the Rojhan Jamali area of" (a word or two of the name may follow the match).
_AREA_OF_DISTRICT = re.compile(r"(?:\s+[A-Z][\w'-]+){0,2}\s+(?:area|village|town|locality)\s+of\s+(?:the\s+)?"
                               # "the Model Town area of Pakistan's southwestern city of Quetta"
                               r"(?:[A-Z][\w-]*'s\s+)?(?:[a-z-]+\s+){0,2}?(?:(?:city|town|district)\s+of\s+)?")


def _district_elsewhere(p: PlaceMention, res: Any, info: SentenceInfo, hint: str | None) -> PlaceMention | None:
    """"in the Rojhan Jamali area of Jaffarabad district", "Fatehpur area of Jhal Magsi district": the district the
    sentence names, in another province than the gazetteer's answer for the place (Rojhan and Fatehpur of Punjab),
    which then holds the place; else None."""
    if res.province_code is None:
        return None
    return next((q for q in info.places if q is not p and q.role == "site" and q.start > p.end
                 and q.province_code not in (None, res.province_code) and (
                     ((q.kind == "area" or q.area_word == "district") and hint in (None, q.province_code))
                     or _AREA_OF_DISTRICT.fullmatch(info.fg[p.end:q.start]))), None)


def _dateline_province(datelines: list) -> str | None:
    """The province of the dateline city: only a hint for a place the gazetteer lacks, never the site."""
    codes = {e.province_code for _, p, _ in datelines for e in p.entries[:1] if e.province_code}
    return codes.pop() if len(codes) == 1 else None


def _near_in(c: tuple, chosen: tuple) -> bool:
    """"near Pasni in Balochistan's Gwadar district": a town said to be near, in the same province and within a
    district's reach of its point, or twice that reach when the sentence itself puts the town in
    the district ("near Nok Kundi in Chagai district": Chagai's point is 160 km from its western towns; "near
    Taftan, the border town in Chagai district": the apposition puts it there too)."""
    p, info = c[1], c[2]
    area, area_info = chosen[1], chosen[2]
    if not re.search(r"\b(?:near|close\s+to|outskirts\s+of)\s+(?:the\s+(?:(?:town|city|village)\s+of\s+)?)?$", info.fg[:p.start][-40:],
                     re.I) or p.province_code != area.province_code:
        return False
    said_in = area_info is info and area.start > p.end and re.fullmatch(
        r",?\s+(?:(?:the|a)\s+(?:[\w-]+\s+){0,3}?(?:town|city|village)\s+)?(?:in|of)\s+(?:the\s+)?"
        r"(?:[A-Z][\w-]*(?:'s|s')\s+)?", info.fg[p.end:area.start]) is not None
    return _close(p, area, 2 * DISTRICT_REACH_KM if said_in else DISTRICT_REACH_KM)


def _is_area(p: PlaceMention) -> bool:
    return p.kind == "area" or p.area_word is not None


def _close(a: PlaceMention, b: PlaceMention, km: float = SAME_AREA_KM) -> bool:
    """Both places known and within *km* of each other."""
    return bool(a.entries and b.entries) and great_circle_km(a.entries[0].lat, a.entries[0].lon,
                                                             b.entries[0].lat, b.entries[0].lon) <= km


#: Between a place and a bigger one it is said to lie in: ", a village in the upper reaches of".
_IN_DESCRIBED = re.compile(r",\s+an?\s+(?:[a-z-]+\s+){0,2}?(?:town|village|hamlet|locality|settlement|area|neighbou?rhood|"
                           r"suburb)\s+(?:in|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:(?:of|in)\s+(?:the\s+)?)?")


def _described_in(q: PlaceMention, info: SentenceInfo, area: PlaceMention) -> bool:
    """"the attack took place at Dwatoi, a village in the upper reaches of Tirah": *q* lies in *area*."""
    return any(o.key == area.key and o.start >= q.end and _IN_DESCRIBED.fullmatch(info.fg[q.end:o.start])
               for o in info.places)


def _within(q: PlaceMention, area: PlaceMention, same_sentence: bool) -> bool:
    """Is *q* a more specific place inside *area* (a town of the district, a locality named beside it, a
    neighbourhood of the city)?"""
    if q.entries and q.entries[0].kind == "neighbourhood" and area.entries and \
            normalize_name(q.entries[0].part_of or "") == normalize_name(area.entries[0].name):
        return True
    if same_sentence and _part_of_city(q, area):
        return True  # "in Karachi, ... in the Malir Cantonment area": the town within the city named
    if not (_is_area(area) or _district_town(area, q)):
        return False
    if q is area or q.role not in ("site", "near") or q.kind not in ("place", "unlisted") or (
            q.area_word and not (q.area_word == "tehsil" and q.kind == "place")) or \
            q.key == area.key:
        return False  # "in Mastung" beside "in Mastung district" is no more specific
    if area.area_word == "tehsil" and q.kind == "place" and q.district and normalize_name(q.district) == q.key:
        return False  # "In Dera Ismail Khan, ... in Paharpur tehsil": the district's town is no part of the tehsil
    if area.kind == "unlisted" and area.area_word != "district" and q.kind == "place" and q.district and \
            normalize_name(q.district) == q.key:
        return False  # "in Domel tehsil of Bannu district", "a spokesman in Bannu": the district's town is no part of it
    if q.kind == "unlisted" or area.kind == "unlisted":
        return same_sentence  # "in Mangochar in Balochistan's Kalaat district": a misspelt district holds the town
    return bool(q.district and area.district and normalize_name(q.district) == normalize_name(area.district)) or \
        _close(q, area)


#: A smaller town this close to a big city's point, named with it, is a part of it.
CITY_PART_KM = 30.0


def _part_of_city(q: PlaceMention, city: PlaceMention) -> bool:
    """"Malir Cantonment" beside "Karachi": a smaller gazetteer place within :data:`CITY_PART_KM` of a city of
    a million or more."""
    if q.kind != "place" or city.kind != "place" or q.key == city.key or not (q.entries and city.entries):
        return False
    big, small = city.entries[0], q.entries[0]
    return big.population >= 1_000_000 and small.population < big.population and _close(q, city, CITY_PART_KM)


def _district_town(area: PlaceMention, q: PlaceMention) -> bool:
    """"in Khuzdar" beside "in the Nal area of Khuzdar district": a bare name that is also its district's
    name stands for the district when another place of that district is named as the site."""
    return area.kind == "place" and bool(area.district) and normalize_name(area.district) == area.key and \
        q.kind == "place" and q.key != area.key and (normalize_name(q.district) == area.key if q.district else
                                                     _close(q, area))  # (a town the gazetteer gives no district)


def _far_from_the_report(res: Any, seg: Segment, asked: PlaceMention) -> bool:
    """True when the report names other places and the answer lies far from all of them."""
    points = [(e.lat, e.lon) for info in [*seg.sentences, *seg.context] for p in info.places
              if p is not asked and p.kind != "province" for e in p.entries[:1]]
    return bool(points) and all(great_circle_km(res.lat, res.lon, la, lo) > FUZZY_MAX_KM for la, lo in points)


def _unlisted_place(p: PlaceMention, info: SentenceInfo, seg: Segment, cands: list, hint: str | None, ctx: _Ctx,
                    ext: ExtractedIncident) -> dict[str, Any]:
    """A named place the gazetteer lacks keeps its name; its point is the place it is said to lie in
    (precision 2) or the province's centroid (precision 3), never a guessed town."""
    known = [c for c in cands if c[1] is not p and (c[1].kind != "unlisted" or c[1].area_word)
             and not (p.kind == "place" and c[1].key == p.key)  # a gazetteer name read as a part of the capital
             and not (c[2] is info and c[1].start < p.end and p.start < c[1].end)]  # "Rojhan" of "Rojhan Jamali"
    around = [c for c in known if c[2] is info] or known
    for _, q, _info in sorted(around, key=lambda c: -c[0]):
        res = _geocode(ctx, q.query, hint, ext)
        # a district named with a misspelling ("Mustang district") answers by its spelling's match, in the report's
        # province (the geocoder's fuzzy match never crosses it) and near the other places the report names
        fuzzy_ok = res is not None and q.kind == "unlisted" and hint in (None, res.province_code) \
            and not _far_from_the_report(res, seg, q)
        if res is not None and (getattr(res, "match", "exact") == "exact" or fuzzy_ok):
            ext.warnings.append(f"{p.surface!r} is not in the gazetteer: placed at {res.name} (precision 2)")
            return dict(location=p.surface, district=res.district, province=res.province,
                        province_code=res.province_code, lat=res.lat, lon=res.lon,
                        geo_precision=max(2, res.precision))
    capital = _CAPITALS.get(hint or "")
    if capital and _OF_THE_CAPITAL.match(info.fg[p.end:p.end + 60]):
        # "in the Achini Payan area of the provincial capital": the province's capital holds the place
        res = _geocode(ctx, capital, hint, ext)
        if res is not None:
            ext.warnings.append(f"{p.surface!r} is not in the gazetteer: placed at {res.name} (precision 2)")
            return dict(location=p.surface, district=res.district, province=res.province,
                        province_code=res.province_code, lat=res.lat, lon=res.lon, geo_precision=2)
    if p.district:  # "Central Kurram": the part of a district named, at the district's point
        res = _geocode(ctx, p.district, p.province_code or hint, ext)
        if res is not None:
            ext.warnings.append(f"{p.surface!r} is not in the gazetteer: placed at {res.name} (precision 2)")
            return dict(location=p.surface, district=res.district, province=res.province,
                        province_code=res.province_code, lat=res.lat, lon=res.lon, geo_precision=2)
    fields: dict[str, Any] = dict(location=p.surface, district=seg.district, province_code=hint,
                                  province=_PROVINCE_NAMES.get(hint or ""))
    if hint:
        res = _geocode(ctx, _PROVINCE_NAMES.get(hint, hint), hint, ext)
        if res is not None:
            fields.update(lat=res.lat, lon=res.lon, geo_precision=3)
    ext.warnings.append(f"{p.surface!r} is not in the gazetteer: kept by name at province precision")
    return fields


def _date(seg: Segment, ctx: _Ctx, prev: dt.date | None, ext: ExtractedIncident,
          shared: list[SentenceInfo] = ()) -> tuple[dt.date, str]:
    best = None
    spoken = None  # "..., the military said on Saturday": the day a source spoke, when nothing else dates it
    # the incident's own sentences first; a sentence about several attacks ("two attacks on Monday") after
    for n, info in enumerate([*seg.sentences, *shared]):
        if n >= len(seg.sentences) and best is not None and (best[0][0] < 3 or best[2].kind in ("same_day", "month")):
            break  # (a day only the claim or the toll's rise was told on gives way to the lead's)
        for d in info.dates:
            if d.reporting:
                if spoken is None and n < len(seg.sentences) and d.date and d.kind in ("weekday", "relative_day") \
                        and not (ctx.published and d.date > ctx.published) \
                        and not _CLAIM_WORDS.search(info.fg[max(0, d.start - 80):d.end + 30]):
                    spoken = (d, info)
                continue
            if d.kind == "same_day":
                rank, date = 4, prev
            else:
                rank, date = _DATE_RANK.get(d.kind, 5), d.date
            if date is None:
                continue
            if date > ctx.today or (ctx.published and date > ctx.published + dt.timedelta(days=1)):
                continue
            if _BY_DAY.search(info.fg[:d.start][-16:]):
                # "by Saturday the toll had risen", "a gun battle that lasted until the early hours of Sunday": a day
                # something had happened by, below even "hours later" (the day of the attack told before)
                rank += 3.5
            elif _TOLL_DATED.search(info.fg[:d.start][-200:]) or _DAYS_AFTER_IT.match(info.fg[d.end:d.end + 50]):
                rank += 2  # "... but the toll rose to four on Tuesday": the day the toll rose
            elif _ATTACK_DATED.search(info.fg[d.start:d.end + 30]):
                rank -= 0.5  # "Friday's suicide bombing": the attack's own day
            elif _CASE_DATED.match(info.fg[d.end:d.end + 40]) or _CASE_DATED_BEFORE.search(info.fg[:d.start][-50:]):
                rank += 2  # "The CTD on Saturday registered a case against ...": the day of the case, not the attack's
            elif _CONDEMNED_DATED.search(info.fg[:d.start][-60:]):
                rank += 2  # "condemned the attack on Wednesday": the day of the condemnation
            elif _DIED_DATED.search(info.fg[:d.start][-60:]):
                rank += 2  # "... died in hospital on Wednesday": the day a victim died, not the attack's
            elif (da := _DATED_ATTACK.search(info.fg[:d.start][-50:])) and not re.search(
                    r"\b(?:shared|released|disclosed|announced|briefed|told|said|reported|statement|agency|message|channel|"
                    r"outlet|Amaq)\b", da.group(0), re.I):
                rank -= 0.5  # "exploded on Friday": the attack's own day (not "details of the attack were shared on")
            elif _CLAIMED_DATED.search(info.fg[d.end:d.end + 120]) or _CLAIM_WORDS.search(info.fg[:d.start][-60:]):
                rank += 2  # "On Sunday, the BLA claimed responsibility": the day of a claim, not the attack's
            key = (rank, n, d.start)
            if best is None or key < best[0]:
                best = (key, date, d, info)
    if best:
        _, date, d, info = best
        ext.evidence["date"] = info.sentence.text
        ext.highlights["date"] = [d.text]
        if d.kind == "weekend":
            ext.warnings.append(f"date from {d.text!r}: the Saturday is used; it may have been the Sunday")
        if d.year_assumed:
            ext.warnings.append(f"date from {d.text!r}: the report gives no year and no publication date, so "
                                f"the latest such day up to today ({date.isoformat()}) is used; check the year")
        return date, d.precision
    if prev is not None and seg.sentences and seg.sentences[0].separate:
        # "In a separate incident, an explosion took place near an FC vehicle in Harnai": a roundup's next attack told
        # with no day of its own happened on the day of the one before
        ext.evidence["date"] = seg.sentences[0].sentence.text
        ext.warnings.append("no date stated for this attack: the day of the attack told before it is used")
        return prev, "day"
    if spoken is not None:
        d, info = spoken
        ext.evidence["date"] = info.sentence.text
        ext.highlights["date"] = [d.text]
        ext.warnings.append(f"no date stated for this attack: the day its source spoke ({d.text!r}) is used; "
                            "it may have happened earlier")
        return d.date, d.precision
    if ctx.published:
        ext.warnings.append("no date stated for this attack: the publication date is used")
        ext.evidence["date"] = "publication date"
        return ctx.published, "day"
    ext.warnings.append("no date found: today's date is a placeholder, set the date before saving")
    return ctx.today, "day"


#: Before a name: the report says it is a village ("the village of Ipi", "village Sherathala").
_VILLAGE_BEFORE = re.compile(r"\b(?:village|hamlet)\s+(?:of\s+)?$", re.I)
#: "There was no immediate claim for the roadside bombing": the attack it names.
_NO_CLAIM_FOR = re.compile(r"\bno\s+(?:immediate\s+)?claim\s+(?:of\s+responsibility\s+)?for\s+the\s+(?:[\w-]+\s+){0,3}?"
                           r"(?:bombing|blast|attack|ambush|assault|raid|explosion|shooting)s?\b", re.I)
#: "two more of the wounded, constables A and B, had died during treatment": wounded who died.
_WOUNDED_DIED = re.compile(rf"\b(?P<q>{NUMBER})\s+(?:more\s+)?of\s+the\s+(?:injured|wounded)(?:\s+[a-z]+)?(?:,\s+[^,;.]{{1,80}},)?"
                           rf"\s+(?:had\s+|have\s+|later\s+)?(?:succumbed|died|passed\s+away)\b", re.I)


def _wounded_who_died(sentences: list[SentenceInfo]) -> int | None:
    """How many of the wounded the report says died later (the largest figure told), if it says so."""
    found = [parse_count(m.group("q")).min for i in sentences if "of the" in i.fg.lower()
             for m in _WOUNDED_DIED.finditer(i.fg)]
    found = [n for n in found if n is not None]
    return max(found) if found else None


#: "three people, including two Levies personnel": the count of a part of the toll.
_INCLUDING_N = re.compile(rf"\bincluding\s+({NUMBER})\b", re.I)


def _counted_in(toll: Count, more: list[tuple[CasualtyMention, SentenceInfo]]) -> bool:
    """"three people, including two Levies personnel", then "a civilian also lost his life": the one left of the toll
    once its named part is taken, already counted."""
    part = _INCLUDING_N.search(toll.text or "")
    n = parse_count(part.group(1)).min if part else None
    return n is not None and toll.min is not None and sum(a.count.min for a, _ in more) <= toll.min - n

_THE_BOMBER = re.compile(r"\bthe\s+bomber\b", re.I)
_SUICIDE_BOMBER = re.compile(r"\bsuicide\s+bomber\b", re.I)
#: Two attacks spoken of together ("both attacks", "the two attacks").
_BOTH = re.compile(r"\b(?:both|the\s+two|twin)\b", re.I)
#: "by Saturday", "until Sunday": a day something had happened by, not the day it happened.
_BY_DAY = re.compile(r"\b(?:by|until|till)\s+(?:the\s+)?$", re.I)
#: The forces' operation before or after an attack, which does not make the attack theirs.
_FOLLOW_UP_OPERATION = re.compile(
    r"\b(?:returning|coming\s+back|on\s+(?:their|its|the)\s+way\s+back)\s+from\s+(?:an?|the)\s+[^,.;]{0,40}?operation\b|"
    r"\b(?:clearance|sanitisation|sanitization|search|combing|follow-up|search-and-strike|search\s+and\s+strike)\s+"
    r"operations?\b[^,.;]*|\boperations?\s+that\s+followed\b|\bin\s+the\s+(?:ensuing|subsequent)\s+operation\b", re.I)
_DIED_AT_END = re.compile(r"\b(?:died|succumbed|passed\s+away)$", re.I)
_DIED_AFTER = re.compile(r"\s+(?:\w+\s+){0,6}?(?:had\s+|has\s+|later\s+)?(?:died|succumbed|passed\s+away)\b", re.I)


def _one_more_death(c: CasualtyMention, info: SentenceInfo) -> bool:
    """Victims who died of wounds ("a passer-by wounded in the blast had died", "the two injured soldiers had
    succumbed"): more deaths, no toll by themselves."""
    # (the span may hold the verb: "two critically wounded soldiers died")
    return c.what == "killed" and c.count.min is not None and c.count.min == c.count.max and \
        bool(_DIED_AFTER.match(info.fg[c.end:]) or _DIED_AT_END.search(info.fg[c.start:c.end])) and \
        bool(re.search(r"wounded|injured|hurt", info.fg[c.start:c.end + 60]))


def _hedges(lead: tuple[CasualtyMention, SentenceInfo], later: Count) -> bool:
    """The lead's open "at least N" over the same exact N said later: the hedge (more may die) is kept."""
    c = lead[0].count
    return c.max is None and c.min is not None and c.min == later.min == later.max


def _pick(mentions: list[tuple[CasualtyMention, SentenceInfo]]) -> tuple[CasualtyMention, SentenceInfo] | None:
    if not mentions:
        return None
    counted = [m for m in mentions if m[0].count.max != 0]
    mentions = counted or mentions  # a stated zero ("no one was killed") only when nothing else is said
    # "killed several people" in the lead, "as many as six lives were lost" in a quote: the figure with a bound
    bounded = [m for m in mentions if m[0].count.min is not None or m[0].count.max is not None]
    mentions = bounded or mentions
    # "a passer-by wounded in the blast had died": one more death, already in a toll stated beside it
    whole = [m for m in mentions if not _one_more_death(*m)]
    mentions = whole or mentions
    updated = [m for m in mentions if m[0].updated]
    if updated:
        last = updated[-1][0].count
        # "bringing the toll to 11" in the body, "killing at least 11" in the lead: the lead's hedge on the same
        # figure (more may die) is kept
        lead = next((m for m in mentions if not m[0].updated), None)  # (a headline's "rises to 16" may come first)
        return lead if lead is not None and _hedges(lead, last) else updated[-1]
    current = [m for m in mentions if not m[0].superseded]
    if current and len(current) < len(mentions):
        # "Children and at least one shopkeeper were among the dead": a part of the toll, not the toll
        whole = [m for m in current if not re.search(r"\bamong\b", m[0].text, re.I)]
        last = (whole or current)[-1]
        # (the lead's "at least three" over the body's same three: the hedge is kept, as for a toll that rose)
        lead = current[0]
        return lead if _hedges(lead, last[0].count) else last
    first = mentions[0]
    # "wounding more than a dozen" in the lead, "At least 14 are wounded" in a quote: the higher open figure
    higher = [m for m in mentions[1:] if first[0].count.max is None and m[0].count.max is None
              and first[0].count.min is not None and m[0].count.min is not None and m[0].count.min > first[0].count.min]
    return higher[-1] if higher else first


def _build(seg: Segment, ctx: _Ctx, prev: dt.date | None, shared: list[SentenceInfo] = (),
           title_sites: list = ()) -> ExtractedIncident:
    ext = ExtractedIncident(Incident(date=ctx.today, location="?"))
    date, precision = _date(seg, ctx, prev, ext, shared)
    fields = _place(seg, ctx, ext, title_sites, [i for i in shared if i.role == "preamble"])
    texts = [i.fg for i in seg.sentences]
    # (not from "there was no immediate claim for the roadside bombing": another attack's kind, named to set it apart)
    atype = find_attack_type([_NO_CLAIM_FOR.sub(" ", t) for t in texts])
    atype_said = seg.sentences[atype[1]] if atype else None
    if (atype is None or atype[0].value != "suicide bombing") and _THE_BOMBER.search(" ".join(texts)) and \
            (lead := next((i for i in shared if _SUICIDE_BOMBER.search(i.fg)), None)) is not None:
        # "A suicide bomber rammed a vehicle into a checkpoint and gunmen ambushed a van" (both attacks), then "The
        # bomber struck the checkpoint in Fateh Khel": this attack's bomber is the lead's suicide bomber
        atype, atype_said = find_attack_type([lead.fg]), lead
    if atype is None and (lead := [i for i in shared if i.role == "preamble"]):
        # "khawarij attempted to attack a post in Datta Khel" in a lone attack's lead, then only the troops' answer
        atype = find_attack_type([i.fg for i in lead])
        atype_said = lead[atype[1]] if atype else None
    target = find_target(texts)
    kinds: dict[str, list[tuple[CasualtyMention, SentenceInfo]]] = {}
    for info in seg.sentences:
        for c in info.casualties:
            kinds.setdefault(c.what, []).append((c, info))
    counts: dict[str, Count] = {}
    for what in ("killed", "injured", "attackers_killed"):
        got = _pick(kinds.get(what, []))
        if got:
            c, info = got
            counts[what] = c.count
            more = [(a, i) for a, i in kinds.get(what, []) if a.also and (i is not info or a.start > c.end) and a is not c]
            if more and c.count.min is not None and not c.updated and not _counted_in(c.count, more):
                extra = sum(a.count.min for a, _ in more)  # "A guard was also wounded"
                hi = c.count.max + extra if c.count.max is not None else None
                counts[what] = Count(c.count.min + extra, hi, "; ".join([c.count.text or c.text,
                                                                          *(a.text for a, _ in more)]))
            if what == "injured" and c.superseded and c.count.min is not None and c.count.min == c.count.max and \
                    (died := _wounded_who_died(seg.sentences)) and died <= c.count.min:
                # "Initially, officials said two were killed and five injured ... two more of the wounded had died":
                # the same people, counted once, among the dead
                left = c.count.min - died
                counts[what] = Count(left, left, f"{c.count.text or c.text}, less {died} who died of their wounds")
            ext.evidence[what] = info.sentence.text
            ext.highlights[what] = [info.sentence.text[c.start:c.end]]
    inc = ext.incident
    inc.date, inc.date_precision = date, precision
    for k, v in fields.items():
        setattr(inc, k, v)
    if atype and atype_said is not None:
        hit, _ = atype
        inc.attack_type = hit.value
        ext.evidence["attack_type"] = atype_said.sentence.text
        ext.highlights["attack_type"] = [hit.text]
    if target:
        hit, idx = target
        inc.target = hit.value
        ext.evidence["target"] = seg.sentences[idx].sentence.text
        ext.highlights["target"] = [hit.text]
    elif "killed" in counts:
        noun = counts["killed"].text or ""
        if re.search(r"\bpolice|\bcops?\b|constables?", noun, re.I):
            inc.target = "police"
        elif re.search(r"soldiers?|troops|security|FC\b|Levies|jawans|personnel", noun, re.I):
            inc.target = "security forces"
        if inc.target:
            ext.evidence["target"] = ext.evidence["killed"]
            ext.highlights["target"] = ext.highlights["killed"]
    if "killed" in counts:
        c = counts["killed"]
        inc.killed_min, inc.killed_max, inc.killed_text = c.min, c.max, c.text
    if "injured" in counts:
        c = counts["injured"]
        inc.injured_min, inc.injured_max, inc.injured_text = c.min, c.max, c.text
    if "attackers_killed" in counts:
        ext.attackers_killed = counts["attackers_killed"]
        a = counts["attackers_killed"]
        if a.min is not None and a.min == a.max:  # an exact figure only: "at least" is no count of militants
            inc.killed_militants = a.min
    # what happened (incidents/categories.py): an operation where the words tell of a state's forces
    # acting, an attack where they name one, unknown otherwise; the target's kind from the target's words
    # read in the sentence that tells the incident first, with the forces' follow-up masked: an attack on troops
    # "returning from an intelligence-based operation", followed by "a clearance operation", is an attack
    told = next((i.fg for i in seg.sentences if i.event), texts[0] if texts else "")
    inc.category = category_from_text(_FOLLOW_UP_OPERATION.sub(" ", told), inc.attack_type) or \
        category_from_text(_FOLLOW_UP_OPERATION.sub(" ", " ".join(texts)), inc.attack_type)
    if inc.category == "operation":
        inc.actor = "state"
    inc.target_kind = kind_of_target(inc.target)
    lead = next((i for i in seg.sentences if i.event), seg.sentences[0])
    summary = lead.sentence.text
    ext.evidence["summary"] = summary
    inc.summary = summary[:1000]
    return ext


def _apply_combined(seg: Segmentation, built: list[ExtractedIncident]) -> list[CombinedToll]:
    """A toll given for several attacks together: kept for them together (returned, saved as a related
    toll), and the one incident without its own figure keeps the wording as said of them together,
    with no bounds (never split by subtraction, never copied)."""
    if not seg.combined:
        return []
    n = len(built)
    out: list[CombinedToll] = []
    for what in ("killed", "injured"):
        combined = next(((c, info) for info in seg.combined for c in info.casualties if c.what == what), None)
        if combined is None:
            continue
        c, info = combined
        total = c.count
        if n >= 2:
            out.append(CombinedToll(list(range(n)), what, total, info.sentence.text))
        missing = [e for e in built if getattr(e.incident, f"{what}_text") is None]
        have = [e for e in built if getattr(e.incident, f"{what}_text") is not None]
        if n < 2:
            for e in built:
                e.warnings.append(f"the report gives {c.text!r} {what} for several attacks together; "
                                  "not copied onto this one")
            continue
        if len(missing) != 1:
            for e in missing:
                e.warnings.append(f"the report gives {c.text!r} {what} for {n} attacks together; it cannot be "
                                  "split, so this figure stays unknown")
            continue
        e = missing[0]
        scope = "both" if n == 2 else f"all {n}"
        # the figure belongs to the attacks together: never split by subtracting the others' figures
        inc = e.incident
        setattr(inc, f"{what}_min", None)
        setattr(inc, f"{what}_max", None)
        setattr(inc, f"{what}_text", f"{c.text} (said of {scope} attacks together)")
        e.warnings.append(f"the report gives {c.text!r} {what} for {scope} attacks together; kept as said, "
                          "not split among them")
        e.evidence[what] = info.sentence.text
        e.highlights[what] = [info.sentence.text[c.start:c.end]]
    return out


def _apply_attributions(seg: Segmentation, built: list[ExtractedIncident], groups: GroupFinder) -> None:
    seg_of: dict[int, int] = {}
    for k, s in enumerate(seg.segments):
        for info in s.sentences + s.context:
            seg_of[id(info)] = k
    prev: SentenceInfo | None = None
    for info in seg.infos:
        after_all, prev = prev is not None and prev.role == "combined", info
        if info.role == "background" or not info.fg:
            continue
        for name in unknown_claimants(info.fg, groups):
            k = seg_of.get(id(info), 0)
            if k < len(built):
                built[k].warnings.append(f"{name!r} claimed responsibility but is not in the group registry: "
                                         "add it to data/groups.csv, or record the claim by hand")
        for a in find_attributions(info.fg, groups):
            clause_places = [p for p in info.places if a.clause_start <= p.start < a.clause_end
                             and p.kind != "province" and p.role not in ("hospital", "dateline")]
            # "claimed the Hoshab bombing": the incident at Hoshab itself before others in Hoshab's district
            if info.role == "combined" and _BOTH.search(info.combined or ""):
                clause_places = []  # "Both attacks are the work of ...," an officer in Dera Ismail Khan said: all told
            targets = [k for k, s in enumerate(seg.segments) if any(p.key in s.keys for p in clause_places)] or \
                [k for k, s in enumerate(seg.segments) if any(same_place(s, p) for p in clause_places)]
            after_all = after_all and not any(p.kind != "province" and p.role not in ("hospital", "dateline")
                                              for p in info.places)
            if not targets and len(built) > 1:
                # "claimed responsibility for the highway killings": the one attack whose own sentences say "highway"
                targets = _by_word(info.fg[a.clause_start:a.clause_end], seg)
            if not targets and len(built) > 1 and after_all:
                targets = list(range(len(built)))  # a claim told right after the lead about all the attacks
            if not targets and len(built) > 1:
                clause = info.fg[a.clause_start:a.clause_end]
                # "claimed the attack on the soldiers"; "denied any role in the bombing" (but right after a sentence
                # about all the attacks, "saying its fighters had targeted the forces" claims them all)
                targets = _by_victims(clause, built) or _by_kind(clause, built)
            if not targets:
                # ("Police officials blamed the TTP for both.": said of the two attacks just told)
                if info.role == "combined" or info.all_scope() or (info.combined and _BOTH.search(info.combined)):
                    targets = list(range(len(built)))
                    if len(built) > 2 and _BOTH.search(info.fg):
                        # "both attacks had been carried out by khawarij" in a report of three: the two told so far
                        at = next(n for n, i in enumerate(seg.infos) if i is info)
                        started = [k for k, g in enumerate(seg.segments) if g.sentences and next(
                            n for n, i in enumerate(seg.infos) if i is g.sentences[0]) < at]
                        upto = max(started[-1] if started else 1, 1)
                        targets = [upto - 1, upto]
                elif id(info) in seg_of:
                    targets = [seg_of[id(info)]]
                elif built:
                    targets = [0]
            for k in targets:
                ext = built[k]
                led = ext.incident.attributions
                if any(x.group == a.group and x.status == a.status for x in led):
                    continue
                key = f"attributions[{len(led)}]"
                led.append(Attribution(a.group, a.status, a.by))
                if a.group == "AFGT" and a.surface.lower() in ("taliban", "taleban"):
                    ext.warnings.append(f"{key}: 'Taliban' alone is read as the Afghan Taliban (registry); Pakistani "
                                        "reports often mean the Pakistani Taliban (TTP) — check")
                ext.evidence[key] = info.sentence.text
                ext.highlights[key] = [h for h in (a.surface, a.cue) if h and h in info.sentence.text]
    for ext in built:
        _tidy_ledger(ext, groups.registry)


def _tidy_ledger(ext: ExtractedIncident, registry: Any) -> None:
    """Rules on one incident's ledger. The state's bare label ("the khawarij") blames the TTP only when the
    report blames no other group: after "khawarij of the Hafiz Gul Bahadur group", "engaged the khawarij" speaks
    of the same attackers. A parent gives way to its branch with the same status ("Islamic State" in one
    sentence, "its Pakistan Province" in the next). One status per group: claimed over blamed over suspected, and a
    group's own denial over an outsider's suspicion. A bare
    "Taliban" (the Afghan Taliban in the registry) beside the TTP with the same status is the TTP."""
    led = ext.incident.attributions
    keys = [f"attributions[{k}]" for k in range(len(led))]
    label_only = [k for k, a in enumerate(led) if a.group == "TTP" and a.status == "blamed"
                  and all(LABEL.fullmatch(h) for h in ext.highlights.get(keys[k], [])[:1])
                  and ext.highlights.get(keys[k])]
    if not any(a.status == "blamed" and a.group != "TTP" for a in led):
        label_only = []
    branches = {(registry.get(a.group).parent, a.status) for a in led
                if a.group in registry and registry.get(a.group).parent}
    claimed = {a.group for a in led if a.status == "claimed"}
    blamed = {a.group for a in led if a.status == "blamed"}
    denied = {a.group for a in led if a.status == "denied"}
    # one status per group: a group that claimed the attack is not also recorded as blamed or suspected (the claim
    # says more), nor one officials blamed as also suspected
    # "Taliban deny involvement" in a headline over "The TTP denied involvement": the bare word meant the TTP
    bare_taliban = {k for k, a in enumerate(led) if a.group == "AFGT" and any(
        b.group == "TTP" and b.status == a.status for b in led) and
        (ext.highlights.get(keys[k]) or [""])[0].lower() in ("taliban", "taleban")}
    drop = set(label_only) | bare_taliban | {k for k, a in enumerate(led) if (a.group, a.status) in branches
                                             or (a.status in ("blamed", "suspected") and a.group in claimed)
                                             or (a.status == "suspected" and a.group in blamed | denied)}
    if not drop:
        return
    keep = [k for k in range(len(led)) if k not in drop]
    old_ev = {k: (ext.evidence.pop(keys[k], None), ext.highlights.pop(keys[k], None)) for k in range(len(led))}
    ext.incident.attributions = [led[k] for k in keep]
    for n, k in enumerate(keep):
        ev, hl = old_ev[k]
        if ev is not None:
            ext.evidence[f"attributions[{n}]"] = ev
        if hl is not None:
            ext.highlights[f"attributions[{n}]"] = hl


_ON_VICTIMS = re.compile(r"\b(?:attack|bombing|blast|ambush|killings?|assault)\s+on\s+(?:the\s+)?(?P<noun>[a-z]{4,})", re.I)


def _by_victims(text: str, built: list[ExtractedIncident]) -> list[int]:
    """The one incident whose toll names the victims a claim names ("the attack on the soldiers")."""
    m = _ON_VICTIMS.search(text)
    if m is None:
        return []
    stem = m.group("noun").lower().rstrip("s")
    hits = [k for k, e in enumerate(built)
            if any(stem in (getattr(e.incident, f) or "").lower() for f in ("killed_text", "injured_text"))]
    return hits if len(hits) == 1 else []


#: "for the highway killings", "in the market bombing": a word that tells which attack a clause means.
_WORD_NOUN = re.compile(r"\b(?:in|for|of|behind|to)\s+the\s+(?P<word>[a-z]{4,})\s+(?:killings?|attack|bombing|blast|"
                        r"explosion|shooting|ambush|raid|assault)\b")
#: Words too common in every attack's sentences to tell one from another.
_PLAIN_WORDS = frozenset({"deadly", "latest", "terrorist", "militant", "suicide", "roadside", "recent", "brutal",
                          "cowardly", "twin", "first", "second", "third", "other", "same"})


def _by_word(text: str, seg: Segmentation) -> list[int]:
    """The one incident whose own sentences hold the word a clause sets before the attack ("the highway killings")."""
    m = _WORD_NOUN.search(text)
    if m is None or m.group("word") in _PLAIN_WORDS:
        return []
    word = re.compile(rf"\b{m.group('word')}\b", re.I)
    hits = [k for k, g in enumerate(seg.segments) if any(word.search(i.fg) and text not in i.fg for i in g.sentences)]
    return hits if len(hits) == 1 else []


_KIND_NOUN = re.compile(r"\b(?:in|for|of|behind|to)\s+the\s+(?:(?:suicide|roadside|deadly)\s+)?(?P<noun>bombing|blast|"
                        r"explosion|shooting|ambush|raid|gun\s+attack|assault)\b", re.I)
_BOMB_TYPES = frozenset({"IED", "bombing", "suicide bombing", "vehicle bomb"})


def _by_kind(text: str, built: list[ExtractedIncident]) -> list[int]:
    """The one incident of the kind a clause names ("denied any role in the bombing")."""
    m = _KIND_NOUN.search(text)
    if m is None:
        return []
    bomb = m.group("noun").lower() in ("bombing", "blast", "explosion")
    hits = [k for k, e in enumerate(built) if (e.incident.attack_type in _BOMB_TYPES) == bomb
            and e.incident.attack_type is not None]
    return hits if len(hits) == 1 else []


def _finish(ext: ExtractedIncident, ctx: _Ctx) -> None:
    inc = ext.incident
    inc.sources = [Source(ctx.source.outlet, ctx.source.title, ctx.source.url, ctx.source.published)]
    if ext.attackers_killed is not None:
        inc.summary = (inc.summary or "") + f" [Attackers killed, not counted in the toll: {ext.attackers_killed.text}]"
    if inc.killed_text is None:
        ext.warnings.append("no death toll stated for this attack (unknown, not zero)")
    if ext.attackers_killed is not None and inc.killed_text is None and inc.injured_text is None and \
            re.search(r"\b(?:operation|IBO|raid|search\s+and\s+(?:strike|clearance)|combing)\b",
                      ext.evidence.get("attackers_killed", ""), re.I):
        ext.warnings.append("this reads as a security-forces operation (only militants killed), not a militant "
                            "attack: check before saving")
    try:
        validate(inc, ctx.registry, today=ctx.today)
    except ValidationError as e:
        ext.warnings.append(f"needs correction before saving: {e}")
