"""What happened and to whom, told in words: the rules every importer and the report extractor share.

- :func:`category_from_text`: a state's forces' act ("carried out an airstrike", "security forces
  killed five militants", "intelligence-based operation", "drone strike") -> ``operation``; else a
  militant act (a bombing, IED, suicide attack, armed assault, targeted killing, abduction: an attack
  type or the words for one) -> ``attack``; else a follow-up's words alone ("a search operation",
  which after an attack tell of the hunt for its attackers) -> ``operation``; else None (unknown).
  Never a guess: text that names neither gives None.
- :func:`kind_of_target`: a target in any source's words -> one of ``models.TARGET_KINDS``
  (civilians, police, military, government, militants, other) or None.
- :func:`state_name`: a state actor's name ("Military Forces of Pakistan", "Government of United
  States of America") or None for anything else.

Categories (``models.CATEGORIES``): ``attack`` (a militant group's act), ``operation`` (a state's
forces act, Pakistan's or another state's), ``clash`` (armed fighting, initiator unknown), ``other``
(protests, riots, strategic developments); None where the source cannot tell.
"""
from __future__ import annotations

import re

_I = re.I

#: A state's forces acting: operations, strikes, raids, "security forces killed N militants".
_OBJECT = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|twenty|thirty|dozens?|several|many|"
           r"an?|the|at\s+least|militants?|terrorists?|insurgents?|khawarij|commanders?|suspects?)\b")
#: ...but not the attackers of an attack the forces repelled ("security forces killed two attackers").
_NOT_ATTACKERS = r"(?!(?:[\w-]+\s+){0,3}?(?:attackers?|assailants?|gunm[ae]n|bombers?|suicide)\b)"
_OPERATION = re.compile(
    r"\b(?:carried\s+out|conducted|launched)\s+(?:an?\s+)?(?:air\s*strikes?|drone\s+strikes?|raids?|strikes?|"
    r"bombardment|(?:intelligence[\s-]+based\s+|military\s+|security\s+|targeted\s+)operations?)|"
    r"\bair\s*strikes?\b|\bdrone\s+(?:strikes?|attacks?)\b|\baerial\s+(?:bombing|bombardment|strikes?)|"
    r"\bjets?\s+(?:bombed|pounded|struck|targeted)|\bgunship\s+helicopters?|\bshelling\s+by\b|"
    r"\bcross[\s-]+border\s+(?:shelling|firing)|"
    r"\bintelligence[\s-]+based\s+operation|\bIBOs?\b|\bmilitary\s+operations?\b|"
    r"\b(?:security\s+forces|army|military|police|CTD)'?\s+operations?\b|\bsecurity\s+operations?\b|"
    r"\bcounter[\s-]*terror(?:ism)?\s+operations?|\bCTD\s+(?:raid|operation)|"
    r"\b(?:forces|troops|soldiers|army|police|the\s+military|FC|Frontier\s+Corps|CTD|Levies)\s+"
    r"(?:kill(?:s|ed)?|gun(?:s|ned)?\s+down|eliminat(?:e|es|ed)|neutrali[sz]e[sd]?|arrest(?:s|ed)?|raid(?:s|ed)?|"
    r"storm(?:s|ed)?|bomb(?:s|ed)?|pound(?:s|ed)?|shell(?:s|ed)?)\s+" + _NOT_ATTACKERS + _OBJECT + r"|"
    # the ISPR's formula for its own operations: "During the conduct of the operation, ... sent to hell"
    r"\bduring\s+(?:the\s+)?conduct\s+of\s+(?:the\s+)?operations?\b|"
    # "the first operation was conducted in the general area of Lakki Marwat on the reported presence of khawarij"
    r"\b(?:operations?|IBOs?|raids?)\s+(?:was|were|had\s+been|has\s+been)\s+(?:conducted|carried\s+out|launched)\b|"
    r"\bon\s+(?:the\s+)?reported\s+presence\s+of\b|\bin\s+the\s+(?:first|second|third|other)\s+operation\b|"
    r"\b(?:militants?|terrorists?|insurgents?|khawarij)\s+(?:were|was)\s+(?:killed|gunned\s+down|eliminated|"
    r"neutrali[sz]ed)\s+(?:by\s+(?:security|troops|soldiers|the\s+army|police|CTD)|in\s+(?:an?|the)\s+"
    r"(?:\w+[\s-]+)?(?:operation|raid|air\s*strike|drone\s+strike))|"
    r"\braid(?:ed)?\s+(?:on\s+)?(?:an?\s+|the\s+)?(?:militant|terrorist)s?'?\s+(?:hide\s*-?outs?|compounds?|dens?)|"
    r"\bhide\s*-?outs?\s+(?:was|were)\s+(?:raided|destroyed|bombed)|"
    # "the operations had targeted hideouts of terrorists": the forces' own operations
    r"\boperations?\s+(?:had\s+|have\s+)?(?:targeted|hit|struck|destroyed|busted)\s+(?:[\w-]+\s+){0,3}?(?:hide\s*-?outs?|"
    r"compounds?|dens?|camps?|positions?|networks?)\b", _I)
