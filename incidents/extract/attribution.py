"""The attribution ledger a report states: who claimed, denied, is suspected or is blamed.

Group names are found through the registry's aliases. A cue decides the status and a group is tied to
it by position: the subject before "claimed"/"denied", the group after "claimed by", "believed to have
been carried out by", "experts believe", "blamed". Past behaviour ("has historically claimed similar
attacks", "has previously claimed") and "No one has claimed" give nothing; "denied these allegations"
about something else is not a denial of the attack.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from incidents.registry import NAME_PARTICLES, GroupRegistry, name_key as _key

__all__ = ["GroupMention", "AttributionMention", "GroupFinder", "find_attributions", "split_clauses",
           "unknown_claimants"]


@dataclass(frozen=True)
class GroupMention:
    """A group name in a text."""

    code: str
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class AttributionMention:
    """One (group, status) read from a clause, with who said so and the clause's offsets in the sentence."""

    group: str
    status: str
    by: str | None
    surface: str
    cue: str
    clause_start: int
    clause_end: int
    inherited: bool = False  # status carried over from the sentence's opening clause ("..., while X has ...")


class GroupFinder:
    """Finds registry groups in text by every alias (acronyms case-sensitive, names case-insensitive)."""

    def __init__(self, registry: GroupRegistry) -> None:
        self.registry = registry
        self._rx_ci, self._rx_cs, self._codes = _compile(registry)
        self._parents = {g.parent for g in registry if g.parent}
        self._seen: dict[str, tuple[GroupMention, ...]] = {}

    def find(self, text: str) -> list[GroupMention]:
        """Group mentions, longest alias first, without overlaps; "Taliban-led government" is not a group, nor
        "a breakaway Pakistani Taliban faction" (a faction of it, not the group). Remembered per text (a sentence is
        read for groups more than once; mentions are frozen)."""
        hit = self._seen.get(text)
        if hit is None:
            if len(self._seen) > 4096:
                self._seen.clear()
            hit = self._seen[text] = tuple(self._find(text))
        return list(hit)

    def _find(self, text: str) -> list[GroupMention]:
        hits: list[GroupMention] = []
        for rx in (self._rx_ci, self._rx_cs):
            if rx is None:
                continue
            for m in rx.finditer(text):
                surface = m.group(0)
                code = self._codes.get(_key(surface)) or self.registry.resolve(surface)
                if not code:
                    continue
                if code == "AFGT" and re.match(r"(?:-led|'s)?\s*(?:-?led\s+)?(?:interim\s+)?(?:government|regime|"
                                               r"administration|authorities|rulers|officials|spokesman|"
                                               r"spokesperson|leadership|takeover|rule)\b",
                                               text[m.end():m.end() + 40], re.I):
                    continue
                if code == "AFGT" and re.match(r"-led\b", text[m.end():m.end() + 5]):
                    continue
                if code == "AFGT" and re.match(r"(?:\s+|-)(?:commander|leader|chief|fighters?|militants?|linked|affiliated)\b",
                                               text[m.end():m.end() + 20], re.I):
                    continue  # "a local Taliban commander", "Taliban-linked fighters": a description, not the Afghan Taliban
                end = m.end()
                if code in self._parents and re.match(r"\s+(?:faction|splinter\s+group|offshoot|breakaway\s+"
                                                      r"(?:group|faction))\b", text[end:end + 30], re.I):
                    continue  # "a breakaway Pakistani Taliban faction": one of its factions, not the TTP
                if code == "IS" and (b := _IS_BRANCH.match(text, end)) and _BRANCHES[b.group(1).lower()] in \
                        {g.code for g in self.registry}:
                    code, end = _BRANCHES[b.group(1).lower()], b.end()  # "Islamic State's Pakistan province"
                hits.append(GroupMention(code, text[m.start():end], m.start(), end))
        hits.sort(key=lambda g: (g.start, -(g.end - g.start)))
        out: list[GroupMention] = []
        for g in hits:
            if out and g.start < out[-1].end:
                continue
            out.append(g)
        return out


_IS_BRANCH = re.compile(r"(?:'s)?\s*(?:-\s*)?(?:in\s+)?(Pakistan|Khorasan)\s+(?:province|chapter|branch|affiliate|wing)\b",
                        re.I)
_BRANCHES = {"pakistan": "ISPP", "khorasan": "ISKP"}


_LED_BY = re.compile(r"\s*,?\s+(?:faction\s+)?led\s+by\s+(?:the\s+)?(?:(?:militant|local|senior)\s+)?(?:commander\s+)?",
                     re.I)


