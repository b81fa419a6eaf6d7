"""What kind of sentence this is (attack event, background, combined toll) and the attack's type and target.

Lexicons are ordered: the first attack type that matches anywhere in an incident's attack sentences wins
over later ones (a suicide bomber outranks "blast"); targets likewise (a police vehicle outranks police).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["ATTACK_TYPES", "TARGETS", "is_attack_sentence", "is_event_sentence", "background_cue", "statistics_cue", "first_event_at", "last_event_at",
           "is_combined", "separate_cue", "find_attack_type", "find_target", "LexiconHit"]

_I = re.I

#: (attack type, pattern), most specific first.
ATTACK_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((t, re.compile(p, _I)) for t, p in (
    ("suicide bombing", r"\bsuicide[\s-]+(?:bomb(?:er|ers|ing|ings)?|attack(?:er|ers|s)?|blast|explosion|vest|jacket|"
                        r"car\s+bomb|bombing|squad)|\bblew\s+(?:himself|herself|themselves)\s+up|"
                        r"\bself[\s-]+detonat|\bexplosive[\s-]+(?:laden\s+)?(?:vest|jacket)s?\b|\bsuicide\b"),
    ("vehicle bomb", r"\bcar[\s-]+bomb|\bvehicle[\s-]+borne|\bVBIED|\b(?:explosive|bomb)s?[\s-]+(?:laden|packed|rigged)\s+"
                     r"(?:car|vehicle|truck|lorry|motorcycle|motorbike|van|pickup|rickshaw)|\bmotorcycle[\s-]+bomb|"
                     r"\bbooby[\s-]+trapped\s+(?:car|vehicle|motorcycle|motorbike)|\btruck[\s-]+bomb|"
                     # "explosives planted in a parked car": a car bomb (one on a motorcycle is an IED)
                     r"\b(?:bomb|explosives?|device)s?\s+(?:was\s+|were\s+|had\s+been\s+)?(?:planted|hidden|concealed|"
                     r"placed|packed|rigged|stuffed)\s+(?:in|inside|into)\s+(?:a\s+|an\s+|the\s+)?(?:parked\s+)?"
                     r"(?:car|truck|lorry|van|pickup)s?\b|\bin\s+(?:a\s+|the\s+)?parked\s+vehicle\b"),
    ("IED", r"\bIEDs?\b|\bimprovised\s+explosive|\broadside\s+bomb|\bexplosive\s+device|\bplanted\s+(?:the\s+|an?\s+)?(?:bomb|explosive)|"
            r"\b(?:bomb|explosives?|device|material),?\s+(?:was\s+|were\s+|had\s+been\s+|(?:appeared|seemed|appears|"
            r"seems|(?:is|was)\s+believed|(?:is|was)\s+thought)\s+to\s+have\s+been\s+)?(?:planted|hidden|concealed|fitted|"
            r"attached|placed|fixed|installed)|\bremote[\s-]+control(?:led)?\s+"
            r"(?:bomb|device|IED|explosive|blast)|\bland\s*mine|\bmagnetic\s+bomb|\bsticky\s+bomb|\btime\s+bomb|"
            r"\bpressure[\s-]+cooker\s+bomb|"
            # "a bomb exploded on a railway track as the train passed": laid on the line
            r"\b(?:bomb|explosives?|device)\s+(?:[\w-]+\s+){0,3}?(?:on|under|along|beneath)\s+(?:a|the)\s+(?:railway\s+)?"
            r"(?:track|rail(?:way)?\s+line|rails)\b"),
    ("armed assault", r"\bgunm[ae]n\b|\b(?:tried|attempted|trying|attempting)\s+to\s+(?:storm|enter|break\s+into|infiltrate|attack|raid)\b|\bopened\s+\w+\s+fire\b|\barmed\s+with\b|\bautomatic\s+(?:weapons|rifles|guns)\b|\bsmall\s+arms\b|\bgun\s*(?:fight|battle)\b|\barmed\s+with\s+(?:guns|rifles|automatic|"
                      r"assault|heavy|Kalashnikovs?|AK-?47s?)|\bopened\s+fire\b|\bshot\s+dead\b|\bgun\s+attack|\barmed\s+(?:attack|assault|men)|"
                      r"\bambush(?:ed)?\b|\bstormed\b|\bfiring\b|\bgunfire\b|\bshooting\b|\bheavy\s+weapons\b|"
                      r"\bfired\s+(?:up)?on\b|\bassault\s+rifles?\b|\bopen(?:ing)?\s+fire\b|"
                      r"\battackers\s+(?:attempted|tried)\s+to\s+(?:enter|storm)|\bcame\s+under\s+(?:heavy\s+)?fire\b|"
                      r"\bmachine[\s-]*guns?\b|\bgunn(?:ed|ing)\s+down\b|"
                      # "used sniper rifles and hand grenades": guns with the grenades make it an armed assault
                      r"\bsnipers?\b|\b(?:rifles|Kalashnikovs|guns)\s+and\s+(?:hand\s+)?grenades\b|"
                      # "forced travellers off and shot several of them"
                      r"\bshot\s+(?:several|some|all|many|most|\w+)\s+of\s+them\b|\bshot\s+(?:them|him|her)\b"),
    ("grenade attack", r"(?<!propelled\s)\bgrenades?\b"),
    ("rocket attack", r"\brockets?\b(?!\s+launcher)|\bmortar\s+(?:shell|round|fire|attack)|\bRPGs?\b"),
    ("bombing", r"\bbomb(?:s|ing|ings)?\b|\bblasts?\b|\bexplosions?\b|\bexploded\b|\bexplosives?\b|\bdetonat|\bblew\s+up\b|\bblown\s+up\b"),
    # the troops' answer, not how the attack was made: after rockets, grenades and blasts
    ("armed assault", r"\breturned\s+(?:the\s+)?fire\b|\bexchanged\s+fire\b|\bexchange\s+of\s+fire\b|\bretaliated\b"),
    # last: an attack on a post with no weapon named is a raid ("terrorists attacked a security forces' post")
    ("armed assault", r"\b(?:attack(?:ed|s)?|raid(?:ed|s)?|assault(?:ed|s)?)\s+(?:on\s+)?(?:a|an|the|two|three|four|"
                      r"several|multiple|their|its)\s+(?:[\w'-]+\s+){0,3}?(?:posts?|check[\s-]*posts?|check[\s-]*points?|"
                      r"police\s+stations?|camps?|pickets?|forts?)\b"),
))

#: (target, pattern), most specific first.
TARGETS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((t, re.compile(p, _I)) for t, p in (
    ("school bus", r"\bschool\s+(?:bus|van|vehicle|coach)"),
    ("police vehicle", r"\bpolice\s+(?:vehicle|van|mobile|car|patrol|truck|pickup|jeep|convoy)|\bvehicle\s+(?:of|carrying)\s+"
                       r"(?:the\s+)?police|\bpatrol\s+(?:vehicle|car|van)|\bpolice\s+(?:officers|personnel)'?\s+vehicle"),
    ("convoy", r"\bconvoy\b"),
    ("railway station", r"\b(?:railway|train)\s+station\b"),
    ("train", r"\b(?:passenger\s+)?train\b|\bExpress\b"),
    ("bus", r"\b(?:passenger\s+)?(?:bus|coach|minibus)\b|\bpassenger\s+(?:van|vehicle|coaster)"),
    ("police station", r"\bpolice\s+(?:station|post|lines|headquarters|training\s+(?:centre|center|college))|"
                       r"\bthana\b|\bpolice\s+complex"),
    ("checkpoint", r"\bcheck[\s-]*(?:post|point)s?\b|\bpicket\b"),
    ("military", r"\b(?:army|military|FC|Frontier\s+Corps|security\s+forces'?)\s+(?:camp|base|fort|compound|post|"
                 r"headquarters|installation|garrison)|\bcantonment\b|\bgarrison\b|\bairbase\b|\bnaval\s+base\b"),
    ("religious gathering", r"\b(?:gather(?:ing|ed|ings)?|procession|congregation|celebrat\w*|Milad|Mawlid|Mawlood|"
                            r"majlis)\b(?=[^.]*\b(?:Prophet|Milad|Mawlid|"
                            r"Eid|religious|mosque|shrine|imambargah|prayers?|Muharram|Ashura|worship))"),
    ("political rally", r"\b(?:rally|election\s+(?:meeting|campaign|gathering|office)|political\s+gathering|"
                        r"convention|corner\s+meeting)\b"),
    ("public gathering", r"\b(?:gathering|crowd|procession|wedding|funeral)\b"),
    ("mosque", r"\bmosques?\b|\bmasjid\b|\bimambargah\b"),
    ("shrine", r"\bshrine\b|\bdargah\b"),
    ("market", r"\bmarket\b|\bbazaar\b|\bbazar\b"),
    ("school", r"\bschool\b|\bmadrassa\b|\bmadrasa\b|\bseminary\b|\bcollege\b|\buniversity\b"),
    ("polio team", r"\bpolio\b"),
    ("court", r"\bcourt\b|\bjudicial\s+complex\b"),
    ("security forces", r"\b(?:attack(?:ed|s)?|ambush(?:ed)?|target(?:ed|ing)?|struck|hit)\s+(?:on\s+)?(?:a\s+|the\s+)?"
                        r"(?:security\s+forces|soldiers|troops|army|FC|Frontier\s+Corps|Levies)"),
    ("police", r"\b(?:attack(?:ed|s)?|ambush(?:ed)?|target(?:ed|ing)?|struck|hit)\s+(?:on\s+)?(?:a\s+|the\s+)?"
               r"(?:police(?:men)?|policemen|police\s+officers|cops)\b"),
))

_ATTACK_CUE = re.compile(
    r"\b(?:bomb\w*|blasts?|explo(?:sion|sions|sive|sives|ded|de)|attack(?:s|ed|ers?)?|ambush\w*|suicide|IEDs?|"
    r"grenades?|gunm[ae]n|opened\s+(?:\w+\s+)?fire|firing|gunfire|shot\s+dead|stormed|detonat\w*|rockets?|assault|shooting|"
    r"militants?|terrorists?|insurgents?|killed|killings?|martyred|injured|injuries|wounded|dead|deaths?|khwarij|khawarij|"
    r"exchange\s+of\s+fire|sent\s+to\s+hell|neutrali[sz]ed|gunned\s+down|armed\s+(?:men|fighters)|shot\s+(?:several|some|all|many|most)\s+of\s+them|bullets?|went\s+off|devices?|"
    r"(?:was|were)\s+shot|under\s+(?:heavy\s+)?(?:fire|attack)|"
    r"landmines?|mortars?|(?:mortar\s+|artillery\s+)?shells?|shelling|incident\s+(?:took\s+place|occurred|happened))\b", _I)
_EVENT_CUE = re.compile(
    r"\b(?:exploded|went\s+off|detonated|blew\s+(?:himself|herself|themselves)\s+up|opened\s+(?:\w+\s+)?fire|stormed|"
    r"ambushed|"
    r"attacked|targeted|struck|hit|rammed|killing|kills|injuring|wounding|shot|gunned\s+down|exploding|blew\s+up|"
    r"drove\s+(?:an?\s+|his\s+|the\s+)?(?:explosives?|bomb)[\w-]*(?:\s+laden)?\s+(?:vehicle|car|truck|van)\s+into|"
    # "In the first attack, dozens of gunmen entered the town, set fire to a bank and blocked the main highway"
    r"set\s+fire\s+to|torched|blocked\s+(?:the\s+)?(?:main\s+|national\s+)?(?:highway|road)|"
    # "while a separate grenade attack wounded two people in another district"
    r"(?:attack|blast|bombing|explosion|ambush|assault)\s+(?:also\s+)?(?:killed|wounded|injured)|"
    # "The shell landed in a residential compound in the Mir Ali area"
    r"(?:shells?|rockets?|mortars?|grenades?)\s+(?:had\s+)?landed|"
    # the ISPR's "khawarij attempted to attack a security forces post in the general area of Spinwam"
    r"(?:attempted|tried)\s+to\s+(?:attack|storm|ram|infiltrate|raid|overrun)|"
    r"in\s+the\s+first\s+(?:attack|incident)\b|"
    r"went\s+off|was\s+(?:hit|targeted|attacked)|hurled|lobbed|threw|thrown|tossed|planted|raided|assaulted|overran|"
    r"besieged|(?:set\s+up|put\s+up|erected|established)\s+(?:a\s+)?(?:blockade|roadblock|barricade|checkpoint)|"
    r"offloaded|(?:were|was)\s+pulled\s+(?:off|out)|"
    r"(?:repulsed|repelled|foiled|thwarted)\s+(?:an?|the)\s+(?:[\w-]+\s+)?attack|fired\s+(?:[\w-]+\s+){0,6}?at|"
    r"(?<!when\sthe\s)(?<!after\sthe\s)(?<!before\sthe\s)(?<!where\sthe\s)(?<!as\sthe\s)(?<!since\sthe\s)"
    r"(?:attack|blast|bombing|explosion|ambush|assault|shooting|incident)(?:\s+(?:on|at|in|near)\s+[^.;]{0,90}?)?\s+"
    r"(?:took\s+place|happened|occurred)|"
    r"(?:attack|assault|raid|ambush|gunfight|gun\s+battle)\s+(?:on\s+[^.;]{0,60}?\s+)?(?:began|started|lasted)|"
    r"(?:attack|blast|bombing|explosion|ambush|assault)\s+(?:[\w-]+\s+){0,8}?(?:that|which)\s+killed|ripped\s+through|tore\s+through|"
    r"(?:came|come|comes|coming)\s+under\s+(?:attack|fire)|attacking|targeting|storming|ambushing|firing\s+on|fired\s+(?:up)?on|"
    r"sprayed\s+(?:\w+\s+){0,3}?with\s+(?:bullets|gunfire)|riddled\s+(?:\w+\s+){0,3}?with\s+bullets)\b", _I)
_BACKGROUND = re.compile(
    r"\b(?:last|past|previous)\s+(?:week|month|year|months|years|weeks)\b|\bearlier\s+this\s+(?:week|month|year)\b|"
    r"\bthis\s+year\s+alone\b|\bso\s+far\s+this\s+year\b|\bthis\s+year\b|"
    # "Dozens of lashkar members were killed in the following years in suicide bombings"
    r"\bin\s+the\s+(?:following|subsequent|ensuing)\s+(?:years|months|decades?)\b|"
    # "This was the second attack on law enforcers in the southern districts this week": a count of a series
    r"\b(?:second|third|fourth|fifth)\s+(?:such\s+)?(?:attack|incident|bombing|blast)\s+[^.;]{0,60}?\bthis\s+(?:week|month)\b|"
    r"\b(?:a|one|two|three|four|five|\d+)\s+(?:days?|weeks?)\s+before\s+that\b|\bearlier\s+that\s+(?:week|month|day)\b|\bsince\s+(?:the\s+(?:start|beginning)|January|\d{4})\b|"
    r"\bpreviously\b|\bin\s+the\s+past\b|\bhistorically\b|\bsimilar\s+attacks?\b|\b(?:days|weeks?|months?|years?)\s+"
    # (but "two days after the attack, a spokesman claimed": this attack's later day)
    r"(?:ago|after(?!\s+(?:the|this|that|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's|Saturday's|Sunday's)\s+"
    r"(?:[\w-]+\s+)?(?:attack|bombing|blast|ambush|assault|killings?|explosion)\b)|before|earlier)\b|\b(?:comes?|came)\s+(?:just\s+|only\s+|barely\s+)?(?:[\w-]+\s+)?(?:days?|weeks?|months?|hours?|a\s+day|a\s+week|"
    r"a\s+month)\b|\brecall(?:s|ed|ing)\b|\breminiscent\s+of\b|"
    # "the claims echo January's bombing of a mosque" (not "the blast echoed across the town")
    r"\becho(?:es|ed|ing)?\s+(?:the|an?|last|those|that|(?-i:[A-Z])\w+'s)\s|"
    r"\b(?:19|20)\d\d(?:'s)?\s+(?:[\w-]+\s+){0,3}?(?:attacks?|bombings?|blasts?|ambush|assaults?|killings?|massacre)\b|"
    r"\bfollows?\s+(?:a|an|the)\b|\bthe\s+latest\s+in\b|\b(?:a\s+)?(?:spate|wave|series|surge|rise|increase|uptick|"
    r"escalation)\s+(?:of|in)\b|\bdramatic\s+increase\b|\b(?:more\s+than\s+|over\s+|at\s+least\s+)?\d[\d,]*\s+"
    r"(?:terror(?:ist)?\s+)?(?:attacks|incidents)\b|\bfrequent\s+(?:[\w-]+\s+)?attacks\b|\bfrequently\b|\bregularly\b|\boften\b|\broutinely\b|\bin\s+recent\s+"
    r"(?:weeks|months|years)\b|\bhas\s+(?:long|repeatedly)\b|\bhave\s+(?:long|repeatedly)\b|\bdeadliest\s+since\b|"
    r"\bin\s+(?:19|20)\d\d\b|\bthe\s+worst\s+since\b|\banniversary\b|\bremembered\b|\b(?:was\s+|were\s+)?(?:sentenced|convicted|indicted|acquitted)\b|"
    r"\bon\s+trial\b|\brecently\b|\b(?:that|those)\s+(?!(?:the|a|an|this|its|their|his|both|all)\b)(?:\w+\s+)?(?:attacks?|bombings?|blasts?|assaults?|ambush|"
    r"explosions?|killings?)\b(?!\s+(?:on|in|at)\s+(?:the\s+)?(?:police|security|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday))|\b(?:a\s+)?string\s+of\b(?!\s+(?:coordinated|simultaneous|near-simultaneous)\b)|"
    # "Kech district had faced several cowardly attacks": a place's record, not this attack
    r"\b(?:had|has|have)\s+(?:\w+\s+)?(?:faced|witnessed|suffered|experienced|endured|seen)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attacks|bombings|blasts|violence|incidents)\b",
    _I)
#: A period's statistics, not an attack: the whole sentence is background ("190 incidents of terrorism during
#: the first seven months of the current year", "412 people were injured in these incidents", "killed 47
#: militants in intelligence-based operations across the province").
_STATISTICS = re.compile(
    r"\b\d[\d,]*\s+(?:incidents|acts)\s+of\s+(?:terror|violence)|\b\d[\d,]*\s+(?:terror(?:ist)?\s+)?incidents\b|"
    r"\b(?:during|in|over)\s+the\s+(?:first|past|last)\s+(?:[\w-]+\s+)?(?:months|weeks|quarter|half)\s+of\b|"
    r"\bof\s+the\s+current\s+year\b|\bin\s+these\s+(?:incidents|attacks)\b|\bso\s+far\s+this\s+(?:year|month)\b|"
    r"\bthis\s+year\s+alone\b|\b(?:police|official|government|provincial|army|military)\s+(?:figures|data|statistics)\b|"
    r"\baccording\s+to\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?tally\b|\b(?:the\s+)?year\s+(?:19|20)\d\d\s+was\b|"
    r"\b(?:19|20)\d\d\s+was\s+the\s+(?:deadliest|bloodiest|worst)\b|\b(?:deadliest|bloodiest|worst)\s+year\b|"
    r"\b(?:figures|data|statistics)\s+(?:released|issued|compiled|shared)\s+by\b|"
    r"\bsince\s+(?:January|the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year)\b|"
    r"\bworst[\s-]+(?:hit|affected)\s+(?:region|province|district|area|by)s?\b|\baccount(?:ing|ed|s)\s+for\s+(?:nearly\s+|"
    r"about\s+|almost\s+|over\s+|more\s+than\s+)?(?:half|a\s+third|a\s+quarter|\w+[\s-]+(?:thirds|quarters)|\d+\s*(?:%|percent|"
    r"per\s+cent))\b|\b(?:monthly|annual|quarterly|yearly)\s+(?:security\s+)?(?:assessment|report|review|figures)\b|\bduring\s+(?:19|20)\d\d\b|\bduring\s+the\s+year\b|\byear-end\b|"
    r"\b(?:intelligence|intel)[\s-]+based\s+operations\b(?!\s+(?:in|at|near)\s+(?-i:[A-Z]))|\b\d[\d,]*\s+(?:intelligence[\s-]+based\s+)?"
    r"operations\b", _I)
_COMBINED = re.compile(
    r"\b(?:two|three|four|five|twin|both|separate|multiple|several|coordinated|simultaneous|the\s+two)\s+(?:\w+\s+){0,2}?"
    r"(?:attacks|blasts|bombings|explosions|incidents|assaults|suicide\s+bombings)\b|"
    r"\bin\s+(?:two|three|four|five|several|multiple)\s+(?:separate\s+|different\s+)?(?:places|locations)\b|"
    r"\b(?:attacks|blasts|bombings|explosions|incidents)\s+(?:\w+\s+){0,3}?in\s+(?:two|three|four|several|different|"
    r"separate)\s+(?:provinces|districts|cities|towns|places|areas|regions)\b|"
    r"\b(?:all|both)\s+(?:the\s+)?(?:attacks|blasts|bombings|explosions)\b|"
    # "Police officials blamed the TTP for both."
    r"\b(?:for|in|behind)\s+both(?:\s+of\s+them)?(?=\s*(?:[.,;]|$))|"
    # "No one claimed responsibility for either attack"
    r"\b(?:either|neither)\s+(?:of\s+the\s+)?(?:attacks?|incidents?|blasts?|bombings?|explosions?)\b|"
    # "did not give a breakdown for each attack", "how many were killed in each attack", "left six dead between them",
    # "the grenade attack and the Bara blast together claimed four lives"
    r"\b(?:breakdown|figures?|tolls?)\s+(?:[\w-]+\s+){0,3}?(?:for|of|in)\s+each\s+(?:attack|incident|blast|bombing)\b|"
    r"\bhow\s+many\s+(?:[\w-]+\s+){0,3}?in\s+each\b|\bbetween\s+them\b|"
    r"\b(?:attacks?|blasts?|bombings?|ambush|assault)\s+(?:[\w-]+\s+){0,3}?together\s+(?:claimed|killed|left|caused|took)\b|"
    # "carried out a string of attacks across the province", "17 people had been killed across the province"
    r"\b(?:string|series|wave|spate)\s+of\s+(?:[\w-]+\s+)?(?:attacks|bombings|blasts)\b|"
    r"\b(?:killed|died|dead|wounded|injured)\s+(?:[\w-]+\s+){0,3}?across\s+(?:the\s+)?(?:province|region|country)\b|"
    r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)\b(?:struck|attacked|hit|targeted)\s+(?:[\w-]+\s+){0,2}?twice\b", _I)
#: Words one of which every match of _COMBINED / _SEPARATE holds: a sentence with none is skipped unread.
_COMBINED_WORDS = ("two", "three", "four", "five", "twin", "both", "separate", "multiple", "several", "coordinated",
                   "simultaneous", "different", "all", "twice", "string", "series", "wave", "spate", "across", "each",
                   "between", "together", "either", "neither")
_SEPARATE_WORDS = ("separate", "second", "third", "another", "similar", "different", "elsewhere", "meanwhile",
                   "other", "latter", "fourth", "fifth", "related")
_SEPARATE = re.compile(
    r"\b(?:in\s+a\s+|in\s+another\s+|a\s+|another\s+)?(?:separate|second|third|another|similar|different)\s+"
    r"(?:attack|incident|blast|bombing|explosion|assault|ambush)\b|\bseparately\b|\belsewhere\b|\bmeanwhile\b|"
    r"\bin\s+the\s+(?:second|third|fourth|fifth|other|latter)\s*(?:,|(?:one|case|instance)\b)|"
    r"\bin\s+(?:a\s+)?(?:related|separate)\s+development\b", _I)


@dataclass(frozen=True)
class LexiconHit:
    """A lexicon value and the words that triggered it."""

    value: str
    text: str
    rank: int


@functools.lru_cache(maxsize=1024)
def is_attack_sentence(text: str) -> bool:
    """Does the sentence talk about an attack (or its casualties) at all?"""
    return bool(_ATTACK_CUE.search(text))


@functools.lru_cache(maxsize=1024)
def is_event_sentence(text: str) -> bool:
    """Does the sentence narrate an attack happening (a verb of attack), not just name one?

    Casualty figures count too; the segmenter adds them (see :func:`segment.analyse`)."""
    return bool(_EVENT_CUE.search(text))


def first_event_at(text: str) -> int | None:
    """Where the first verb of attack stands in the text, if any."""
    m = _EVENT_CUE.search(text)
    return m.start() if m else None


def last_event_at(text: str) -> int | None:
    """Where the last verb of attack stands in the text, if any."""
    last = None
    for m in _EVENT_CUE.finditer(text):
        last = m.start()
    return last


@functools.lru_cache(maxsize=1024)
def background_cue(text: str) -> str | None:
    """The words marking an earlier attack or a trend ("last month", "this year alone"), if any; "carried out a
    series of attacks" tells new ones."""
    for m in _BACKGROUND.finditer(text):
        if not (_SERIES.match(m.group(0)) and _CARRIED_OUT.search(text[:m.start()][-40:])):
            return m.group(0)
    return _statistics(text)