#: Weaker cues: the words of a follow-up to an attack as often as of an operation ("launched a search
#: operation after the blast"): an operation only where no attack is named.
_FOLLOW_UP = re.compile(r"\bsearch\s+(?:and\s+\w+\s+)?operations?\b|\bcombing\s+operations?\b|"
                        r"\bcordon(?:ed)?\s+(?:off\s+)?and\s+search", _I)

#: A militant act named in words (for text without an extracted attack type).
_ATTACK = re.compile(
    r"\bsuicide\b|\bbomb(?:s|ing|ings|er|ers)?\b|\bIEDs?\b|\bimprovised\s+explosive|\bblasts?\b|\bexplosions?\b|"
    r"\bgunm[ae]n\b|\bambush(?:ed)?\b|\btargeted\s+killing|\bshot\s+dead\b|\babduct(?:ed|ion|s)?\b|"
    r"\bkidnapp?(?:ed|ing|s)?\b|\b(?:militants?|terrorists?|attackers|insurgents?)\s+(?:attack(?:s|ed)?|storm(?:s|ed)?|"
    r"opened\s+fire|abduct(?:s|ed)?)\b|\b(?:militants?|terrorists?|attackers|insurgents?)\s+(?:gun(?:s|ned)?\s+down|"
    r"kill(?:s|ed)?|shot)\s+" + _OBJECT + r"|\bgrenade\b|\battack(?:ed|s)?\s+(?:on\s+)?(?:a|an|the)\s+(?:\w+\s+){0,2}"
    r"(?:post|check\s*post|checkpoint|police\s+station|convoy|camp)", _I)

_TARGETS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("militants", re.compile(r"\bmilitants?\b|\bterrorists?\b|\bhide\s*-?outs?\b|\binsurgents?\b|\barmed\s+group|"
                             r"\bkhawarij\b|\brebels?\b", _I)),
    ("police", re.compile(r"\bpolice|\blevies\b|\bconstab|\bcops?\b|\bCTD\b|\bcheck\s*post|\bcheckpoint|\bthana\b", _I)),
    ("military", re.compile(r"\barmy\b|\bmilitary\b|\bsoldiers?\b|\btroops\b|\bcantonment\b|\bsecurity\s+forces|"
                            r"\bconvoy\b|\bFC\b|\bFrontier\s+Corps|\bpara-?military|\bjawans?\b", _I)),
    ("government", re.compile(r"\bgovernment\b|\bofficials?\b|\bminister|\bpolitician|\bdiplomat|\bjudge|\bcourt\b|"
                              r"\bpolling\s+station|\belection\b|\bdeputy\s+commissioner|\btehsildar\b", _I)),
    ("civilians", re.compile(r"\bcivilians?\b|\bmarket|\bbus\b|\bpassengers?\b|\bschool|\bstudents?\b|\bworshippers?\b|"
                             r"\bmosque|\bchurch|\bshrine|\bimambargah|\bprocession|\bworkers?\b|\blabou?rers?\b|"
                             r"\bjournalists?\b|\bwedding|\bhotel|\brally\b|\bvillagers?\b|\bresidents?\b|\btrain\b|"
                             r"\bprivate\s+citizens", _I)),
)

_STATE = re.compile(r"^\s*(?:government\s+of|military\s+forces\s+of|police\s+forces\s+of|"
                    r"(?:naval|air)\s+forces?\s+of)\s+\S", _I)


def category_from_text(text: str | None, attack_type: str | None = None) -> str | None:
    """``operation`` where the words tell of a state's forces acting; else ``attack`` where an attack
    type is known or the words name a bombing, IED, assault, targeted killing or abduction; else
    ``operation`` on a follow-up's words alone ("a search operation"); else None."""
    if text and _OPERATION.search(text):
        return "operation"
    if attack_type and _OPERATION.search(attack_type):
        return "operation"
    if attack_type or (text and _ATTACK.search(text)):
        return "attack"
    if text and _FOLLOW_UP.search(text):
        return "operation"
    return None


def kind_of_target(text: str | None) -> str | None:
    """The kind of a target in any source's words (``models.TARGET_KINDS``), None when the words say nothing."""
    if not text:
        return None
    for kind, pattern in _TARGETS:
        if pattern.search(text):
            return kind
    return None


def state_name(name: str | None) -> str | None:
    """A state actor's name as the source gives it ("Military Forces of Pakistan (2018-)"), else None."""
    if name and _STATE.match(name):
        return name.strip()
    return None
