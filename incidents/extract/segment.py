"""Cut a report into incidents: one per distinct attack.

Each body sentence is analysed once (:class:`SentenceInfo`). Background (earlier attacks, trends) is set
aside; a sentence speaking of several attacks at once is kept as *combined* (its toll is not copied onto
each); an attack sentence starts a new incident when it says so ("in a separate attack") or narrates an
attack in another district or province, and otherwise continues the current one — or goes back to an
earlier incident whose place it names ("the attack in Mastung").
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geo.distance import great_circle_km
from geo.normalize import normalize_name

from .attack import (background_cue, find_attack_type, first_event_at, is_attack_sentence, is_combined, is_event_sentence,
                     last_event_at, separate_cue, statistics_cue)
from .attribution import GroupFinder, GroupMention
from .casualties import CasualtyMention, find_casualties
from .dates import MONTH_PATTERN, DateMention, find_dates
from .places import PlaceFinder, PlaceMention, unlisted_role
from .text import Sentence

__all__ = ["SentenceInfo", "Segment", "Segmentation", "analyse", "segment", "same_place"]

#: An absolute date this long before publication marks an earlier attack, not the one reported.
BACKGROUND_AGE = dt.timedelta(days=10)
_STRONG_SEPARATE = re.compile(r"\b(?:separate|second|third|another|different)\s+(?:(?:grenade|bomb|gun|suicide|rocket|roadside)\s+)?"
                              r"(?:attack|incident|blast|bombing|"
                              r"explosion|assault|ambush)\b|\belsewhere\b|\bin\s+the\s+(?:second|third|fourth|fifth|other|latter)\s*"
                              r"(?:,|(?:one|case|instance)\b)", re.I)
#: A background cue that dates what the sentence tells: before it, no verb of attack and no toll means no new
#: attack ("... the scene of a suicide attack in March last year"; but "claimed an attack that killed three
#: policemen earlier this week" tells of the attack reported).
_PAST_TIME = re.compile(r"(?:last|past|previous)\s+(?:week|month|year|months|years|weeks)|earlier\s+this\s+(?:week|month|"
                        r"year)|this\s+year|(?:days|weeks?|months?|years?)\s+ago|in\s+(?:19|20)\d\d", re.I)
#: Once two attacks are told, "in the attacks" speaks of them together.
_THE_ATTACKS = re.compile(r"\b(?:in|from|during|after|by|of|for|behind|on)\s+(?:the|these|those)\s+(?:[\w-]+\s+)?(?:attacks|blasts|bombings|"
                          r"explosions|assaults|ambushes)\b|"
                          # "police said the attacks were carried out by ...": the subject, after two attacks told
                          r"\b(?:the|these|those)\s+(?:[\w-]+\s+)?(?:attacks|blasts|bombings|explosions|assaults|ambushes)\s+"
                          r"(?:were|had\s+been|have\s+been)\b", re.I)
_ONE_BEFORE = re.compile(r"\b(?:one|either|each|any|neither|the\s+(?:latest|first|second|third|last|deadliest))\s*$", re.I)
_PLURAL_ATTACK = re.compile(r"\b(?:attacks|blasts|bombings|explosions|incidents)\b", re.I)
_ALL_SCOPE = re.compile(r"\b(?:both|all\s+(?:the\s+)?(?:three|four|five)?|the\s+(?:two|three|four|twin))\s+"
                        r"(?:\w+\s+)?(?:attacks|blasts|bombings|explosions|incidents)\b|\btwin\b", re.I)


@dataclass
class SentenceInfo:
    """One sentence analysed: its foreground (before any background cue) and what it mentions."""

    sentence: Sentence
    fg: str
    background: str | None
    attack: bool
    event: bool
    combined: str | None
    separate: str | None
    places: list[PlaceMention]
    groups: list[GroupMention]
    casualties: list[CasualtyMention]
    dates: list[DateMention]
    role: str = "unassigned"  # attack | context | combined | background | preamble
    #: the sentence about several attacks at once that this context sentence follows, with no attack told
    #: between: it goes on about them all ("... killed in the two attacks. Officials blamed the TTP.")
    follows: "SentenceInfo | None" = None

    @property
    def text(self) -> str:
        return self.sentence.text

    def sites(self) -> list[PlaceMention]:
        return [p for p in self.places if p.role in ("site", "official") and p.kind not in ("province", "unlisted")]

    def provinces(self) -> list[str]:
        return [p.province_code for p in self.places
                if p.kind == "province" and p.role not in ("dateline", "hospital", "origin", "route", "mention")
                and p.province_code]

    def all_scope(self) -> bool:
        """Does the sentence speak of all the report's attacks ("both attacks", or after such a sentence)?"""
        # a "combined" sentence about twin blasts at one place joins that place's incident (_fold_combined)
        return (self.follows is not None and self.follows.role == "combined") or bool(_ALL_SCOPE.search(self.fg))


@dataclass
class Segment:
    """The sentences of one incident."""

    index: int
    sentences: list[SentenceInfo] = field(default_factory=list)
    context: list[SentenceInfo] = field(default_factory=list)
    district: str | None = None
    province: str | None = None
    keys: set[str] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)
    from_lead: bool = False  # told so far only by one half of a lead that tells two attacks

    def take_site(self, site: PlaceMention | None) -> None:
        if site is None:
            return
        if self.district is None and site.district:
            self.district = site.district
        if self.province is None and site.province_code:
            self.province = site.province_code
        self.keys.add(site.key)
        self.points.extend((e.lat, e.lon) for e in site.entries[:1])
        if site.district:
            self.keys.add(normalize_name(site.district))


@dataclass
class Segmentation:
    """Incidents' sentences plus the sentences set aside."""

    segments: list[Segment]
    combined: list[SentenceInfo]
    background: list[SentenceInfo]
    preamble: list[SentenceInfo]
    infos: list[SentenceInfo]