def _alias_pattern(alias: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", alias.strip()) if w]
    out = re.escape(words[0]) if words else ""
    for w in words[1:]:
        sep = r"[\s\-]*" if w.lower() in NAME_PARTICLES else r"[\s\-]+"
        out += sep + re.escape(w)
    return out


@lru_cache(maxsize=8)
def _compile(registry: GroupRegistry) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, dict[str, str]]:
    ci: set[str] = set()
    cs: set[str] = set()
    codes: dict[str, str] = {}
    for g in registry:
        for alias in (g.code, g.name, *g.aliases):
            alias = re.sub(r"\s*\([^)]*\)\s*", " ", alias).strip()
            if ":" in alias or not alias:
                continue
            codes.setdefault(_key(alias), g.code)
            upper = sum(1 for c in alias if c.isupper())
            (cs if len(alias) <= 6 and upper >= 2 else ci).add(alias)
    def build(aliases: set[str], flags: int) -> re.Pattern[str] | None:
        if not aliases:
            return None
        alts = sorted(aliases, key=len, reverse=True)
        # "ISIS-Khorasan Province": a name joined by a hyphen to a capitalised word still ends there
        return re.compile(r"(?<![\w-])(?:" + "|".join(_alias_pattern(a) for a in alts) + r")(?!\w)(?!-[a-z])", flags)
    return build(ci, re.I), build(cs, 0), codes


# -- cues ------------------------------------------------------------------------------------------

_NEGATED = re.compile(r"\b(?:no\s+(?:other\s+)?(?:one|group|organi[sz]ation|militant\s+group|outfit|faction)|nobody|none)\b[^.;]*$|"
                      r"\b(?:has|have|had|did|does)\s*(?:not|n't)\s*(?:yet\s+)?$|\byet\s+to\s*$|\bnot\s+yet\s*$", re.I)
_CLAIM = re.compile(
    r"\b(?:claim(?:ed|s|ing)?\s+(?:the\s+)?responsibility|claim(?:ed|s|ing)?\s+(?:(?:both|all|each|either)\s+(?:of\s+)?"
    r"(?:the\s+|these\s+|those\s+)?|the|this|that|an|a|these|those|Saturday's|Sunday's|Monday's|Tuesday's|Wednesday's|"
    r"Thursday's|Friday's|the\s+(?!lives\b)\w+)\s*(?:(?!lives\b)\w+\s+){0,3}?(?:attack|bombing|blast|assault|"
    r"killing|killings|ambush|explosion|strike|raid)s?\b|\bown(?:ed|s)\s+(?:up\s+)?(?:to\s+)?(?:the|this|that|both|Saturday's|"
    r"Sunday's|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's)\s+(?:[\w-]+\s+){0,2}?(?:attack|bombing|blast|"
    r"assault|killing|ambush|explosion|raid)s?\b|(?:took|taken|take|takes|taking|accepted|accepts|owned|owns)\s+"
    r"(?:up\s+)?(?:the\s+)?(?:responsibility|ownership)|(?:carried|issued|released|published|posted)\s+(?:a\s+)?claim\s+of\s+"
    r"responsibility|(?:said|says|stated)\s+(?:[^.;\"\u201c]{0,120}?\bthat\s+|(?:in\s+a\s+(?:statement|message|post)\s+)?(?:[\w-]+\s+){0,6}?)(?:it|the\s+(?:group|organi[sz]ation|outfit|movement)'s\s+(?:fighters|men|militants|cadres)|(?:(?:one|a\s+member|members)\s+of\s+)?its\s+"
    r"(?:fighters|militants|men|members|cadres|operatives|soldiers|(?:suicide\s+)?bombers?|"
    r"[\"\u201c]?(?:[A-Z][\w-]*\s+)?(?:Brigade|brigade|wing|unit|squad)[\"\u201d]?(?:\s+(?:suicide\s+)?"
    r"(?:squad|unit|wing))?)|they)(?:,\s+[^,;]{1,50},)?\s+(?:had\s+)?(?:carried\s+out|was\s+behind|were\s+behind|conducted|"
    r"attacked|targeted|killed|"
    r"[\"\u201c]?punished|executed|eliminated|struck|"
    r"planted|detonated|ambushed|stormed|shot|set\s+up\s+(?:a\s+)?(?:road\s*block|blockade|checkpoint)|blocked)|"
    r"(?:'s|s')\s+(?:recent\s+|latest\s+)?claim\b|\bclaimed\s+(?:it|the\s+attack)\b|"
    r"\bclaim(?:ed|s)\s+(?:both|them(?:\s+(?:both|all))?)(?=\s*(?:[,.;]|$)))", re.I)
_CLAIM_BY = re.compile(r"\b(?:claimed|claim\s+of\s+responsibility|responsibility\s+was\s+claimed|owned)\s+(?:\w+\s+){0,2}?"
                       r"by\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}$", re.I)