def _statistics(text: str) -> str | None:
    """The first words of _STATISTICS in the text; a text holding no digit and none of its words is not searched."""
    low = text.lower()
    if not (_DIGIT.search(text) or any(w in low for w in _STATISTICS_PARTS)):
        return None
    m = _STATISTICS.search(text)
    return m.group(0) if m else None


#: Every match of _STATISTICS holds a digit or one of these.
_STATISTICS_PARTS = ("incident", "first", "past", "last", "current year", "these", "so far", "alone", "figures", "data",
                     "statistic", "tally", "year", "deadliest", "bloodiest", "worst", "since", "account", "monthly",
                     "annual", "quarterly", "intelligence", "intel", "operation")
_DIGIT = re.compile(r"\d")
_SERIES = re.compile(r"(?:a\s+)?(?:series|wave|string|spate)\s+of\b", _I)
_CARRIED_OUT = re.compile(r"\b(?:carried\s+out|launched|staged|mounted|unleashed|conducted)\s+$", _I)


@functools.lru_cache(maxsize=1024)
def statistics_cue(text: str) -> str | None:
    """The words marking a sentence as a period's statistics (all of it background), if any."""
    return _statistics(text)


_ONE_OF = re.compile(r"\b(?:one|the\s+(?:latest|first|second|third|last|deadliest))\s+(?:of|in)\s+(?:the\s+)?$|"
                     r"\bamong\s+(?:the\s+)?$", _I)