def _best_site(sites: list[PlaceMention]) -> PlaceMention | None:
    if not sites:
        return None
    return max(sites, key=lambda p: (p.role == "site", p.strong, p.kind == "place", -p.start))


def analyse(s: Sentence, published: dt.date | None, places: PlaceFinder, groups: GroupFinder,
            today: dt.date | None = None) -> SentenceInfo:
    """Everything the segmenter and the field extractors need from one sentence."""
    text = s.text
    after = _aftermath(text)
    bg = after or background_cue(_RELATIVE.sub(lambda m: " " * len(m.group(0)), text))  # not in ", which ... ,"
    fg = text
    if after:
        fg = ""  # a funeral or compensation: what followed an attack, not the attack
        told = text[:text.find(after)]
        inside = _WHO_DIED_WHEN.search(after)
        if inside and not re.search(r"compensation|cheques", after, re.I) and is_event_sentence(after[inside.end():]):
            # "The funeral prayers of four soldiers, who were martyred when militants attacked a check post in the
            # Kharqamar area late on Wednesday night, were offered": the attack told inside the funeral's words
            told = text[:text.find(after) + len(after)]
        if not re.search(r"compensation|cheques", after, re.I) and is_event_sentence(told):
            # "Three policemen who were martyred when terrorists stormed the Kulachi police station late on Tuesday
            # night were laid to rest": the funeral's lead tells the attack itself
            fg, after, bg = told, None, None
    elif bg:
        fg = text[:text.find(bg)] if text.find(bg) >= 0 else text
        if re.fullmatch(r"earlier\s+this\s+week", bg, re.I) and _TOLL_AFTER_CUE.match(text[text.find(bg) + len(bg):]):
            # "claimed responsibility for an ambush ... earlier this week that killed five soldiers": the attack the
            # report is about, told late, and its toll
            fg = text[:text.find(bg)] + text[text.find(bg) + len(bg):]
        if re.match(r"(?:that|those)\b", bg, re.I) and re.search(
                r"\b(?:blamed|claimed|responsib\w+|behind|accused|suspected|denied)\s+(?:\w+\s+){0,6}?(?:for|of|in)?\s*$", fg):
            # "A faction of the TTP was blamed for that attack": all of it about the earlier one (but "No one was
            # killed, he added, and nobody claimed that attack": its first clause tells this one's toll)
            fg = _TOLL_CLAUSE.match(fg).group(0) if _TOLL_CLAUSE.match(fg) and find_casualties(
                _TOLL_CLAUSE.match(fg).group(0)) else ""
        elif len(fg.split()) < 4 or (_PAST_TIME.fullmatch(bg) and not is_event_sentence(fg) and not find_casualties(fg)) \
                or statistics_cue(text):
            fg = ""  # "X was the scene of a suicide attack in March last year": all of it the earlier attack
        elif _PAST_TIME.fullmatch(bg) and re.search(r"year|month|(?:19|20)\d\d", bg, re.I):
            # "more than 150 police officers were killed in the province last year": the toll and the time in one
            # clause, a figure of that time; "... killed three in Bannu, the third attack this month" goes on
            hits = [c.start for c in find_casualties(fg)] + [p for p in (first_event_at(fg),) if p is not None]
            last = last_event_at(fg)
            if hits and ("," not in fg[min(hits):].rstrip(" ,") or (
                    last is not None and not find_casualties(fg) and not _CLAUSE_COMMA.search(fg[last:].rstrip(" ,")))):
                # "..., but police ... have come under attack in Bajaur, Bannu and Lakki Marwat this year"
                fg = ""
    gm = groups.find(text)
    header = s.kind == "header"
    attack = bool(fg) and is_attack_sentence(fg)
    # the places of the foreground only (a background sentence gives none), read with the whole sentence around them
    pm = places.find(text, attack=attack, first_in_paragraph=s.first_in_paragraph, header=header,
                     masked=[(g.start, g.end) for g in gm]) if fg else []
    fg_places = [p for p in pm if p.end <= len(fg)]
    dates = find_dates(fg, published, today) if fg else []
    old = [d for d in dates if d.kind in ("absolute", "month") and d.date and published
           and d.date < published - BACKGROUND_AGE and not d.reporting]
    if old:  # "On January 30, fighters attacked Mach ..., and on November 3 last year, ...": both earlier
        bg = bg or old[0].text
        cut = fg.find(old[0].text)
        verb = first_event_at(fg[:cut]) if cut >= 0 else None
        # "four policemen killed when militants stormed the post in Karak on September 2 last year": the verb and
        # the old day in one clause, all of it the earlier attack; "... killed two in Bannu, the post attacked on
        # March 3": a new attack, then an old one
        rel = _OLD_IN_RELATIVE.search(fg[:cut]) if cut >= 0 else None
        if cut >= 0 and len(fg[:cut].split()) >= 6 and verb is not None and (
                "," in fg[verb:cut] or any(d.end <= cut and d not in old and not _PRAYER_DAY.match(fg[d.end:d.end + 12])
                                           for d in dates)):
            fg = fg[:cut]
        elif rel and len(fg[:rel.start()].split()) >= 6:
            # "... pointed towards the ISKP, which has carried out attacks here, including the July 30 bombing": the
            # old attack in the group's description, the sentence's own clause about this one
            fg = fg[:rel.start()]
        else:
            fg = ""
        fg_places = [p for p in fg_places if p.end <= len(fg)]
        dates = [d for d in dates if d.end <= len(fg)]
        attack = bool(fg) and is_attack_sentence(fg)
    casualties = find_casualties(fg) if fg else []
    attack = attack or bool(casualties)  # "Three other policemen are still under treatment."
    return SentenceInfo(
        sentence=s, fg=fg, background=bg, attack=attack,
        # (a toll of none tells no attack without a weapon: "no one was hurt during the operation as the suspects
        # surrendered", but "a bomb damaged the railway track; no one was hurt")
        event=bool(fg) and (is_event_sentence(fg) or any(c.count.max != 0 for c in casualties) or (
            bool(casualties) and find_attack_type([fg]) is not None)),
        combined=is_combined(fg) if fg else None, separate=separate_cue(fg) if fg else None,
        places=fg_places if fg else [], groups=gm, casualties=casualties, dates=dates)