_DENY = re.compile(
    r"\b(?:den(?:ied|ies|y|ying)\s+(?:any\s+|its\s+|all\s+|the\s+group's\s+|their\s+|(?:his|her)\s+(?:group|organi[sz]ation|"
    r"outfit|movement)'s\s+)?(?:responsibility|involvement|role|hand|link|links|"
    r"connection|part|carrying\s+out|being\s+behind|(?:it|they|the\s+group)\s+(?:was|were|had\s+been|is|are)\s+"
    r"(?:in\s+any\s+way\s+)?(?:involved|behind|responsible)|that\s+it|that\s+(?:the\s+group|they|its\s+\w+)|the\s+claim|claims?\s+of|(?:the|this|that|both|"
    r"these|those)\s+(?:\w+\s+)?(?:attacks?|bombings?|blasts?|killings?))|distanc(?:ed|es|ing)\s+(?:itself|themselves|the\s+(?:group|organi[sz]ation|outfit))|"
    r"disown(?:ed|s)?|rejected\s+(?:any\s+)?(?:involvement|responsibility|claims?)|said\s+(?:it|they)\s+(?:was|were|had)\s+"
    r"not\s+(?:involved|behind|responsible)|not\s+(?:involved|behind|responsible\s+for)|had\s+nothing\s+to\s+do\s+with|"
    r"(?:had|has|have|played)\s+[\"“]?no\s+(?:role|hand|part|involvement|connection|links?|relation)[\"”]?"
    r"(?:\s+(?:in|with|to)\b|(?=\s*(?:[,.;]|and\b))))", re.I)
_SUSPECT = re.compile(
    r"\b(?:believed\s+to\s+(?:have\s+been|be)\b|suspect(?:ed|s)?\b|suspicion|(?:experts?|analysts?|observers|"
    r"investigators|officials|police|sources)\s+(?:believe|believed|suggest|suggested|think|thought|suspect|"
    r"assess(?:ed)?)\b|likely\s+(?:carried\s+out|behind|responsible|the\s+work)|bor?e\s+the\s+hallmarks|bears\s+the\s+"
    r"hallmarks|(?:initial|preliminary|early)\s+(?:investigations?|inquir(?:y|ies)|probe|findings|reports)\s+"
    r"(?:point(?:s|ed)?|suggest(?:s|ed)?|indicate(?:s|d)?|show(?:s|ed)?)|point(?:s|ed)?\s+(?:the\s+finger\s+)?"
    r"(?:at|to(?:wards)?)|thought\s+to\s+(?:be|have)|may\s+have\s+been\s+(?:carried\s+out|behind)|possibly|probably|"
    r"allegedly)", re.I)
_BLAME = re.compile(r"\b(?:blam(?:ed|es|ing)|accus(?:ed|es|ing)|held\s+responsible|holds?\s+responsible|"
                    r"(?:is|are|was|were)\s+the\s+(?:handiwork|work)\s+of|pinned\s+"
                    r"(?:the\s+)?blame|(?:was|were|had\s+been)\s+carried\s+out\s+by|"
                    r"attributed\s+(?:the\s+)?(?:attack|blast|bombing)?\s*to|(?:were|was|are|is)\s+involved\s+in\s+(?:the|this)\s+"
                    r"(?:attack|blast|bombing|killing|killings|assault|ambush|explosion)|(?:were|was|are|is)\s+behind\s+(?:the|this|"
                    r"Saturday's|Sunday's|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's)\s+(?:[\w-]+\s+)?(?:attack|blast|"
                    r"bombing|killing|killings|assault|ambush|explosion)|(?:orchestrated|"
                    r"masterminded|sponsored|backed|planned)\s+by|the\s+handiwork\s+of|(?:was|were|is)\s+the\s+work\s+of|responsible\s+for\s+the\s+"
                    r"(?:attack|blast|bombing|killing)|"
                    # "said the attackers belonged to Fitna al-Khawarij": the attackers' group, named by who speaks
                    r"(?:attackers?|assailants?|militants|terrorists|bombers?|gunm[ae]n)[\"'\u201c]?\s+(?:(?:had\s+)?belonged\s+to|"
                    r"belong\s+to|belonging\s+to|[\"'\u201c]?(?:were|was)\s+[\"'\u201c]?(?:members\s+of|affiliated\s+(?:with|to)|"
                    r"linked\s+to|(?:a\s+)?part\s+of|(?:terrorists|militants|fighters|members|operatives)\s+(?:of|from|"
                    r"belonging\s+to))))", re.I)
_HISTORY = re.compile(r"\b(?:previously|historically|in\s+the\s+past|often|frequently|regularly|repeatedly|routinely|"
                      r"similar\s+attacks?|earlier\s+attacks?|past\s+attacks?|previous\s+attacks?|(?:numerous|many|several|"
                      r"a\s+number\s+of|scores\s+of|dozens\s+of|hundreds\s+of|most|most\s+of\s+the|a\s+spate\s+of|"
                      r"the\s+majority\s+of|"
                      r"a\s+string\s+of|a\s+wave\s+of|near-daily|daily|almost\s+daily)\s+(?:\w+\s+)?attacks|\bmost\s+(?:of\s+"
                      r"(?:them|which)\s+)?(?:were\s+)?claimed\s+by|is\s+known\s+(?:for|to)|has\s+a\s+"
                      r"history|has\s+been\s+responsible\s+for|have\s+been\s+responsible\s+for|a\s+series\s+of|"
                      r"since\s+(?:\d{4}|its)|in\s+recent\s+(?:years|months))\b", re.I)
#: A clause going on with the last clause's subject: "... but denied", ", and claimed".
_SAME_SUBJECT = re.compile(r"\W*(?:but|and|while|though|although)\s+(?:(?:also|has|had|later|swiftly|quickly)\s+)?"
                           r"(?:den(?:ied|ies)|claimed|disowned|rejected|distanced)\b", re.I)