@functools.lru_cache(maxsize=1024)
def is_combined(text: str) -> str | None:
    """The words showing a sentence speaks of several attacks at once ("in bomb attacks in two provinces");
    "one of several attacks" is one attack."""
    low = text.lower()
    if not any(w in low for w in _COMBINED_WORDS):
        return None
    for m in _COMBINED.finditer(text):
        if not _ONE_OF.search(text[:m.start()][-30:]):
            return m.group(0)
    return None


@functools.lru_cache(maxsize=1024)
def separate_cue(text: str) -> str | None:
    """The words starting another attack ("in a separate attack", "meanwhile", "elsewhere")."""
    low = text.lower()
    if not any(w in low for w in _SEPARATE_WORDS):
        return None
    m = _SEPARATE.search(text)
    return m.group(0) if m else None


def _first(lexicon: tuple[tuple[str, re.Pattern[str]], ...], texts: list[str]) -> tuple[LexiconHit, int] | None:
    best: tuple[int, int, LexiconHit] | None = None
    for n, text in enumerate(texts):
        for rank, (value, rx) in enumerate(lexicon):
            if best is not None and rank > best[0]:
                break
            m = rx.search(text)
            if m and (best is None or (rank, n) < best[:2]):
                best = (rank, n, LexiconHit(value, m.group(0), rank))
                break
    return (best[2], best[1]) if best else None