_WHO_DIED_WHEN = re.compile(r"\bwho\s+(?:were|was|had\s+been)\s+(?:martyred|killed|shot\s+dead)\s+(?:when|as)\b", re.I)
#: A relative clause that can hold an earlier attack: ", which has carried out ..., including ...".
_OLD_IN_RELATIVE = re.compile(r",\s+(?:which|who|whose)\b")
_SAME_TIME_AS_BEFORE = re.compile(r"\b(?:on\s+)?the\s+same\s+day\b|\bthat\s+(?:same\s+)?(?:day|night|evening)\b|"
                                  r"\bhours\s+(?:after|before)\s+the\s+(?:[\w-]+\s+){0,2}?(?:blast|attack|bombing|explosion)\b|"
                                  r"\blater\s+that\s+(?:day|night)\b", re.I)
#: After a weekday: the day's prayers, which date nothing when the sentence gives its own day ("during Friday
#: prayers on March 4, 2022").
_PRAYER_DAY = re.compile(r"\s+(?:prayers?|sermons?|congregations?|namaz)\b", re.I)
#: A comma that opens a clause, not one in a list of names ("in Bajaur, Bannu and Lakki Marwat").
_CLAUSE_COMMA = re.compile(r",\s+(?![A-Z])")
_AT_PLACE = re.compile(r"\b(?:in|at|near|outside|into|of|from)\s+(?:the\s+)?$", re.I)


def _recall_unlisted(info: SentenceInfo, seen: dict[str, PlaceMention]) -> None:
    """A name the gazetteer lacks, once said to be a place ("in the Bara area of Khyber district"), is that place
    wherever the report names it again ("a local official in Bara told ...")."""
    for first in seen.values():
        for m in re.finditer(r"(?<![\w-])" + re.escape(first.surface) + r"(?![\w-])", info.fg):
            if any(p.start < m.end() and m.start() < p.end for p in info.places):
                continue
            pre = info.fg[:m.start()]
            # "in Bara" names the place again; "Dasht Levies risaldar" only mentions it
            role = unlisted_role(pre, info.attack) if _AT_PLACE.search(pre[-30:]) else "mention"
            info.places.append(PlaceMention(first.surface, first.key, m.start(), m.end(), "unlisted", None, None, role,
                                            True, [], first.area_word))
    info.places.sort(key=lambda p: p.start)
    for p in info.places:
        if p.kind == "unlisted" and p.role in ("site", "near") and len(p.surface) >= 4:
            seen.setdefault(p.key, p)


def same_place(seg: Segment, site: PlaceMention) -> bool:
    """Does the mention name the incident's place or district?"""
    if site.key in seg.keys:
        return True
    return bool(site.district and normalize_name(site.district) in seg.keys)