#: A group as the subject of the attack, in a sentence an official or the military speaks: their blame.
_ATTACKED_AFTER = re.compile(r"(?:\s+(?:militants|fighters|terrorists|men|gunmen|khawarij))?(?:\s*\([^)]{1,20}\))?"
                             r"(?:,\s+(?:an?|the)\s+[^,;.]{1,50},)?"
                             # "khawarij of the Hafiz Gul Bahadur group, acting on behalf of India" attempted to ...
                             r"(?:,\s+(?:acting|working|operating)\s+(?:on\s+behalf\s+of|for|at\s+the\s+behest\s+of)\s+"
                             r"[^,;.\"”]{1,30})?[\"'”’]?,?\s+"
                             r"(?:(?:who|that)\s+)?(?:(?:came|arrived|sneaked\s+in|used|took\s+positions?)\b[^,.;]{0,40}?\s+and\s+)?"
                             # "Fitna al-Khawarij terrorists armed with heavy weapons attacked the police station"
                             r"(?:(?:armed\s+with|riding|on)\s+[^,.;]{1,40}?\s+(?=attacked|stormed|ambushed|opened|targeted|struck))?"
                             r"(?:had\s+|have\s+|has\s+|also\s+)?(?:once\s+again\s+|again\s+|first\s+|then\s+)?(?:[a-z]+ly\s+)?"
                             r"(?:(?:attempted|tried)\s+to\s+(?:storm|attack|"
                             r"infiltrate|enter|target|overrun|capture|seize|ram|strike|blow\s+up)|attacked|stormed|ambushed|opened\s+fire|"
                             # "the terrorists of Fitna al-Khawarij used heavy weapons in the attack"
                             r"used\s+(?:[\w-]+\s+){1,4}?in\s+the\s+(?:attack|assault|raid|ambush)|"
                             r"targeted|raided|planted|detonated|fired|rammed|struck|carried\s+out\s+the\s+(?:[\"'“”‘’]?[\w-]+[\"'“”‘’]?\s+)?(?:attack|assault|"
                             r"bombing|blast|ambush|raid))\b",
                             re.I)
_STATE_SPEAKER = re.compile(r"\baccording\s+to\s+(?:the\s+)?(?:[\w'-]+\s+){0,8}?\(?(?:ISPR|military|army|police|officials?|"
                            r"media\s+wing|authorities|CTD|security\s+(?:sources|officials))\b|"
                            r"\b(?:the\s+)?(?:ISPR|military|army|police|officials?|authorities|CTD|media\s+wing|security\s+(?:sources|"
                            r"officials)|(?:police\s+)?officer|DPO|SHO|SSP|DSP|DIG|IGP|CCPO|commissioner|spokesman|"
                            r"spokesperson)\)?(?:\s+[A-Z][\w-]+){0,3},?\s+(?:had\s+|has\s+)?(?:said|say|says|stated|told)\b", re.I)
#: The state's label as the subject of what was done or tried: "The khawarij are trying to sabotage the peace".
_LABEL_ACTS = re.compile(r"[\"'”’]?(?:\s+(?:operating|active|based|hiding|present)\b[^,.;]{0,40}?)?"
                         # "The Fitna al-Khawarij terrorists, who cannot face the police, are now resorting to ..."
                         r"(?:\s+(?:terrorists|militants|elements))?(?:,\s+(?:who|which)\s+[^,.;]{1,60},)?\s+"
                         r"(?:(?:are|were|is|was|have|has|had)\s+(?:been\s+)?(?:now\s+)?(?:trying|attempting|behind|"
                         r"responsible|involved|targeting|attacking|resorting\s+to|"
                         # "The khawarij belonging to the HGB group, who have been operating from Afghanistan, were
                         # effectively engaged"
                         r"(?:effectively\s+|swiftly\s+)?(?:engaged|repulsed))|"
                         # "The terrorists of Fitna al-Khawarij had taken positions in the sugarcane fields"
                         r"(?:(?:had|have|has)\s+)?(?:taken|took)\s+positions?|(?:were|was)\s+lying\s+in\s+wait|(?:(?:had|have|has)\s+)?(?:want|wanted|wants|tried|try|tries|attempted|"
                         r"planned|plotted|intended|aimed|"
                         r"sought|seek|seeks)\s+to|(?:(?:came|arrived)\b[^,.;]{0,40}?\s+and\s+)?(?:(?:had|have|has)\s+)?(?:fled|escaped|retreated)\b|"
                         # an official's vow about the attackers: "The khawarij will not escape"
                         # ("The khawarij cannot face the police in the field")
                         r"(?:will|would|shall|cannot|can\s*not|won't|could\s+not|couldn't)\s+(?:not\s+)?(?:escape|be\s+spared|face|"
                         r"go\s+unpunished|get\s+away|find\s+(?:any\s+)?(?:place|hiding|refuge|shelter)|weaken|shake|deter|"
                         r"break|dent|defeat|succeed|intimidate))\b", re.I)