#: "trying to establish whether the explosives had been planted or carried by a bomber": what follows is
#: open, so it names no attack type.
_UNCERTAIN = re.compile(r"\b(?:establish|ascertain|determine|confirm|clear|known|certain|sure|investigating|probing|say|tell|"
                        r"unclear|unknown|examining|looking\s+into)\s+(?:yet\s+|immediately\s+)?(?:whether|if)\b[^.;]*",
                        _I)


#: Projectiles as the subject of firing: "mortar shells and rockets were fired on Alizai" is no gun attack.
_PROJECTILES_FIRED = re.compile(r"\b(?:rockets?|shells?|mortars?|missiles?|RPGs?)\s+(?:[\w-]+\s+){0,4}?(?:were|was|had\s+been|"
                                r"being)\s+fired\s+(?:up)?on\b", _I)


#: "delayed because of the threat of roadside bombs": a danger feared, not the weapon used.
_THREAT_OF = re.compile(r"\b(?:threats?|fears?|risks?|danger)\s+of\s+(?:[\w-]+\s+){0,3}?(?:bombs?|IEDs?|explosives?|"
                        r"devices?|mines?|landmines?|attacks?|bombers?|bombings?)\b", _I)


#: "Weapons, ammunition and explosives were also recovered": what was found, not the weapon used.
_RECOVERED = re.compile(r"\b(?:weapons|arms|ammunition|explosives?|grenades|suicide\s+vests?|IEDs?|rockets)(?:,?\s+(?:and\s+)?"
                        r"(?:[\w-]+\s+){0,2}?(?:weapons|arms|ammunition|explosives?|grenades|suicide\s+vests?|IEDs?|rockets|"
                        r"materials?|equipment))*\s+(?:were|was|had\s+been|have\s+been)\s+(?:also\s+)?(?:recovered|seized)\b",
                        _I)


def find_attack_type(texts: list[str]) -> tuple[LexiconHit, int] | None:
    """The most specific attack type named in any of the texts, and the index of that text; a question left
    open ("not clear whether it was a suicide attack") or a danger feared ("the threat of roadside bombs")
    names none."""
    texts = [_UNCERTAIN.sub(" ", t) if "whether" in t or " if " in t else t for t in texts]
    texts = [_THREAT_OF.sub(" ", t) if " of " in t else t for t in texts]
    texts = [_RECOVERED.sub(" ", t) if "recover" in t or "seized" in t else t for t in texts]
    # keep the projectile, drop the gun-attack verb: "rockets were fired on" -> "rockets were fired at"
    texts = [_PROJECTILES_FIRED.sub(lambda m: m.group(0)[:m.group(0).rfind("fired")] + "fired at", t)
             if "fired" in t else t for t in texts]
    return _first(ATTACK_TYPES, texts)


def find_target(texts: list[str]) -> tuple[LexiconHit, int] | None:
    """The most specific target named in any of the texts, and the index of that text."""
    return _first(TARGETS, texts)