def segment(sentences: list[Sentence], published: dt.date | None, places: PlaceFinder,
            groups: GroupFinder, today: dt.date | None = None) -> Segmentation:
    """Group a report's sentences into incidents."""
    segs: list[Segment] = []
    combined: list[SentenceInfo] = []
    background: list[SentenceInfo] = []
    preamble: list[SentenceInfo] = []
    infos: list[SentenceInfo] = []
    current: Segment | None = None

    def new() -> Segment:
        seg = Segment(len(segs))
        segs.append(seg)
        return seg

    queue = [s for s in sentences if s.kind == "body"]
    halves_of_a_lead: set[int] = set()
    after_combined: SentenceInfo | None = None  # the last sentence told, when it was about several attacks
    recalled = False  # an earlier attack told (dated long before) before any new one
    after_lead = False  # the report's lead is about what followed an attack (a funeral, compensation)
    stats_lead: bool | None = None  # the report's lead gives a period's statistics (decided on its first sentence)

    def aside(info: SentenceInfo) -> None:
        info.role = "context" if current or segs else "preamble"
        info.follows = after_combined
        if current is not None or not segs:
            (current.context if current else preamble).append(info)
        # else: after a roundup's item that told no attack, the sentence belongs to no incident
    seen_unlisted: dict[str, PlaceMention] = {}  # names the gazetteer lacks, said to be places earlier in the report
    while queue:
        s = queue.pop(0)
        info = analyse(s, published, places, groups, today)
        _recall_unlisted(info, seen_unlisted)
        if (halves := _two_attacks(s, info)) is not None:
            queue[:0] = halves  # "X was killed in Panjgur, while another was killed in Dera Murad Jamali"
            halves_of_a_lead.update(id(h) for h in halves)
            continue
        if id(s) in halves_of_a_lead:
            info.event = info.event or info.attack  # each half tells its own attack
            info.combined = None  # "..., without figures for the two incidents" speaks of the toll, not of this one
        elif info.attack and not info.combined and (both := _WHILE_ELSEWHERE.search(info.fg)):
            info.combined = both.group(0)  # two attacks, neither placed yet: told after, one by one
        infos.append(info)
        if current is None and info.background and not info.event and is_attack_sentence(s.text):
            recalled = True  # "... sentenced two men for their role in the April 2019 suicide bombing"
        aftermath = current is None and info.background is not None and info.background == _aftermath(s.text)
        if aftermath:
            recalled = True  # "The funeral prayers of six soldiers who were martyred in the attack ... were offered"
            # compensation weeks later retells the attack whatever the tense; a funeral's report may tell it anew
            # ("militants attacked the police station ... at around 11:40pm"), so only its past perfect is old
            after_lead = after_lead or (re.search(r"compensation|cheques", info.background, re.I) is not None and (
                not infos[:-1] or all(i.role in ("preamble", "background") for i in infos[:-1])))
        if stats_lead is None and len(s.text.split()) >= 8:  # the lead, past a byline or a date line
            stats_lead = statistics_cue(s.text) is not None
        if stats_lead and current is None and info.fg and not info.separate and (any(
                d.kind == "absolute" and not d.reporting for d in info.dates) or not info.dates):
            # "Balochistan witnessed 27 incidents of terrorism during February ... Seven personnel lost their lives in
            # an attack near Turbat on February 22": the period's attacks, listed with their days, are its figures; "In
            # Balochistan, the targeting of passengers continued to be a concern", "the Dera Ismail Khan region alone
            # lost 37 personnel": its trends and shares, told with no day of their own
            info.role = "background"
            background.append(info)
            continue
        if after_lead and current is None and info.fg and not (
                info.separate and any(published and d.date and d.date >= published - dt.timedelta(days=1)
                                      for d in info.dates)):
            # a report about a funeral or compensation retells the attack its victims died in: no new attack,
            # unless a separate one of the last day is told ("Meanwhile, in another attack on Tuesday, ...")
            info.role = "background"
            background.append(info)
            continue
        if not info.fg or (len(infos) >= 2 and (infos[-2].role == "background" or (
                current is None and infos[-2].background)) and _SAME_TIME_AS_BEFORE.search(info.fg)):
            # "... killed nearly 60 people on September 29. Hours later on the same day, a bomber struck ...": the
            # day of the earlier attack just recalled
            info.role = "background"
            background.append(info)
            continue
        if recalled and current is None and (not info.dates or _PAST_PERFECT.search(info.fg)) and \
                (_ANAPHOR.match(info.fg) or _HAD_DONE.search(info.fg) or (
                    len(infos) >= 2 and infos[-2].role == "background" and not info.dates and not info.places)):
            # "... the Jaffar Express incident of March 11. Twenty-six hostages were martyred before ...": the
            # placeless, dateless sentence after a recalled attack goes on about it
            # "... sentenced two men for the April 2019 bombing at the market. The blast ... killed 20 people",
            # "The LeJ had claimed the attack at the time": before any new attack is told, the old one recalled
            info.role = "background"
            background.append(info)
            continue
        if current is not None and len(infos) >= 2 and infos[-2].background and infos[-2].role in ("context", "background") \
                and not info.separate and _example_of_trend(info, current, published, series=bool(
                    _SERIES_CUE.search(infos[-2].background or ""))):
            # "The southern districts have seen a sharp rise in attacks in recent months. On November 2, two
            # policemen were martyred in Paharpur": a dated example of the trend, not a new attack
            info.role = "background"
            background.append(info)
            continue
        if current is not None and len(infos) >= 2 and infos[-2].role == "background" and not info.dates and (
                _OF_THEM.match(info.fg) or (not info.places and not info.casualties and (
                    _ANAPHOR.match(info.fg) or _CLAIMED.search(info.fg))) or (
                    (a := _ANAPHOR.match(info.fg)) and _LED_TO.match(info.fg[a.end():]))) and _tells_old_attack(infos[-2]):
            # "... launched coordinated attacks across Balochistan. In the deadliest of them, gunmen ...": one of those
            # "On December 12, 2023, 23 soldiers were martyred when a bomber rammed ... The attack was claimed by
            # the TJP" ("A little-known group, the TJP, claimed responsibility"): after an earlier attack told with
            # its day, "the attack" is that one
            info.role = "background"
            background.append(info)
            continue
        if info.attack and not info.combined and not info.separate and len(segs) >= 2 and \
                (both := _THE_ATTACKS.search(info.fg)) and not _ONE_BEFORE.search(info.fg[:both.start()]):
            info.combined = both.group(0)  # "Seven people were killed in the attacks" after two were told
        elif info.attack and not info.combined and current is None and len(infos) >= 2 and \
                infos[-2].role == "combined" and (them := _THEY_ALL.match(info.fg)):
            info.combined = them.group(0).strip()  # "... in three separate attacks. The attacks, all on Sunday, ..."
        sites = info.sites()
        if (current is None or _OTHERS_FIRST.match(info.fg)) and len(infos) >= 2 and infos[-2].role == "combined" and \
                info.casualties and \
                not info.separate and not any(p.kind != "province" for p in info.places) and \
                not info.dates and not _ANAPHOR.match(info.fg) and not is_event_sentence(info.fg):
            # "... killing 11 security personnel in two attacks. At least 15 people were wounded, they said.": the
            # placeless toll right after the lead about both attacks is theirs too
            info.role, info.combined = "combined", "the attacks just told"
            combined.append(info)
            after_combined = info
            continue
        districts = {normalize_name(p.district or p.key) for p in sites if p.role == "site"}
        two_targets = len(districts) >= 2 and not info.separate and _TWO_PLACES.search(info.fg) is not None
        if info.attack and (info.combined or two_targets or (len(districts) >= 2 and _PLURAL_ATTACK.search(info.fg)
                                                             and not info.separate)):
            info.role = "combined"
            combined.append(info)
            after_combined = info
            continue
        if current is not None and info.sentence.first_in_paragraph and not info.event and not info.casualties and \
                len(info.fg.split()) >= 8 and any(p.role == "dateline" for p in info.places) and \
                not any(p.role in ("site", "near") for p in info.places):
            # "PESHAWAR: The CTD on Thursday claimed to have arrested two suspects ...": a roundup's next item, under
            # a dateline of its own, that tells no attack ends the one before
            current = None
            aside(info)
            continue
        if not info.attack:
            aside(info)
            continue
        if current is not None and info.event and not sites and not info.casualties and not info.dates and \
                _TREND_PERFECT.search(info.fg) and not first_event_at(_TREND_PERFECT.sub(" ", info.fg)):
            # "..., but armed groups have targeted projects elsewhere in the province": a trend, no new attack
            aside(info)
            continue
        if current is not None and not sites and _dated_earlier(info, current, segs):
            # "... days after deadly clashes. The army said 23 soldiers were killed in clashes on the night of October
            # 11-12": a full date days before the day this attack is told with is another, earlier event
            aside(info)
            continue
        if current is not None and sites and all(p.role == "official" for p in sites) and not info.separate and \
                not _HOURS_LATER.match(info.fg):
            sites = []  # "..., Gwadar district's deputy commissioner said": an official's seat starts no new attack
        site = _best_site(sites)
        if site is None and info.event:  # "a roadside bomb struck a convoy near Lakki Marwat": where it struck
            site = _best_site([p for p in info.places if p.role == "near" and p.kind not in ("province", "unlisted")])
        provs = info.provinces()
        target: Segment | None = current
        strong_sep = bool(_STRONG_SEPARATE.search(info.fg))
        named = [p for p in info.places if p.kind == "unlisted" and p.role == "site"]
        again = next((g for g in segs if any(p.key in g.keys for p in named)), None) if site is None else None
        earlier = next((g for g in segs if (g is not current or g.from_lead) and site is not None
                        and same_place(g, site)), None)
        later_at = next((p for p in info.places if p.role in ("site", "near") and p.kind in ("place", "unlisted")), None) \
            if current is not None and info.event and _HOURS_LATER.match(info.fg) else None
        if current is not None and info.event and site is None and _CAPITAL_LEAD.match(info.fg) and \
                not current.keys & _CAPITAL_KEYS:
            target = new()  # "In the provincial capital, a constable was martyred ...": a roundup's next attack
        elif later_at is not None and current.keys and later_at.key not in current.keys and not info.separate:
            target = new()  # "Hours later, militants fired rockets at a checkpost near Kulachi, another town in the district"
        elif again is not None and not info.separate:
            target = again  # "A local official in Bara told ...": the attack told at Bara, a place the gazetteer lacks
        elif site is not None and current is not None and not info.separate and not same_place(current, site) and \
                any(same_place(current, p) for p in info.places if p.role in ("site", "near", "official")
                    and p.kind != "province") and not any(same_place(g, site) for g in segs if g is not current) and \
                not (info.casualties and _HOURS_LATER.match(info.fg)):
            # "gunmen entered Mach, in the mountainous Kachhi district": the attack's own town named (but "Hours later,
            # gunmen opened fire ... in the village of Shahi Tump near Turbat, killing two": another attack there)
            target = current
        elif info.separate and earlier is not None and (info.event or site.key in earlier.keys) and (
                site.key in earlier.keys or site.kind != "place" or site.area_word == "district"):
            # ("The TTP claimed the raid on the Kulachi post, but did not mention the second attack": Kulachi's)
            # (but "in another incident ... near Akakhel in Bara tehsil" after an attack elsewhere in Khyber district:
            # another town of the district, another attack)
            target = earlier  # "In a separate incident in X": the attack the lead already named at X
        elif info.separate and current is not None and (info.event and (
                strong_sep or (site is not None and not same_place(current, site))) or (
                strong_sep and site is not None and site.role == "site" and not same_place(current, site))):
            # "In another incident, armed men blocked a highway in the Dasht area ...": the cue and a place of its
            # own start the next attack, though the verb of attack comes in the next sentence
            target = new()
        elif site is not None and current is not None and not info.separate and (
                _ANAPHOR.match(info.fg) or _THE_TARGET.match(info.fg) or (
                    not info.dates and not info.casualties and _near_points(current, site))) \
                and not any(same_place(g, site) for g in segs if g is not current):
            # "The blast hit the mosque in the Doaba area"; "A bomb went off near the office in the Khanozai
            # area" 35 km from Pishin, with no date or toll of its own: the attack just told
            target = current
        elif site is not None and current is not None and not info.separate and not site.district and \
                current.district and (any(same_place(current, p) for p in sites) or _near_points(current, site)) \
                and not any(same_place(g, site) for g in segs if g is not current) and not _told_apart(current, info):
            # "in the Maimola village of Khar tehsil" after "in Bajaur district": a village the gazetteer holds
            # without its district, named with a town of the attack's district (or close to its point)
            target = current
        elif site is not None:
            match = next((g for g in segs if same_place(g, site)), None)
            if match is not None and named and info.event and (_HOURS_LATER.match(info.fg) or (
                    info.casualties and not _THE_ATTACKERS.search(info.fg))) and \
                    not any(p.key in match.keys for p in named) and \
                    any(k != normalize_name(match.district or "") for k in match.keys):
                # "a roadside bomb struck a vehicle near Hoshab in Kech ... Hours later, gunmen opened fire in the
                # village of Shahi Tump near Turbat, the main town of Kech district, killing two": another village of
                # the district, with its own toll, is another attack (but "the assailants opened fire on miners at the
                # Gashtri coal field near Mach town, killing ...": the attackers just told, their toll told again)
                target = new()
            elif match is not None:
                target = match
            elif current is None:
                target = new() if info.event else None
            elif current.district is None and (current.province is None or current.province == site.province_code
                                               or current.province in site.provinces()) and \
                    not _told_apart(current, info) and not (info.event and _far_points(current, site)):
                target = current
            elif info.event:
                target = new()
            else:
                target = None
        elif current is None:
            target = new() if info.event else None
        elif provs and current.province and provs[0] != current.province and info.event:
            target = new()
        if target is None:
            aside(info)
            continue
        info.role = "attack"
        after_combined = None
        target.from_lead = id(s) in halves_of_a_lead and not target.sentences
        target.sentences.append(info)
        if site is not None and (target.district is None or same_place(target, site)):
            target.take_site(site)
            if target.district is None:  # "in Inzari village in the Bajaur district": the village's district
                area = next((p for p in sites if p.role == "site" and p.district and (
                    p.kind == "area" or p.area_word == "district")), None)
                if area is not None:
                    target.district = area.district
                    target.keys.add(normalize_name(area.district))
            target.keys.update(p.key for p in info.places if p.kind == "unlisted" and p.role in ("site", "near"))
            # "in the Karezat area of Pishin": the area named with the place is the incident's too
            target.keys.update(p.key for p in sites if p.role == "site" and p.kind == "area" and p is not site)
            # "on the outskirts of Mach town in Kachhi district": the town the attack was near is the incident's too
            target.keys.update(p.key for p in info.places if p.role == "near" and p.kind == "place"
                               and p.province_code == site.province_code)
        if target.province is None and provs:
            target.province = provs[0]
        elif target.province is None and id(s) in halves_of_a_lead and current is not None and current is not target:
            target.province = current.province  # "..., while hours later a patrol was ambushed ... in the same district"
        current = target
    _fold_combined(segs, combined)
    return Segmentation(segs, combined, background, preamble, infos)