#: The forces' answer to the state's label: "the security forces effectively engaged the khawarij", "five
#: khawarij were sent to hell" (the ISPR's formula for the attackers of the post).
_ENGAGED_BEFORE = re.compile(r"\b(?:engaged|repulsed|repelled|foiled|thwarted|pursued|chased|retaliated\s+against|"
                             # "while bravely responding to the fire of the khawarij"
                             r"respond(?:ed|ing)\s+to)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:(?:of|by)\s+the\s+)?(?:(?:khawarij|khwarij)\s+(?:of|belonging\s+to)\s+"
                             r"(?:the\s+)?(?:Indian[\s-]+(?:sponsored|backed)\s+)?(?:(?:Indian\s+)?prox(?:y|ies),?\s+(?:the\s+)?)?)?$|"
                             # "the attackers were 'khawarij'"
                             r"\b(?:attackers|assailants|militants|terrorists|gunmen|bombers?)\s+(?:were|was|are)\s+"
                             r"(?:the\s+)?[\"'\u201c\u2018]?(?:(?:khawarij|khwarij)[\"'\u201d\u2019]?\s+(?:of|belonging\s+to)\s+(?:the\s+)?(?:Indian[\s-]+(?:sponsored|backed)\s+)?(?:(?:Indian\s+)?prox(?:y|ies),?\s+(?:the\s+)?)?)?$|"
                             # "the device had been planted by 'khawarij belonging to the Hafiz Gul Bahadur group'"
                             r"\b(?:(?:planted|carried\s+out|perpetrated|orchestrated|executed|attacked|ambushed|targeted|"
                             r"martyred|laid|driven|launched|staged|mounted)\s+by|(?:attack|assault|ambush|bombing)\s+by|under\s+(?:attack|fire)\s+from)\s+(?:the\s+)?[\"'\u201c\u2018]?(?:(?:khawarij|khwarij)\s+(?:of|belonging\s+to)\s+"
                             r"(?:the\s+)?(?:Indian[\s-]+(?:sponsored|backed)\s+)?(?:(?:Indian\s+)?prox(?:y|ies),?\s+(?:the\s+)?)?)?$",
                             re.I)
#: The attackers the forces killed, named by group: "troops ... killed three 'terrorists of the Hafiz Gul Bahadur group'".
_KILLED_OF = re.compile(r"\b(?:killed|neutrali[sz]ed|eliminated|gunned\s+down)\s+(?:\w+\s+){0,2}[\"'“‘]?(?:terrorists|militants|"
                        r"khawarij|khwarij|attackers|assailants)\s+(?:of|belonging\s+to)\s+(?:the\s+)?[\"'“‘]?$", re.I)
#: The speaker's own word for the attackers: "the attackers, whom it described as 'khawarij'".
_CALLED = re.compile(r"\b(?:described|describing|called|calling|termed|terming|dubbed|referred\s+to|branded|labelled|labeled)\s+(?:them\s+|the\s+"
                     r"(?:attackers|assailants|militants|terrorists|gunmen|bombers?)\s+)?"
                     r"(?:as\s+)?[\"'“‘]?\s*(?:(?:khawarij|khwarij)\s+(?:of|belonging\s+to)\s+(?:the\s+)?(?:Indian[\s-]+(?:sponsored|backed)\s+)?(?:(?:Indian\s+)?prox(?:y|ies),?\s+(?:the\s+)?)?)?$", re.I)
_PRESENCE = re.compile(r"\b(?:presence|active|operat(?:es|ing)|stronghold|footprint|influence|foothold|base)\b", re.I)
_SUBJECTS = re.compile(r"\b(?:(?:initial|preliminary|early)\s+(?:investigations?|inquir(?:y|ies)|probe|findings)|experts?|analysts?|observers|investigators|(?:security\s+|senior\s+|police\s+)?officials?|police|"
                       r"(?:the\s+)?military|army|ISPR|government|minister|ministry|authorities|security\s+(?:sources|forces)|"
                       r"CTD|counter[\s-]terrorism\s+department|intelligence\s+(?:officials|sources)|sources|"
                       r"spokes(?:man|person|woman)|chief\s+minister|prime\s+minister|interior\s+minister|"
                       r"inspector\s+general|deputy\s+commissioner|commissioner)\b", re.I)
_PARENTHETICAL = re.compile(r",\s+(?:which|who|whose|a\s+group\s+that|an?\s+(?:\w+\s+){0,3}(?:group|outfit|faction|"
                            r"organi[sz]ation)\s+(?:that|which|responsible|behind|blamed|known|accused))\b[^,;]*,", re.I)
_CLAUSE_SPLIT = re.compile(r";|,\s+(?:while|whereas|but|although|though)\b|\s+(?:but|whereas)\s+|,\s+and\s+(?=the\s)|"
                           r"\.\s+", re.I)


#: Between a group and its parent named in apposition: ", a breakaway faction of the".
_APPOSITION = re.compile(r"^\s*\)?(?:\([^)]{1,20}\))?,\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:faction|offshoot|off-shoot|"
                         r"splinter(?:\s+group)?|wing|affiliate|branch|ally|breakaway\s+group|chapter|"
                         r"(?:group|outfit|organi[sz]ation)\s+(?:that|which)\s+(?:is|was)\s+(?:a\s+)?part|"
                         # "the Pakistani Taliban, a separate militant group that is allied with the Afghan Taliban,"
                         r"(?=(?:group|outfit|organi[sz]ation)\s+(?:that|which)\s+(?:is|was|are|were)\s+(?:closely\s+)?"
                         r"(?:allied|linked|affiliated|aligned|associated)\b)(?:group|outfit|organi[sz]ation)|"
                         # "the TTP, the umbrella group from which Jamaat-ul-Ahrar broke away,"
                         r"(?:group|outfit|organi[sz]ation|alliance)(?=\s+(?:from|of)\s+which\b))\s+"
                         r"(?:of|(?:that|which)\b[^,;]{0,80}?\b(?:from|of|with|to|rejoined|joined|left)|(?:from|of)\s+which)\s+"
                         r"(?:the\s+)?(?:(?:banned|outlawed|proscribed)\s+)?$", re.I)
_APPOSITION_END = re.compile(r"^\s*(?:\([^)]{1,20}\))?(?:\s+(?:armed\s+|militant\s+|terrorist\s+|jihadist\s+)?"
                             r"(?:group|organi[sz]ation|movement|network|outfit))?"
                             r"(?:\s+(?:which|that|who|based|active|operating|broke|split|splintered|separated|emerged)\b"
                             r"[^,;]{0,120}|"
                             # "... rejoined the Pakistani Taliban several times over the past decade,"
                             r"(?:\s+[a-z][\w'-]*){1,8})?"
                             # "..., known as Tehrik-e-Taliban Pakistan, or TTP, said": the parent's other names
                             r"(?:,\s+(?:(?:also\s+)?known\s+as|or|better\s+known\s+as)\s+[^,;]{1,60})*\s*,")
#: Between "accuses" and a group: the accused harbours or backs the group ("of giving shelter to").
_HARBOURING = re.compile(r"\bof\s+(?:giving|providing|offering|harbou?ring|sheltering|hosting|supporting|backing|"
                         r"sponsoring|funding|arming|allowing)\b", re.I)
#: Between a label and the group it is said to belong to: "khawarij belonging to the Hafiz Gul Bahadur group".
_BELONGING = re.compile(r"[\"'”’]?\s*,?\s+(?:belonging\s+to|loyal\s+to|of|from|affiliated\s+(?:with|to))\s+"
                        r"(?:the\s+)?(?:(?:banned|outlawed|proscribed|militant)\s+)?"
                        # "khwarij belonging to the Indian proxy, Hafiz Gul Bahadur group"
                        r"(?:(?:Indian[\s-]+(?:sponsored\s+)?)?prox(?:y|ies),?\s+(?:the\s+)?)?"
                        r"(?:Indian[\s-]+(?:sponsored|backed)\s+)?", re.I)
#: The state's word for TTP fighters, which names no faction when another group is named with it.
_LABEL = re.compile(r"(?:Indian[\s-]+(?:sponsored|backed)\s+)?(?:khawarij|khwarij|kharijis?|khariji)", re.I)
LABEL = _LABEL