#: A sentence that goes on about the attack just told ("The blast hit ...", "The attackers ...").
def _example_of_trend(info: SentenceInfo, current: Segment, published: dt.date | None,
                      series: bool = False) -> bool:
    """Is the sentence dated by a calendar day before the attack being told (or before the report's eve)? After "the
    latest in a wave of violence" (*series*), a weekday before it counts too ("On Saturday, militants attacked an air
    force base in Mianwali")."""
    told = [d.date for i in current.sentences for d in i.dates if d.date and not d.reporting]
    before = min(told) if told else (published - dt.timedelta(days=1) if published else None)
    kinds = ("absolute", "weekday") if series else ("absolute",)
    return before is not None and any(d.kind in kinds and d.date and not d.reporting and d.date < before
                                      for d in info.dates)


def _tells_old_attack(info: SentenceInfo) -> bool:
    """Does a background sentence tell an earlier attack itself, with its day ("On December 12, 2023, 23
    soldiers were martyred when ...")?"""
    text = info.sentence.text
    return bool(info.background) and bool(_OLD_DAY.search(text)) and is_event_sentence(text)


#: A background cue that places the attack in a series ("the latest in a wave of violence").
_SERIES_CUE = re.compile(r"\b(?:latest\s+in|spate|wave|series|string)\b", re.I)
#: After a time cue: the toll of the attack it dates ("... earlier this week that killed five soldiers").
_TOLL_AFTER_CUE = re.compile(r"\s*,?\s*(?:that|which)\s+(?:killed|left|wounded|injured|claimed)\b", re.I)
#: A sentence's first clause, up to ", he added," or ", police said,": "No one was killed, he added".
_TOLL_CLAUSE = re.compile(r"[^,;]+(?=,\s+(?:he|she|they|police|officials?|the\s+\w+)\s+(?:added|said)\b)", re.I)
#: A calendar day or year, or a month named as a time ("On December 12, 2023", "In July"): months as the date
#: reader spells them.
_OLD_DAY = re.compile(rf"\b(?:19|20)\d\d\b|\b{MONTH_PATTERN}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTH_PATTERN}\b|"
                      rf"\b(?:in|last)\s+{MONTH_PATTERN}\b", re.I)
#: A sentence that opens at another hour of the same day ("Hours later,", "Later that night,", "In the evening,",
#: "Earlier in the day,"): another attack when it names a place of its own.
_HOURS_LATER = re.compile(r"\W*(?:(?:hours|minutes|moments|shortly|soon)\s+(?:later|after(?:wards)?)\b|(?:later|earlier)\s+"
                          r"(?:in\s+the\s+day|that\s+(?:day|night|evening|afternoon|morning))\b|"
                          r"in\s+the\s+(?:evening|afternoon|night|morning)\s*,)", re.I)
#: A roundup's paragraph that opens in the province's capital, and the capitals' names.
_CAPITAL_LEAD = re.compile(r"\W*(?:In|At)\s+the\s+provincial\s+capital\b", re.I)
_CAPITAL_KEYS = frozenset({"peshawar", "quetta", "karachi", "lahore"})
_OF_THEM = re.compile(r"\W*(?:in\s+)?(?:the\s+(?:deadliest|worst|biggest|largest|first|last|most\s+\w+)|one|two|another)\s+"
                      r"of\s+(?:them|these|those|the\s+attacks)\b", re.I)
_CLAIMED = re.compile(r"\bclaimed\s+(?:responsibility|the\s+(?:attack|bombing|blast|ambush)|it)\b", re.I)
#: After "the attack": what it set off ("The attack triggered weeks of clashes that killed 130"), its toll not its own.
_LED_TO = re.compile(r"\s+(?:had\s+|has\s+)?(?:triggered|sparked|led\s+to|prompted|set\s+off|provoked|unleashed)\b", re.I)
_ANAPHOR = re.compile(r"\W*(?:the|this|that)\s+(?:(?:suicide|roadside|bomb|deadly|twin|latest)\s+)?(?:attack|attackers|"
                      r"assailants|blast|bomber|bombing|explosion|gunmen|militants|terrorists|device|ambush|assault|bomb)\b",
                      re.I)
#: A sentence that opens with the attacks a lead has just counted: "The attacks, all on Sunday, targeted police".
_THEY_ALL = re.compile(r"\W*(?:the|these|all\s+the|both)\s+(?:[\w-]+\s+)?(?:attacks|blasts|bombings|incidents|assaults)\b",
                       re.I)
#: The target just told, named again: "The vehicle was travelling from Nok Kundi in Chagai district ... when it came
#: under fire".
_THE_TARGET = re.compile(r"\W*the\s+(?:vehicle|convoy|van|bus|coach|car|team|patrol|pickup|truck)\b", re.I)
#: The attackers just told, named again: "the assailants, who were riding motorcycles, opened fire".
_THE_ATTACKERS = re.compile(r"\bthe\s+(?:assailants?|attackers?|gunmen)\b", re.I)
#: A report's lead about what followed an attack told before: a funeral, compensation, a ceremony.
_AFTERMATH = re.compile(r"\bfuneral\s+prayers?\b[^.;]{0,200}?\b(?:were|was|have\s+been|had\s+been)\s+(?:offered|held)\b|"
                        r"\b(?:handed\s+over|distributed|disbursed|gave|presented|approved|sanctioned|released|paid)\s+(?:[\w.,-]+\s+){0,3}?"
                        r"(?:compensation|cheques)\b|"
                        r"\bcompensation\s+cheques\b|\b(?:were|was)\s+laid\s+to\s+rest\b", re.I)