def _listed(found: list[GroupMention], sentence: str) -> list[GroupMention]:
    """The first group after a cue and those listed with it ("the TTP and the BLA"), not a group named later in
    an aside ("..., referring to a local Taliban commander")."""
    out = found[:1]
    for g in found[1:]:
        if not re.fullmatch(r"[\"'”’]?\s*(?:,|and|or|,\s*(?:and|or))\s*(?:the\s+)?", sentence[out[-1].end:g.start]):
            break
        out.append(g)
    return out


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence (split at ";", ", while", ", but", "whereas", ...)."""
    spans = []
    start = 0
    for m in _CLAUSE_SPLIT.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.start() if m.group(0).strip(" ,;.").lower() in ("while", "whereas", "but", "although", "though") \
            else m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _subject(clause: str, default: str) -> str:
    m = _SUBJECTS.search(clause)
    return m.group(0).strip() if m else default


def find_attributions(sentence: str, finder: GroupFinder) -> list[AttributionMention]:
    """Claims, denials, suspicions and blame stated in one sentence, clause by clause; a parent named only to
    introduce its branch ("the Islamic State group's regional affiliate, known as IS-K") gives way to it."""
    found = _find_attributions(sentence, finder)
    reg = finder.registry
    branches = {(reg.get(a.group).parent, a.status) for a in found if a.group in reg and reg.get(a.group).parent}
    return [a for a in found if (a.group, a.status) not in branches]


def _find_attributions(sentence: str, finder: GroupFinder) -> list[AttributionMention]:
    groups = finder.find(sentence)
    if not groups:
        return []
    # "a faction of the Pakistani Taliban led by Hafiz Gul Bahadur": the faction named, not the parent
    groups = [g for k, g in enumerate(groups) if not (k + 1 < len(groups) and _LED_BY.fullmatch(
        sentence[g.end:groups[k + 1].start]) and re.search(r"\bfaction\s+of\s+(?:the\s+)?$", sentence[:g.start]))]
    # "Jamaat-ul-Ahrar, a breakaway faction of the Pakistani Taliban, took responsibility": the parent in the
    # apposition describes the group, it is not the claimant
    described: list[tuple[int, int]] = []
    for k, g in enumerate(groups):
        if k > 0 and _APPOSITION.search(sentence[groups[k - 1].end:g.start]) and \
                (end := _APPOSITION_END.match(sentence[g.end:])):
            described.append((g.start, g.end + end.end()))
    groups = [g for g in groups if not any(a <= g.start < b for a, b in described)]
    # "Islamic State Khorasan Province (ISKP), also known as Daesh, claimed": the other name is the same claimant, and
    # of a parent and its branch named so, the branch ("the Islamic State group, known as IS-Khorasan")
    reg = finder.registry
    aka = {k for k in range(1, len(groups)) if re.fullmatch(
        r"\s*\)?\s*(?:\([^)]{1,20}\)\s*)?,\s+(?:also\s+)?(?:known|referred\s+to)\s+as\s+", sentence[groups[k - 1].end:groups[k].start])}
    drop = set()
    for k in aka:
        a, b = groups[k - 1], groups[k]
        b_parent = reg.get(b.code).parent if b.code in reg else None
        drop.add(k - 1 if b_parent == a.code else k)
    groups = [g for k, g in enumerate(groups) if k not in drop]
    # "khawarij belonging to the Hafiz Gul Bahadur group": the group named, not the state's label for the TTP
    groups = [g for k, g in enumerate(groups) if not (k + 1 < len(groups) and groups[k + 1].code != g.code and
                                                     _BELONGING.fullmatch(sentence[g.end:groups[k + 1].start]) and
                                                     (_LABEL.fullmatch(g.surface) or "belong" in
                                                      sentence[g.end:groups[k + 1].start].lower()))]
    out: list[AttributionMention] = []
    sentence_frame: str | None = None  # "experts believe ...": a suspicion frame the later clauses share
    for n, (a, b) in enumerate(split_clauses(sentence)):
        clause = sentence[a:b]
        in_clause = [g for g in groups if a <= g.start and g.end <= b]
        # a parenthetical ", which has carried out numerous attacks," describes the group, not this attack
        hist = _HISTORY.search(_PARENTHETICAL.sub(lambda m: " " * len(m.group(0)), clause))
        found_here = False
        if not in_clause and out and _SAME_SUBJECT.match(clause):
            # "The TTP claimed the attack in Lakki Marwat but denied any role in the bombing": its subject
            in_clause = [next(g for g in reversed(groups) if g.code == out[-1].group and g.end <= a)]
        if not in_clause:
            if n == 0 and _SUSPECT.search(clause):
                sentence_frame = "suspected"
            continue

        def emit(g: GroupMention, status: str, cue: str, by: str | None, inherited: bool = False) -> None:
            nonlocal found_here
            found_here = True
            if status == "suspected" and _LABEL.search(g.surface):
                status = "blamed"  # "bore the hallmarks of the khawarij": the state's own word is its blame
            if not any(o.group == g.code and o.status == status for o in out):
                out.append(AttributionMention(g.code, status, by, g.surface, cue, a, b, inherited))

        def before(pos: int) -> GroupMention | None:
            cands = [g for g in in_clause if g.end <= pos]
            return cands[-1] if cands else None

        def after(pos: int) -> list[GroupMention]:
            return [g for g in in_clause if g.start >= pos]

        rel = lambda pos: pos + a  # noqa: E731 - clause offset to sentence offset
        for m in _DENY.finditer(clause):
            if hist and hist.start() < m.start():
                continue
            g = before(rel(m.start()))
            if g:
                emit(g, "denied", m.group(0), g.surface)
        # ", which has claimed a series of bombings against police,": the group's record, not this attack's claim
        record = [(r.start(), r.end()) for r in _PARENTHETICAL.finditer(clause) if _HISTORY.search(r.group(0))] \
            if "," in clause else []
        for m in _CLAIM.finditer(clause):
            pre = clause[:m.start()]
            if _NEGATED.search(pre[-60:]) or (hist and abs(hist.start() - m.start()) < 40) or \
                    any(x <= m.start() < y for x, y in record):
                continue
            if re.search(r"\b(?:19|20)\d\d\b", clause[m.start():m.end() + 25]):
                continue  # "claimed the 2014 attack on ...": an old claim
            g = before(rel(m.start()))
            if m.group(0).startswith(("'s", "s'")):
                g = before(rel(m.start()) + 2)
            if g:
                emit(g, "claimed", m.group(0), g.surface)
        for g in in_clause:
            pre = sentence[a:g.start]
            if _CLAIM_BY.search(pre[-60:]) and not _NEGATED.search(pre[-80:]) and not hist:
                emit(g, "claimed", "claimed by", g.surface)
        for m in _BLAME.finditer(clause):
            if hist and hist.start() < m.start():
                continue
            # "the TTP ... accused 'elements' of trying to defame it": the group is the accuser, not the accused
            active = re.match(r"(?:blam|accus)", m.group(0), re.I) and not re.search(
                r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?$", clause[:m.start()])
            targets = _listed(after(rel(m.end())), sentence) or (
                [before(rel(m.start()))] if before(rel(m.start())) and not active else [])
            # "Pakistan accuses Afghanistan's Taliban rulers of giving shelter to TTP leaders": the harbourer
            # is accused of sheltering, the group is not blamed for this attack
            # "Islamabad accuses the Afghan Taliban of sheltering militants": the same, the harbourer named first
            targets = [g for g in targets if not _HARBOURING.search(sentence[rel(m.end()):g.start])
                       and not _HARBOURING.match(sentence[g.end:g.end + 40].lstrip())
                       # "have blamed most of the recent attacks on police on the TTP": a trend, not this attack
                       and not (hist and rel(m.end()) <= rel(hist.start()) < g.start)]
            by = _subject(clause[:m.start()], "officials")
            for g in targets:
                emit(g, "blamed", m.group(0), by)
        # the state's label tied to a group speaks for the state even when the speaker is only "it said"
        if not out and not hist and (speaker := _STATE_SPEAKER.search(sentence) or _LABEL.search(sentence)):
            for g in in_clause:  # "According to the ISPR, khawarij of Fitna al Khawarij attacked the post"
                labelled = _LABEL.search(g.surface) or _LABEL.search(sentence[max(a, g.start - 60):g.start])
                own_word = _LABEL.fullmatch(speaker.group(0)) is not None  # no speaker but the state's own word
                if (_ATTACKED_AFTER.match(sentence[g.end:b]) or _KILLED_OF.search(sentence[max(a, g.start - 80):g.start])
                        or (labelled and (_CALLED.search(
                        sentence[max(a, g.start - 70):g.start]) or _LABEL_ACTS.match(sentence[g.end:b])
                        or _ENGAGED_BEFORE.search(sentence[max(a, g.start - 80):g.start])))) and \
                        (own_word or not (speaker.start() <= g.start < speaker.end())):
                    emit(g, "blamed", "named as the attackers", _subject(speaker.group(0), "officials"))
                    break
        for m in _SUSPECT.finditer(clause):
            if hist and hist.start() < m.start():
                continue
            targets = after(rel(m.end())) or ([before(rel(m.start()))] if before(rel(m.start())) else [])
            by = _subject(clause, "the report")
            # "the police officer told reporters that initial investigations pointed towards ...": the state's
            # own investigators name the group, which is blame, not an outsider's suspicion
            status = "blamed" if re.match(r"(?:initial|preliminary|early)\s", m.group(0), re.I) and \
                _STATE_SPEAKER.search(sentence) else "suspected"
            if re.search(r"\b(?:the\s+)?(?:police|officials|authorities|CTD|military|army|ISPR|government)\s+(?:had\s+|have\s+|"
                         r"has\s+|also\s+|strongly\s+)?$", clause[:m.start()][-40:], re.I) and \
                    m.group(0).lower().startswith("suspect"):
                status = "blamed"  # "the police suspected the involvement of the TTP": officials naming a group
            for g in targets:
                if not any(o.group == g.code for o in out):
                    emit(g, status, m.group(0), by)
            if n == 0:
                sentence_frame = "suspected"
        if not found_here and sentence_frame == "suspected" and n > 0 and _PRESENCE.search(clause) and not hist:
            for g in in_clause:
                if not any(o.group == g.code for o in out):
                    emit(g, "suspected", "presence", _subject(sentence, "the report") + " (presence)", True)
    return out


_UNKNOWN_CLAIM = re.compile(r"(?P<name>(?:[A-Z][\w'-]*[\s-]+(?:(?:e|i|ul|al|of|the|and)[\s-]+)?){0,5}[A-Z][\w'-]*)"
                            r"(?:\s*\([^)]{1,20}\))?,?\s+(?:has\s+|have\s+|had\s+)?(?:claimed|took|accepted)\s+"
                            r"(?:the\s+)?responsibility")
_NOT_NAMES = {"No", "Nobody", "None", "Police", "Officials", "The", "It", "They", "He", "She", "Government", "Monday",
              "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Later", "Earlier", "On", "Also"}


def unknown_claimants(sentence: str, finder: GroupFinder) -> list[str]:
    """Names that claim responsibility but are not in the registry ("Jaish-e-Fursan-e-Muhammad")."""
    if "responsibility" not in sentence:
        return []
    known = finder.find(sentence)
    out = []
    for m in _UNKNOWN_CLAIM.finditer(sentence):
        name = re.sub(r"^(?:The|A|An|In\s+a\s+\w+)\s+", "", m.group("name")).strip()
        if not name or name.split()[0] in _NOT_NAMES or len(name) < 4:
            continue
        if any(g.start < m.end("name") and m.start("name") < g.end for g in known):
            continue
        if _NEGATED.search(sentence[:m.start("name")][-40:]) or _HISTORY.search(sentence[m.start():m.end() + 40]):
            continue
        out.append(name)
    return out