#: Words one of which every match of _AFTERMATH holds: a sentence with none is not searched.
_AFTERMATH_WORDS = ("funeral", "compensation", "cheques", "laid to rest")


def _aftermath(text: str) -> str | None:
    low = text.lower()
    if not any(w in low for w in _AFTERMATH_WORDS):
        return None
    m = _AFTERMATH.search(text)
    return m.group(0) if m else None


#: "The soldiers had embraced martyrdom when terrorists attacked their post on Friday": told as before the report.
_PAST_PERFECT = re.compile(r"\bhad\s+(?:embraced\s+martyrdom|been\s+(?:killed|martyred|injured|wounded)|died)\b", re.I)
#: A past perfect or "at the time": told of an attack already recalled, not of a new one.
_HAD_DONE = re.compile(r"\bhad\s+(?:\w+\s+)?(?:claimed|carried|killed|facilitated|planned|attacked|targeted|provided|supplied|"
                       r"harboured|harbored|sheltered|financed|funded|transported|helped)\b|"
                       r"\bhad\s+(?:embraced\s+martyrdom|been\s+(?:killed|martyred)|said|stated|reported|confirmed)\b|"
                       r"\bat\s+the\s+time\b", re.I)
#: A relative clause set off by commas describes a group or place, not when this attack happened.
_RELATIVE = re.compile(r",\s+(?:which|who|whose|an?\s+(?:[\w-]+\s+){0,3}(?:group|outfit|faction|organi[sz]ation|alliance|"
                       r"movement)\s+(?:that|which))\b[^,;]{0,120},|"
                       # "... on the TTP, which has stepped up attacks over the past year.": a group's record, to the end
                       r",\s+(?:which|who)\s+(?:has|have)\s+[^,;]{0,140}$|"
                       # "mourners had gathered for a relative who had died last week": what had happened before
                       r"\b(?:who|whom|which)\s+had\s+(?!been\s+(?:killed|martyred|injured|wounded)\b)[^,;.]{0,80}")
#: A place this close to the current attack's, in a sentence with no date or toll of its own, goes on with it.
NEAR_KM = 50.0


def _told_apart(seg: Segment, info: SentenceInfo) -> bool:
    """A sentence with its own day and toll, after an attack told with another day and toll, tells another
    attack even where the first had no place ("In the first attack, ... on Saturday night, killing him. On
    Sunday morning, a roadside bomb ... injuring three policemen")."""
    days = {d.date for d in info.dates if d.date and not d.reporting}
    before = {d.date for s in seg.sentences for d in s.dates if d.date and not d.reporting}
    return bool(info.event and info.casualties and days and before and not days & before
                and any(s.casualties for s in seg.sentences))


def _far_points(seg: Segment, site: PlaceMention) -> bool:
    """Is the place over :data:`NEAR_KM` from every point the incident has (none known: no)?"""
    pts = [(e.lat, e.lon) for e in site.entries[:1]]
    return bool(seg.points and pts) and all(great_circle_km(la, lo, a, b) > NEAR_KM for a, b in pts
                                            for la, lo in seg.points)


def _near_points(seg: Segment, site: PlaceMention) -> bool:
    return any(great_circle_km(la, lo, e.lat, e.lon) <= NEAR_KM for e in site.entries[:1] for la, lo in seg.points)


def _dated_earlier(info: SentenceInfo, seg: Segment, segs: list[Segment]) -> bool:
    """Are the sentence's only days full dates two days or more before every day its incident is told with (an
    incident told "hours later" has the day of the one before)?"""
    own = [d for d in info.dates if not d.reporting]
    if not own or any(d.kind not in ("absolute", "month") or d.date is None for d in own):
        return False
    told_in = [seg]
    if seg.index > 0 and any(d.kind == "same_day" for i in seg.sentences for d in i.dates):
        told_in.append(segs[seg.index - 1])
    told = [d.date for g in told_in for i in g.sentences for d in i.dates if not d.reporting and d.date]
    return bool(told) and max(d.date for d in own) <= min(told) - dt.timedelta(days=2)


#: A trend told in the present perfect: "armed groups have targeted projects", "militants have repeatedly attacked".
_TREND_PERFECT = re.compile(r"\b(?:have|has)\s+(?:\w+ly\s+|also\s+|often\s+|long\s+)?(?:been\s+)?(?:targeted|attacked|"
                            r"struck|carried\s+out|hit|ambushed|stormed|killed)\b", re.I)
#: "At least 14 others were wounded." right after a sentence about all the attacks: more of the same toll.
_OTHERS_FIRST = re.compile(r"(?:(?:at\s+least|more\s+than|over|some|about|around|nearly|another)\s+)?[\w-]+\s+other"
                           r"(?:s\b|\s+(?:people|persons|civilians)\b)", re.I)
#: "targeted a police checkpost in Tank and an army convoy in North Waziristan's Mir Ali": two targets, two places.
_TWO_PLACES = re.compile(r"\bin\s+[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}\s+and\s+(?:an?|the)\s+(?:[\w-]+\s+){0,4}?in\s+[A-Z]")
_WHILE_ELSEWHERE = re.compile(r",\s+while\s+[^.;]{5,160}?\belsewhere\b", re.I)
_LEAD_SPLIT = re.compile(r",\s+(?:while|whereas)\s+|;\s+(?:and\s+|while\s+)?|,\s+and\s+(?=in\s+[A-Z])|"
                         # "..., officials said, and a hand grenade was thrown over the wall of a police station in Bannu"
                         r",\s+and\s+(?=(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:bomb|grenade|blast|explosion|gunmen|militants|"
                         r"attackers|suicide\s+bomber)\b)|"
                         # "..., where a roadside bomb struck a vehicle near Mach, and gunmen stormed a post in Surab"
                         r",\s+and\s+(?=(?:gunmen|militants|attackers|insurgents|terrorists)\s+[a-z]+ed\b)")


def _two_attacks(s: Sentence, info: SentenceInfo) -> list[Sentence] | None:
    """A lead that tells two attacks in two places, one a clause ("..., while another person was killed in a
    grenade attack in Dera Murad Jamali"): its two clauses, each a sentence of its own; else None."""
    if not info.attack:
        return None
    m = _LEAD_SPLIT.search(info.fg)
    if m is None:
        return None
    # "Two of the attacks took place in Balochistan, where a bomb struck ... near Mach, and gunmen stormed a post in
    # Surab": the two told after "where", each apart
    where = _WHERE.search(info.fg, info.fg.find(info.combined) if info.combined else 0, m.start())
    if info.combined and info.fg.find(info.combined) < m.end() and where is None:
        return None  # "two attacks in Bannu, while ...": said of them together; but "..., while in Kharan a bomb
        # exploded, officials said, without figures for the two incidents" tells two
    start = where.end() if where is not None and info.combined else 0
    first, second = info.fg[start:m.start()], info.fg[m.end():]
    # "..., while a roadside bomb struck a convoy elsewhere in the province": the other attack has no place yet
    elsewhere = bool(re.search(r"\belsewhere\b", second, re.I) or _STRONG_SEPARATE.search(second)) and \
        is_event_sentence(second)
    # the places each half names, "on the outskirts of Bannu city" included
    placed = [p for p in info.places if p.role in ("site", "official", "near") and p.kind not in ("province", "unlisted")]
    if not elsewhere and len({normalize_name(p.district or p.key) for p in placed if p.role != "official"}) < 2:
        return None
    if not (is_event_sentence(first) or find_casualties(first)) or not is_attack_sentence(second):
        return None
    # (the second half's place may be one the gazetteer lacks: "..., while hours later a patrol was ambushed outside
    # Kot Essa Shah village in the same district")
    if not any(p.end <= m.start() and p.role in ("site", "near") for p in placed) or \
            not (elsewhere or any(p.start >= m.end() for p in placed) or any(
                p.start >= m.end() and p.kind == "unlisted" and p.role in ("site", "near") for p in info.places)):
        return None
    cut = s.start + m.end()
    return [Sentence(s.index, first, s.start + start, s.start + m.start(), s.paragraph, s.kind, s.first_in_paragraph),
            Sentence(s.index, s.text[m.end():], cut, s.end, s.paragraph, s.kind, False)]


#: ", where": what follows tells what happened at the places just named.
_WHERE = re.compile(r",\s+where\s+")


_SEVERAL_PLACES = re.compile(r"\b(?:in|across)\s+(?:two|three|four|several|different|separate|various)\s+"
                             r"(?:provinces|districts|cities|towns|places|areas|regions|parts)\b", re.I)


#: Blasts told together at one place are one attack ("twin blasts hit a market in Quetta"); "two attacks in
#: Bannu" may be two.
_AT_ONE_PLACE = re.compile(r"\b(?:twin|two|both|multiple|simultaneous|coordinated)\b.*\b(?:blasts|bombings|explosions)\b",
                           re.I)


def _site_keys(info: SentenceInfo) -> set[str]:
    return {normalize_name(p.district or p.key) for p in info.sites() if p.role == "site"}


#: A combined cue that points back at attacks already told ("the two attacks", "both attacks").
_BACK_TO_TOLD = re.compile(r"(?:the\s+(?:two|three|four)|both(?:\s+the)?)\s+(?:[\w-]+\s+)?(?:attacks|blasts|bombings|"
                           r"explosions|incidents|assaults)\b", re.I)


def _fold_combined(segs: list[Segment], combined: list[SentenceInfo]) -> None:
    """Twin blasts at one place are one incident: a combined sentence naming a single place (and no
    "in two provinces") joins that place's incident, or becomes the incident when none was found."""
    for info in list(combined):
        if _SEVERAL_PLACES.search(info.fg) or re.search(r"\bseparate\b", info.combined or "", re.I):
            continue  # "three separate attacks in Khyber Pakhtunkhwa and the port city of Karachi": never one
        keys = _site_keys(info)
        if len(keys) > 1 or (not keys and len(segs) != 0):
            continue
        if _BACK_TO_TOLD.match(info.combined or "") and len({frozenset(g.keys) for g in segs}) >= 2:
            continue  # "the two attacks left nine dead, but no figures for the Nushki ambush": the two told, apart
        where = _best_site(info.sites())
        holding = [g for g in segs if keys and (keys <= g.keys or (where is not None and where.kind == "place"
                                                                      and _near_points(g, where)))]
        if len(holding) > 1:
            continue  # "seven killed in two attacks in Dera Ismail Khan district", both told there: about both
        target = holding[0] if holding else None
        if target is None and ((not segs and (keys or info.event)) or (info.event and _AT_ONE_PLACE.search(
                info.combined or ""))):
            # twin blasts at a place no incident has: that place's incident, before or beside the others
            target = Segment(len(segs))
            segs.append(target)
            target.take_site(_best_site(info.sites()))
            if info.provinces():
                target.province = info.provinces()[0]
        elif target is None:
            continue
        combined.remove(info)
        info.role = "attack"
        target.sentences.append(info)
        target.sentences.sort(key=lambda i: i.sentence.index)
    segs.sort(key=lambda g: g.sentences[0].sentence.index if g.sentences else 0)
    for k, g in enumerate(segs):
        g.index = k
