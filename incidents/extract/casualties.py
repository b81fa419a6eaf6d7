"""Casualty phrases in sentences: killed, injured and attackers killed, each with its wording.

The range a wording supports comes from :func:`incidents.casualties.parse_count`; this module only finds
the phrases ("at least five people were killed", "killing 34", "the death toll rose to 57", "deaths of
two police officials", "dozens injured", "three attackers were killed").
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from incidents.casualties import NUMBER, Count, parse_count

__all__ = ["CasualtyMention", "find_casualties", "ATTACKER_NOUNS"]

_MOD = (r"(?:a\s+total\s+of|at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of|over|more\s+than|above|in\s+excess\s+of|"
        r"upwards\s+of|up\s+to|as\s+many\s+as|nearly|almost|around|about|approximately|roughly|some|an\s+estimated|"
        r"close\s+to|fewer\s+than|less\s+than|at\s+most|no\s+more\s+than)")
_VAGUE = r"(?:dozens|scores|hundreds|several|many|numerous|a\s+number|a\s+few|multiple)"
_Q = rf"(?:{_MOD}\s+)?(?:{NUMBER}|{_VAGUE})(?:\s+(?:more|further|additional))?(?:\s+of)?"
_PEOPLE = (r"(?:people|persons?|individuals|(?<=of\s)them|civilians?|passers-?by|bystanders|pedestrians|residents?|villagers?|"
           r"police\s+(?:officers?|officials?|personnel|constables?|guards?|(?:sub-)?inspectors?)|police(?:men|man|women|woman)?|"
           r"officers?|"
           r"officials?|personnel|soldiers?|troops|servicem[ae]n|jawans|sepoys?|guards?|cops?|constables?|"
           r"security\s+(?:forces|personnel|officials|men|guards)|FC\s+(?:men|personnel|soldiers)|levies(?:\s*men)?|"
           r"Levies(?:\s*men)?|men|women|children|child|boys?|girls?|students?|pupils|teachers?|worshipp?ers|"
           r"devotees|pilgrims?|passengers?|travell?ers?|labou?rers?|workers|engineers?|employees?|staff|members?|"
           r"tourists?|shoppers?|doctors?|journalists?|lawyers?|judges?|voters?|volunteers?|vaccinators?|passer-?by|"
           r"sailors?|marines?|seamen|coast\s*guards?|rangers?|commandos?|cadets?|"
           r"health\s+workers?|polio\s+workers?|workers?|miners?|drivers?|shopkeepers?|traders?|fishermen|farmers?|"
           r"tribesmen|elders?|customers?|clients?|visitors?|guests?|patients?|porters?|vendors?|hawkers?|"
           # one person named by office: "an assistant commissioner", "a deputy superintendent", "a tehsildar"
           r"(?:assistant\s+|deputy\s+)?commissioners?|tehsildars?|magistrates?|superintendents?|"
           r"(?:sub-|assistant\s+sub-)?inspectors?|SHOs?|DSPs?|ASIs?|sepoys?|naiks?|havildars?|subedars?|"
           r"lance\s+naiks?|captains?|lieutenants?|colonels?|commanders?|clerics?|imams?|prayer\s+leaders?|"
           r"scholars?|councill?ors?|lawmakers?|leaders?|chairm[ae]n|principals?|headm(?:aster|istress)|contractors?|"
           r"others|another|family\s+members|relatives|nationals|citizens|fighters|colleagues?|comrades?|companions?|"
           r"sons\s+of\s+(?:the\s+)?soil|"
           r"attackers?|militants?|terrorists?|assailants?|bombers?|gunm[ae]n|insurgents?|khawarij|khwarij|"
           r"miscreants|rebels|suspects?|(?:wo)?man|boy|girl)")
ATTACKER_NOUNS = re.compile(r"\b(?:attackers?|militants?|terrorists?|assailants?|bombers?|gunm[ae]n|insurgents?|"
                            r"khawarij|khwarij|miscreants|rebels|suspects?)\b", re.I)
_ADJ = r"(?:[A-Za-z][\w'-]*\s+(?:\([A-Z]{2,6}\)\s+)?){0,3}?"  # "two Frontier Corps (FC) personnel"
_KILL_PASSIVE = (r"(?:killed|dead|(?:had\s+|have\s+|has\s+)?died|martyred|slain|shot\s+dead|gunned\s+down|lost\s+(?:their|his|her)\s+lives|"
                 r"lost\s+(?:his|her)\s+life|"
                 r"perished|succumbed|embraced\s+(?:martyrdom|shahadat|shahadah)|confirmed\s+dead|neutrali[sz]ed|eliminated|"
                 r"sent\s+to\s+hell)")
_ATTACKER_ONLY_VERBS = re.compile(r"neutrali[sz]ed|eliminated|sent\s+to\s+hell", re.I)
_HURT_PASSIVE = r"(?:injured|wounded|hurt|(?:ha[ds]\s+|have\s+)?(?:sustained|received|suffered)\s+(?:serious\s+|critical\s+|minor\s+|" \
                r"splinter\s+|bullet\s+|gunshot\s+)?(?:injuries|wounds)|(?:sustained|received|suffered)\s+an?\s+" \
                r"(?:serious\s+|minor\s+)?(?:bullet|gunshot|splinter)\s+(?:wound|injury))"
_AUX = r"(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|got|been|being|reportedly|also|critically|" \
       r"seriously|severely|badly|slightly|lightly|grievously|fatally|mortally|left|later)\s+){0,3}"

#: "Four labourers working on a road project were shot dead": a short participle phrase after the noun.
_PARTICIPLE = (r"(?:\s+(?:working|performing|living|residing|staying|queu(?:e)?ing|gathered|travell?ing|employed|deployed|deputed|assigned|tasked|stationed|posted|returning|guarding|"
               r"escorting|accompanying|protecting|riding|"
               r"sitting|standing|waiting|praying|hailing|playing|walking|passing|shopping|sleeping|attending|"
               r"offering|going|coming|present)\b(?:\s+[\w'-]+){1,9}?|\s+on\s+(?:[\w-]+\s+)?duty|"
               # "Two passengers who tried to flee were wounded": a relative clause between the victims and the verb
               r"\s+who\s+(?:tried|attempted|resisted|ran|fled|rushed|came|went|(?:were|was)\s+(?:[a-z]{3,}ing|present|"
               r"inside|nearby|there|on\s+duty))\b"
               r"(?:\s+[\w'-]+){0,8}?|"
               # "Two other labourers, who hid behind a water tanker, sustained injuries": a clause set off by commas
               r",\s+who\s+[^,.;]{3,120},|"
               # "Nine passengers were offloaded and shot dead", "9 Bus Passengers Offloaded, Shot Dead"
               r"\s+(?:were\s+|was\s+|had\s+been\s+)?(?:offloaded|off-loaded|abducted|kidnapped|dragged\s+out|pulled\s+(?:off|out)|"
               r"taken\s+off|lined\s+up|singled\s+out|separated)(?:\s+(?:(?:from|of)\s+)?(?:a|an|the|their|his|two|three|\w+)\b"
               r"[^,.;]{0,40}?)?(?:\s+and|,))")
#: "Three personnel of the Levies force", "An officer of the Pakistan Army": the service after the noun.
_OF_FORCE = (r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,3}(?:[Aa]rmy|[Ff]orces?|[Pp]olice|[Cc]orps|Levies|[Nn]avy|"
             r"Department|Guards?|Scouts|Constabulary|Squad|Branch|Bureau|Agency)(?:\s+\([A-Z]{2,6}\))?|"
             r"\s+(?:of|from)\s+(?:a|the|one)\s+(?:single\s+|same\s+)?family|"
             # "7 Labourers From Punjab Shot Dead": where the victims came from
             r"\s+(?i:from)\s+(?-i:[A-Z][\w-]+)(?:\s+(?-i:[A-Z][\w-]+))?(?:\s+(?i:province))?|"
             # "A shopkeeper of the adjoining bazaar sustained bullet wounds"
             r"\s+of\s+(?:a|the)\s+(?:(?:adjoining|nearby|local|same|main)\s+)?(?:bazaar|market|shop|mosque|school|village|area|"
             r"locality|neighbourhood|mohalla)|"
             # "four members of a government-backed peace committee"
             r"\s+of\s+(?:a|the)\s+(?:[\w-]+\s+){0,3}?(?:committee|lashkar|jirga|team|party|union|association|council|family|"
             # "three security guards of a gas company"
             r"company|firm|contractor|project|mine|factory|plant))?"
             # "an assistant sub-inspector (ASI) of police, Gul Hassan, was shot dead": the victim's name set off
             r"(?:,\s+(?:[A-Z][\w.'-]*\s+){0,3}[A-Z][\w.'-]*,)?")
#: A person's name as the press prints it: one to three capitalised words.
_NAME = r"(?-i:[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})"
#: ... with a rank in lower case before it: "constable Zahid Khan".
_RANKED_NAME = rf"(?:(?:head\s+constable|constable|lance\s+naik|naik|sepoy|havildar|soldier|policeman)\s+)?{_NAME}"
_PASSIVE = re.compile(rf"(?<!\bto\s)(?<!\breached\s)(?<!\brose\s)(?P<q>\b{_Q})(?P<noun>\s+{_ADJ}{_PEOPLE}(?:\s*\([A-Z]{{2,6}}\))?{_OF_FORCE})?(?P<incl>,\s+(?:including|among\s+them|of\s+whom|identified\s+as|named\s+as|"
                      rf"mostly|most\s+of\s+them|an?|having)\s+[^,.;]{{1,80}},|"
                      # "two constables, Zahid Ullah and Naveed Khan, embraced shahadat": the victims' names
                      rf",\s+{_RANKED_NAME}(?:,\s+{_RANKED_NAME})*,?\s+and\s+{_RANKED_NAME},)?"
                      rf"(?:\s+and\s+(?P<q2>{_Q})(?P<noun2>\s+{_ADJ}{_PEOPLE}))?(?:,\s+(?:including|among\s+them)\s+[^,.;]{{1,80}},)?"
                      rf"(?P<part>{_PARTICIPLE})?\s+(?P<aux>{_AUX})"
                      rf"(?P<verb>{_KILL_PASSIVE}|"
                      rf"{_HURT_PASSIVE})\b", re.I)
#: The same without the participle phrase: the participle makes the pattern twice as slow, so it runs only on
#: sentences holding one of its words.
_PASSIVE_PLAIN = re.compile(_PASSIVE.pattern.replace(f"(?P<part>{_PARTICIPLE})?", ""), re.I)
_PARTICIPLE_HINT = re.compile(r"\b(?:offloaded|off-loaded|abducted|kidnapped|dragged|pulled|lined|singled|working|performing|living|residing|staying|queu(?:e)?ing|gathered|travell?ing|employed|deployed|deputed|assigned|tasked|stationed|posted|returning|"
                              r"guarding|escorting|accompanying|protecting|"
                              r"riding|sitting|standing|waiting|praying|hailing|duty|who|playing|walking|passing|"
                              r"shopping|sleeping|attending|offering|going|coming|present)\b", re.I)
_OBJECT_AFTER = re.compile(rf"^\s+(?:{_Q}|a|an|the|his|her|their|it|them)\b", re.I)
_ACTIVE = re.compile(rf"\b(?P<verb>kill(?:ed|ing|s)?|martyr(?:ed|ing|s)?|gunned\s+down|gunning\s+down|shot\s+dead|claim(?:ed|ing|s)?\s+the\s+lives\s+of|"
                     rf"injur(?:ed|ing|es)|wound(?:ed|ing|s)|hurt(?:ing|s)?|left|leaving|leaves)\s+"
                     rf"(?:all\s+(?:the\s+)?)?(?P<q>{_Q})(?P<noun>\s+[\"“]?{_ADJ}{_PEOPLE})?"
                     rf"(?:\s+and\s+(?P<q2>{_Q})(?P<noun2>\s+{_ADJ}{_PEOPLE}))?"
                     rf"(?P<tail>\s+(?:dead|injured|wounded|hurt))?\b", re.I)
_DEATHS_OF = re.compile(rf"\b(?:deaths?|killing|martyrdom)\s+of\s+(?P<q>{_Q})(?P<noun>\s+{_ADJ}{_PEOPLE})", re.I)
_TOLL = re.compile(rf"\b(?P<what>death\s+toll|toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|those\s+killed|"
                   rf"(?:[\w-]+\s+){{1,2}}?(?:killed|martyred|dead|injured|wounded)|injured|wounded)|(?:dead|death|casualty|fatality)\s+count|fatalities|"
                   rf"number\s+of\s+injured)\s+(?:(?:from|in|after|when|since)\s+[^.;]{{0,120}}?\s+)?(?:has\s+|had\s+|have\s+)?"
                   rf"(?:(?:later|subsequently|since|now|further|also)\s+)?"
                   rf"(?P<verb>rose|risen|rises?|climb(?:ed|s)|jump(?:ed|s)|reach(?:ed|es)|increased|mount(?:ed|s)|soar(?:ed|s)|"
                   rf"hits|stood|stands|went\s+up|"
                   rf"is|was|now\s+stands|has\s+reached)\s+(?:to\s+|at\s+)?(?P<q>{_Q})\b", re.I)
_RAISING = re.compile(rf"\b(?:raising|taking|bringing|pushing|putting|revised|revising|raised|updated|"
                      rf"increased)\s+the\s+(?:(?P<what>death|casualty|injury|"
                      rf"injured)\s+)?(?:toll|count|number\s+of\s+(?:dead|deaths|injured))(?:\s+(?:from|in|of)\s+[^.;]{{0,100}}?)?\s+to\s+"
                      rf"(?P<q>{_Q})", re.I)
#: "As many as 52 lives were lost", "with as many as 11 lives lost", "claimed 34 lives".
_LIVES = re.compile(rf"(?P<q>\b{_Q})\s+(?:precious\s+|innocent\s+|human\s+)?lives\s+(?:(?:were|have\s+been|had\s+been|"
                    rf"was|are)\s+)?lost|\bclaim(?:ed|ing|s)\s+(?P<q2>{_Q})\s+lives", re.I)
#: "No one was killed", "no loss of life was reported": a stated zero.
_NONE = re.compile(r"\b(?:no\s+one|nobody|none)\s+(?:else\s+)?(?:was|were|has\s+been|had\s+been)\s+(?:reported\s+)?"
                   r"(?P<what>killed|hurt|injured|wounded)|\bno\s+(?:casualties|loss\s+of\s+(?:life|lives)|deaths?|"
                   # "no loss of life or injury was reported": nobody killed or hurt
                   r"fatalities)(?P<both>\s+or\s+(?:injury|injuries))?\s+(?:were|was|have\s+been|has\s+been|had\s+been)\s+reported|"
                   r"\b(?:no\s+one|nobody|none)\s+(?:else\s+)?(?:lost\s+(?:their|his|her)\s+li(?:fe|ves)|died)\b|"
                   # "the grenade exploded but caused no casualties", "went off without causing any injuries"
                   r"\b(?:caused|causing|resulted\s+in|there\s+were)\s+no\s+(?P<what2>casualties|injuries|loss\s+of\s+life)\b|"
                   r"\bwithout\s+(?:causing\s+)?(?:any\s+)?(?P<what3>casualties|injuries)\b", re.I)
#: "A Levies official, his son and a passer-by were killed": a list of people, counted.
_LIST = re.compile(r"\b(?P<list>(?:(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?[\w-]+|(?:his|her|their)\s+[\w-]+)"
                   r"(?:,\s+(?:(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?[\w-]+|(?:his|her|their)\s+[\w-]+)){1,4},?\s+and\s+"
                   r"(?:(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?[\w-]+|(?:his|her|their)\s+[\w-]+))\s+(?:were\s+)?(?:all\s+)?"
                   r"(?P<verb>killed|shot\s+dead|martyred|gunned\s+down|injured|wounded)\b", re.I)
#: "The driver and conductor of a passenger coach were shot dead": two.
_THE_TWO = re.compile(r"\b(?P<two>[Tt]he\s+(?P<a>[a-z]+)\s+and\s+(?:the\s+)?(?P<b>[a-z]+))(?:\s+of\s+[^,.;]{1,60}?)?\s+"
                      r"(?:were|have\s+been|had\s+been)\s+(?:also\s+)?(?P<verb>killed|shot\s+dead|martyred|gunned\s+down|"
                      r"injured|wounded)\b")
#: "A customs official and his driver were shot dead": two.
_ONE_AND_HIS = re.compile(r"\b(?P<one>(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?:of\s+(?:[\w()'-]+\s+){1,5}?)?and\s+(?:his|her|their)\s+"
                          # ("a local leader of Jamiat Ulema-e-Islam (Fazl) and his son were shot dead")
                          r"(?:driver|guard|bodyguard|son|"
                          r"brother|companion|colleague|friend|nephew|cousin|father|wife|daughter))\s+(?:were\s+)?(?:also\s+)?"
                          r"(?P<verb>killed|shot\s+dead|martyred|gunned\s+down|injured|wounded)\b", re.I)
#: "A polio worker and the policeman escorting her were shot dead": two people, each named in the singular.
_PAIR = re.compile(r"\b(?P<two>(?:[Aa]n?|[Oo]ne)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<a>[a-z][\w-]*)\s+and\s+(?:a|an|the|one|his|"
                   r"her|their|another)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<b>(?!police\b|security\b)[a-z][\w-]*))(?:\s+(?:escorting|guarding|accompanying|"
                   r"travell?ing\s+with|with)\s+(?:him|her|them))?\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+|both\s+)?"
                   r"(?P<verb>killed|shot\s+dead|martyred|gunned\s+down|injured|wounded)\b")
#: "gunmen shot dead a polio worker and the policeman escorting him": the pair after an active verb.
_PAIR_ACTIVE = re.compile(r"\b(?P<verb>kill(?:ed|ing)|martyr(?:ed|ing)|shot\s+dead|shooting\s+dead|gunned\s+down|gunning\s+down|"
                          # "claimed the killing of a police officer and a shopkeeper"
                          r"(?:killing|murder|deaths?)\s+of|injur(?:ed|ing)|wound(?:ed|ing))\s+(?P<two>(?:an?|one|the)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<a>[a-z][\w-]*)\s+"
                          # ("a member of a local peace committee and his son")
                          r"(?:of\s+(?:a|an|the)\s+(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*\s+)?"
                          # "killing a police officer escorting the team and a health worker"
                          r"(?:(?:escorting|guarding|accompanying|protecting)\s+(?:the|a|an|his|her|their)\s+(?:[a-z][\w-]*\s+){0,2}?)?"
                          r"and\s+(?:a|an|the|his|her|their)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<b>(?!police\b|security\b)[a-z][\w-]*)(?:\s+(?:escorting|"
                          r"guarding|accompanying|travell?ing\s+with|with)\s+(?:him|her|them))?)\b(?!\s+and\b)", re.I)
#: "killing Malik Gul Rehman, a pro-government tribal elder, and his nephew": one named, and one of his.
_NAMED_AND_HIS = re.compile(r"\b(?P<verb>kill(?:ed|ing)|martyr(?:ed|ing)|shot\s+dead|shooting\s+dead|gunned\s+down|"
                            r"gunning\s+down|injur(?:ed|ing)|wound(?:ed|ing))\s+(?P<two>(?-i:(?:[A-Z][\w.'-]*\s+){0,3}[A-Z][\w.'-]*)"
                            r"(?:,\s+[^,;.]{1,50},)?\s+and\s+(?:his|her)\s+(?:driver|guard|bodyguard|son|brother|nephew|"
                            r"cousin|father|wife|daughter|companion|colleague|friend|gunman))\b(?!\s+and\b)")
#: "A member of a local peace committee and his two sons were shot dead": one and his relatives.
_ONE_AND_KIN_PASSIVE = re.compile(rf"\b(?P<one>(?:[Aa]n?|[Oo]ne)\s+(?:[\w()-]+\s+){{1,8}}?and\s+(?:(?:his|her|their)\s+(?P<q>{NUMBER})|"
                                  # "A local leader of the JUI-F and two of his guards have been killed"
                                  rf"(?P<q2>{NUMBER})\s+of\s+(?:his|her|their))\s+"
                                  rf"(?:sons|brothers|daughters|children|nephews|cousins|guards|companions|colleagues|"
                                  rf"relatives|associates))\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+)?"
                                  rf"(?P<verb>killed|shot\s+dead|martyred|gunned\s+down|injured|wounded)\b")
#: "a Frontier Corps (FC) subedar and four other personnel were martyred": one plus the others.
_ONE_AND_N_OTHER_PASSIVE = re.compile(rf"\b(?P<one>(?:[Aa]n?|[Oo]ne)\s+(?:[\w()'-]+\s+){{1,6}}?)and\s+(?P<q>{NUMBER})\s+other\s+"
                                      rf"(?:[\w-]+\s+){{0,2}}?{_PEOPLE}\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+)?"
                                      rf"(?P<verb>killed|shot\s+dead|martyred|gunned\s+down|injured|wounded)\b")
#: "Five Chinese nationals and their Pakistani driver were killed": the count plus one.
_N_AND_ONE_PASSIVE = re.compile(rf"(?P<q>\b{_Q})(?P<noun>\s+{_ADJ}{_PEOPLE})\s+and\s+(?:their|his|her|a|an|one|the)\s+"
                                r"(?:[A-Za-z-]+\s+){0,2}?(?:driver|guard|bodyguard|guide|interpreter|colleague|companion|son|"
                                r"daughter|brother|escort|cook|policeman|constable|soldier)"
                                r"(?:\s+(?:escorting|guarding|accompanying|protecting)\s+(?:them|him|her))?"
                                r"\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+|all\s+)?"
                                r"(?P<verb>killed|shot\s+dead|martyred|gunned\s+down|injured|wounded)\b", re.I)
#: "leaving seven of them dead and two others critically wounded".
_LEAVING = re.compile(rf"\b(?:leaving|leaves|left)\s+(?P<q>{_Q})(?:\s+of\s+them)?(?P<noun>\s+{_ADJ}{_PEOPLE})?\s+(?P<dead>dead)"
                      rf"(?:\s+and\s+(?P<q2>{_Q})(?P<noun2>\s+{_ADJ}{_PEOPLE})?\s+(?:(?:critically|seriously|badly|"
                      rf"severely)\s+)?(?:injured|wounded|hurt))?", re.I)
#: "one of the five wounded officers died": five wounded.
_OF_THE_WOUNDED = re.compile(rf"\b(?:of|among)\s+the\s+(?P<q>{NUMBER})\s+(?:wounded|injured)\b", re.I)
#: "Three other policemen are still under treatment": injured, said in the present.
_TREATED = re.compile(rf"(?P<q>\b{_Q})(?P<noun>\s+{_ADJ}{_PEOPLE})?(?:,\s+(?:including\s+)?[^,.;]{{1,60}},|"
                      # "one passer-by who was hit by a stray bullet was also being treated"
                      rf"\s+who\s+(?:was|were)\s+(?:hit|struck|caught)\s+[^,.;]{{1,40}}?)?\s+"
                      rf"(?:(?:are|were|is|was|remain(?:ed)?|remains)\s+(?:still\s+|also\s+)?"
                      rf"(?:(?:under|in)\s+treatment|being\s+treated|in\s+hospital|hospitali[sz]ed|receiving\s+treatment)|"
                      # "Three other personnel remain wounded and are being treated"
                      rf"remain(?:ed|s)?\s+(?:critically\s+|seriously\s+)?(?:wounded|injured))", re.I)
#: "killing a senior lawyer and four of his companions": one plus the others.
_ONE_AND_OTHERS = re.compile(rf"\b(?P<verb>kill(?:ed|ing|s)|martyr(?:ed|ing)|injur(?:ed|ing)|wound(?:ed|ing)|"
                             rf"shot\s+dead|shooting\s+dead|gunned\s+down|gunning\s+down)\s+"
                             rf"(?P<one>(?:(?:a|an|one|the)\s+(?:[A-Za-z'-]+\s+){{1,4}}?(?:\([A-Z]{{2,6}}\)\s+(?:of\s+"
                             rf"(?:[A-Za-z'-]+\s+){{1,3}}?)?)?|(?:him|her)\s+|"
                             # "a member of a local peace committee and four others"
                             # ("the station house officer of Naurang police station and three other policemen")
                             rf"(?:a|an|one|the)\s+(?:[A-Za-z'-]+\s+){{1,3}}?of\s+(?:(?:a|an|the)\s+)?(?:[A-Za-z'-]+\s+){{1,4}}?|"
                             # "a police constable escorting the team and two others"
                             rf"(?:a|an|one|the)\s+(?:[A-Za-z'-]+\s+){{1,3}}?(?:escorting|guarding|accompanying|protecting)\s+"
                             rf"(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?[\w-]+\s+|"
                             # "a tribal elder, Mir Abdul Ghani, and four others"; "the SHO of City Police Station,
                             # Inspector Gul Nawaz, and four other cops": one named in an aside
                             rf"(?:a|an|the)\s+(?:[A-Za-z'-]+\s+){{0,4}}?[A-Za-z'-]+(?:\s*\([A-Z]{{2,6}}\))?(?:\s+of\s+"
                             rf"(?:[A-Za-z'-]+\s+){{0,3}}[A-Za-z'-]+)?(?:,\s+[^,;.]{{1,40}}){{1,2}},\s+|"
                             # "Havildar Muhammad Rizwan, 34, resident of District Chakwal, and four others"
                             rf"(?:(?:(?:tribal|local|religious|political|senior|former|prominent|retired)\s+)?(?:constable|"
                             rf"sepoy|naik|havildar|subedar|soldier|policeman|inspector|captain|major|lieutenant|elder|"
                             rf"leader|cleric|scholar|maulana|journalist|lawyer|trader|councill?or|chairman|commander|"
                             rf"teacher|doctor|engineer)\s+)?"
                             rf"(?-i:(?:(?:[A-Z][\w.'-]*|\([A-Z]{{2,6}}\))\s+){{0,5}}[A-Z][\w.'-]*)(?:(?:,\s+[^,;.]{{1,40}}){{1,2}},)?\s+)and\s+(?:(?:his|her|their)\s+)?(?P<q>{NUMBER})\s+"
                             rf"(?:of\s+(?:his|her|their)\s+|other\s+)?(?:[a-z-]+\s+)?(?:others|companions|colleagues|"
                             rf"guards|bodyguards|associates|relatives|family\s+members|children|passengers|friends|men|"
                             rf"policemen|soldiers|people|constables|officers|officials|personnel|labou?rers|workers|"
                             rf"escorts|sons|brothers|cops))\b", re.I)
#: "killing five Chinese nationals and their Pakistani driver": one more after a count.
_AND_ONE_MORE = re.compile(r"^\s+and\s+(?:their|his|her|a|an|one)\s+(?:[A-Za-z-]+\s+){0,2}?(?:driver|guard|bodyguard|"
                           r"guide|interpreter|colleague|companion|son|daughter|brother|child|passer-?by|cook|escort)\b"
                           r"(?!\s+(?:was|were)\b|\s+(?:also\s+)?(?:wounded|injured|hurt))")
#: "A policeman was martyred and another injured", "... and one sustained injuries": one.
_ANOTHER = re.compile(r"\b(?:and|while|whereas|but)\s+(?P<one>(?:another|a\s+(?:second|third|fourth|fifth|sixth))(?:\s+(?:one|person|man|policeman|"
                      r"soldier|official|constable|passenger|worker|labou?rer|guard))?|one(?:\s+other)?)\s+"
                      r"(?:was\s+|were\s+)?(?:also\s+)?(?P<verb>injured|wounded|hurt|killed|martyred|"
                      r"(?:sustained|received|suffered)\s+(?:\w+\s+)?(?:injuries|wounds))\b", re.I)
#: "... was shot dead and his guard wounded": one person named by kin or office.
_POSSESSIVE_ONE = re.compile(r"\b(?P<one>(?:his|her|their)\s+(?:(?:police|security|private|personal)\s+)?(?:guard|bodyguard|driver|son|brother|companion|colleague|"
                             r"gunman|friend|nephew|cousin|father|wife|daughter|escort|uncle|husband|mother|sister|grandson|"
                             # "His guard, constable Imran, was injured": the name set off too
                             r"servant|employee|assistant|secretary))(?:,\s+who\s+[^,.;]{1,80},|,\s+(?:[a-z]+\s+)?"
                             r"(?-i:[A-Z][a-z]+)(?:\s(?-i:[A-Z][a-z]+)){0,2},)?\s+(?:was\s+|were\s+)?"
                             r"(?:also\s+)?(?P<verb>wounded|injured|hurt|killed|shot\s+dead|sustained\s+(?:an?\s+)?(?:\w+\s+)?"
                             r"(?:injuries|wounds|wound|injury))\b", re.I)
#: "A passer-by was also hit and was taken to hospital with a bullet wound": one hurt, when the sentence
#: tells of a wound or a hospital (a vehicle "was hit" is no casualty).
_HIT_ONE = re.compile(rf"\b(?P<one>(?:[Aa]n?|[Oo]ne)\s+(?:[a-z][\w-]*\s+){{0,2}}?{_PEOPLE})\s+(?:was\s+)?(?:also\s+)?"
                      r"(?P<verb>hit)\b(?!\s+and\s+(?:was\s+)?(?:killed|died))", re.I)
_HIT_CONTEXT = re.compile(r"\b(?:wound|injur|hospital|treat|bullet|shrapnel|splinter)", re.I)
#: "killing the shopkeeper", "martyring Assistant Sub-Inspector Wali Khan": one victim named by role or by
#: rank and name after a verb of killing or wounding.
_ACTIVE_ONE = re.compile(r"\b(?P<verb>kill(?:ed|ing)|martyr(?:ed|ing)|shooting\s+dead|shot\s+dead|gunning\s+down|gunned\s+down|"
                         r"injur(?:ed|ing)|"
                         r"wound(?:ed|ing))\s+(?P<one>the\s+(?:[a-z][\w-]*\s+){0,2}?(?P<noun>shopkeeper|driver|"
                         r"owner|guard|watchman|chowkidar|constable|policeman|soldier|officer|official|cleric|imam|"
                         r"teacher|vaccinator|worker|labou?rer|passenger|conductor|tailor|trader|contractor|engineer|"
                         r"doctor|journalist|farmer|shepherd|boy|girl|man|woman|child|victim|cashier|clerk|"
                         r"passer-?by|pedestrian)|(?:his|her|their)\s+(?:(?:police|security|personal|private)\s+)?(?:guard|bodyguard|"
                         r"escort|driver|son|daughter|brother|father|wife|husband|nephew|companion|colleague)|"
                         # "martyring constable Shah Faisal": a rank in lower case before a name
                         # ("shot dead police constable Gul Nawaz")
                         r"(?-i:(?:(?:police|FC|Levies)\s+)?(?:constable|sepoy|naik|havildar|soldier|policeman|head\s+constable)\s+[A-Z][a-z]+"
                         r"(?:\s[A-Z][a-z]+){0,2}(?![\w-]|\s[A-Z]))|(?-i:(?:(?:Assistant|Deputy|Senior|Sub|Station\s+House)[\s-]+)*"
                         r"(?:Sub-Inspector|Inspector|Superintendent|Officer|Constable|Head\s+Constable|Sepoy|Naik|"
                         r"Lance\s+Naik|Havildar|Subedar|Captain|Major|Lieutenant|Colonel|Corporal|ASI|SHO|DSP|SI)"
                         r"\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}))(?!\s*(?:(?:and|,)\s+(?:the|his|her|their|a|an|one|two|three|"
                         r"four|five|six|seven|eight|nine|ten|\d)\b|s\b))")
#: "killing two of them and wounding one", "... and wounding another": a bare "one" ends the clause.
_ACTIVE_BARE_ONE = re.compile(r"\b(?P<verb>kill(?:ed|ing)|martyr(?:ed|ing)|injur(?:ed|ing)|wound(?:ed|ing))\s+"
                              r"(?P<one>(?:one|another|a\s+(?:second|third|fourth|fifth|sixth))(?:\s+(?:person|man|woman|child|boy|girl|policeman|constable|cop|"
                              r"soldier|official|officer|passenger|worker|labou?rer|guard|civilian|passer-?by))?)"
                              r"(?=\s*(?:[,.;]|$|\s+(?:and|while|as|before|after|when|at|in|on|near|outside)\b))", re.I)
#: "the driver of a pick-up who tried to flee was wounded": one victim named by role with the definite article.
_THE_ONE = re.compile(r"\b(?P<one>(?:the|its|their)\s+(?:[a-z'’-]+\s+)?(?:driver|conductor|guard|watchman|chowkidar|"
                      r"shopkeeper|owner|cleric|imam|teacher|vaccinator|cashier|clerk|passenger|pedestrian|passer-?by|"
                      r"gunner|cook|cleaner|conductor|headmaster|principal|contractor|engineer|doctor|journalist|"
                      r"constable|policeman|soldier|officer|official)(?:\s+of\s+(?:a|an|the)\s+[\w-]+)?)"
                      # ("The contractor's driver, Abdul Ghani, was killed")
                      r"(?:,\s+(?-i:[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}),)?"
                      r"(?:\s+who\s+[^,.;]{1,60}?)?\s+(?:(?:was|had\s+been|has\s+been)\s+(?:also\s+)?(?:critically\s+|"
                      r"seriously\s+|severely\s+|slightly\s+)?(?=[kmwhis])|(?:also\s+)?(?=sustained|received|suffered))"
                      # ("The driver of the vehicle sustained serious injuries")
                      r"(?P<verb>killed|martyred|wounded|injured|hurt|shot\s+dead|(?:sustained|received|suffered)\s+"
                      r"(?:\w+\s+)?(?:injuries|wounds))\b", re.I)
#: "The injured driver was shifted to Alpuri hospital": one wounded, named by role in the singular.
_THE_HURT_ONE = re.compile(r"\b(?P<one>[Tt]he\s+(?P<verb>injured|wounded)\s+(?:driver|conductor|guard|watchman|chowkidar|"
                           r"shopkeeper|passenger|pedestrian|passer-?by|constable|policeman|soldier|officer|official|man|"
                           r"woman|boy|girl|child|labou?rer|worker|vaccinator|teacher))\s+(?:was|is|had\s+been|has\s+been)\s+"
                           r"(?:later\s+|also\s+)?(?:shifted|taken|rushed|moved|referred|evacuated|airlifted|admitted|"
                           r"brought)\b")
#: "shifted the bodies and an injured constable to the hospital": one wounded, moved.
_A_HURT_ONE_MOVED = re.compile(r"\b(?:shifted|took|taken|rushed|moved|evacuated|airlifted|brought)\s+(?:[^.;]{0,40}?\s+and\s+)?"
                               r"(?P<one>(?:an?|one)\s+(?P<verb>injured|wounded)\s+(?:driver|conductor|guard|watchman|"
                               r"passenger|pedestrian|passer-?by|constable|policeman|soldier|officer|official|man|woman|boy|"
                               r"girl|child|labou?rer|worker|sepoy|jawan|cop))\b", re.I)
#: "constable Wajid Ali was injured", "Naik Sher Khan was martyred": one victim by rank and name.
_RANK = (r"(?:head\s+constable|constable|sepoy|naik|lance\s+naik|havildar|sub-?inspector|assistant\s+sub-?inspector|ASI|SI|"
         r"SHO|inspector|captain|major|lieutenant|naib\s+subedar|subedar|naib\s+risaldar|risaldar|soldier|policeman|driver|"
         r"guard)\s+(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})")
_RANK_NAME_ONE = re.compile(rf"\b(?P<one>{_RANK})"
                            # "Constable Shafiqullah, who was on sentry duty at the main gate, was martyred"
                            # ("Constable Shah Faisal, the driver, sustained injuries")
                            # ("a third, Head Constable Gul Zameen, received a bullet")
                            r"(?:,\s+who\s+[^,;.]{1,80},|,\s+(?:the|their|his)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?,|,)?\s+"
                            r"(?:(?:was|had\s+been)\s+(?:also\s+)?"
                            r"(?:critically\s+|seriously\s+|slightly\s+)?(?=[iwhkms])|(?:also\s+)?(?=sustained|received|suffered))"
                            r"(?P<verb>injured|wounded|hurt|killed|martyred|shot\s+dead|"
                            # "Constable Waqar Ahmad sustained bullet wounds", "... received a bullet in the leg"
                            r"(?:sustained|received|suffered)\s+(?:\w+\s+)?(?:injuries|wounds)|"
                            r"received\s+(?:a\s+)?bullets?\s+(?:in|on)\s+(?:the|his|her)\s+\w+)\b", re.I)
#: "Naib Risaldar Abdul Ghani and Sepoy Shahid Baloch were martyred": two, each named with a rank.
_TWO_RANK_NAMES = re.compile(rf"\b(?P<two>{_RANK}\s+and\s+{_RANK}|"
                             # "constables Shakeel Ahmed and Muhammad Rafiq were martyred"
                             rf"(?:constables|sepoys|soldiers|policemen|cops|guards|personnel)\s+(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)"
                             rf"{{0,2}})\s+and\s+(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){{0,2}}))\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+|both\s+)?"
                             r"(?P<verb>killed|martyred|shot\s+dead|injured|wounded)\b", re.I)
#: "He died on the spot": one victim, by pronoun, dying where the attack struck.
_HE_DIED = re.compile(r"\b(?P<one>[Hh]e|[Ss]he)\s+(?P<verb>died|was\s+killed|was\s+martyred|succumbed|was\s+shot\s+dead)\s+"
                      r"(?:on\s+the\s+spot|instantly|at\s+the\s+scene|immediately|on\s+the\s+way\s+to\s+(?:the\s+)?"
                      r"hospital)\b")
#: "opened fire on a sub-inspector ..., killing him on the spot", "shot her dead": one victim, by pronoun.
_ACTIVE_PRONOUN = re.compile(r"\b(?:(?P<verb>kill(?:ed|ing)|martyr(?:ed|ing)|injur(?:ed|ing)|wound(?:ed|ing))\s+"
                             r"(?P<one>him|her)|(?:shot|shooting|gunned|gunning)\s+(?P<one2>him|her)\s+(?:dead|down))(?=\s*(?:[,.;]|$|\s+(?:on\s+the\s+"
                             r"spot|instantly|at\s+the\s+scene|immediately|outright|in\s+(?:front|the)|near|outside|as|"
                             r"while|before|when|and\s+(?:injur|wound|left|leaving|critically|seriously|his|her|their))))", re.I)
#: After "N people wounded ...": the wounded died ("... wounded in the attack died in hospital on Wednesday").
_THEN_DIED = re.compile(r"[^.;]{0,150}?\b(?:died|succumbed|passed\s+away|breathed\s+(?:his|her|their)\s+last)\b", re.I)
#: Before a figure, words that make it a correction of an earlier one.
_LATER = re.compile(r"\b(?:later|subsequently)\s+(?:said|confirmed|put|revised|raised|reported|told)\b|\brevised\b", re.I)
#: Before a figure, words that make it an earlier one the report corrects.
_SUPERSEDED = re.compile(r"\b(?:earlier|initial|first|preliminary)\s+(?:reports?|figures?|counts?|estimates?|tolls?)\b|"
                         r"\binitially\b|\b(?:had\s+)?earlier\s+(?:said|put|reported|given)\b|"
                         # "Earlier, police had said that two labourers were killed and three injured"
                         r"\bearlier,\s+(?:[\w-]+\s+){0,3}?had\s+(?:said|put|reported|given|told)\b", re.I)
#: After the figures: "..., police initially said": the first figures, which a later one corrects.
_SAID_AT_FIRST = re.compile(r"[^.;]{0,80}?,\s+(?:police|officials|sources|authorities|the\s+military|the\s+army|"
                            r"hospital\s+officials)\s+(?:had\s+)?(?:initially|first|earlier)\s+(?:said|reported)\b", re.I)
#: "killing the shop owner Abdul Wahid and another man": two.
_ONE_AND_ANOTHER = re.compile(r"\b(?P<verb>kill(?:ed|ing)|martyr(?:ed|ing)|injur(?:ed|ing)|wound(?:ed|ing))\s+"
                              r"(?P<one>(?:a|an|the)\s+(?:[A-Za-z'.-]+\s+){1,4}?and\s+another\s+[a-z-]+)\b")
_INCLUDING = re.compile(r"\b(?:including|among\s+them|among\s+the\s+(?:dead|injured|victims)|of\s+whom|of\s+them)\s+"
                        r"(?!(?:\w+\s+)*?(?:wound|injur|kill|martyr)\w*\s)(?:\w+\s+){0,2}$", re.I)


@dataclass(frozen=True)
class CasualtyMention:
    """One casualty wording: ``what`` is killed | injured | attackers_killed, or killed_more ("three more
    died": an addition to an earlier toll, never a toll; it only tells the sentence is about the attack)."""

    what: str
    count: Count
    text: str
    start: int
    end: int
    updated: bool = False  # "the toll rose to ..."
    superseded: bool = False  # "earlier reports said four ...": a figure the report corrects
    also: bool = False  # "A guard was also wounded": more people, on top of a figure given before


def _count(q: str, wording: str) -> Count | None:
    q = re.sub(r"\s+of$", "", " ".join(q.split()), flags=re.I)  # "three of the attackers"
    q = re.sub(r"\s+(?:more|further|additional)$", "", q, flags=re.I)  # "one more Levies man"
    if re.match(r"(?:none|no)\b", q, re.I):
        return None  # "None of the Chinese nationals was hurt": a zero for some, not the toll
    if _is_bare_article(q) and _NO_NUMBER.match(wording[len(q.split()[0]):] if q.split() else wording):
        return None  # "an unspecified number of others", "a number of policemen": no count
    c = parse_count(q)
    if c.min is None and c.max is None and not re.search(_VAGUE, q, re.I):
        return None
    if c.min is not None and c.min >= 1900 and c.max == c.min:
        return None  # a year, not a toll
    return Count(c.min, c.max, " ".join(wording.split()))


def _with_second(first: Count | None, m: re.Match[str], wording: str) -> Count | None:
    """"four police officers and a passerby": the two counts added up, the whole wording kept."""
    if first is None or not m.group("q2"):
        return first
    second = parse_count(" ".join(m.group("q2").split()))
    if first.min is None or second.min is None:
        return Count(None, None, " ".join(wording.split()))
    hi = first.max + second.max if first.max is not None and second.max is not None else None
    return Count(first.min + second.min, hi, " ".join(wording.split()))


#: After "a"/"an": an amount that is no count ("an unspecified number of", "a number of", "a host of").
_NO_NUMBER = re.compile(r"\s+(?:(?:unspecified|undisclosed|unknown|unconfirmed|undetermined|large|small|significant|"
                        r"considerable)\s+)?(?:number|lot|host|handful|group|series|batch|party)\s+of\b", re.I)


def _is_bare_article(q: str) -> bool:
    return q.strip().lower() in ("a", "an", "one", "single")


#: Word parts one of which every casualty wording holds (looked for in the lower-cased sentence, spaces single):
#: a sentence with none is not read further.
_ANY_PARTS = ("kill", "dead", "death", "died", "martyr", "shahad", "slain", "lives", "life", "perish", "succumb", "injur",
              "wound", "hurt", "toll", "fatalit", "left", "leav", "treat", "casualt", "hospital", "danger", "condition",
              "gunned", "neutrali", "eliminat", "hell", "hit in the", "shot in the")


#: "killing a local official and those travelling with him": at least one more, how many not said.
_AND_THOSE_WITH = re.compile(r"^\s+and\s+(?:all\s+)?(?:those|the\s+(?:people|men|others|persons))\s+(?:who\s+were\s+)?(?:travell?ing|"
                             r"riding|sitting|with)\s+(?:with\s+|in\s+the\s+\w+\s+with\s+)?(?:him|her|them)\b", re.I)


def _plus_one(c: CasualtyMention, sentence: str) -> CasualtyMention:
    """"five Chinese nationals and their Pakistani driver": the count plus one, the wording extended."""
    if c.count.min is not None and (w := _AND_THOSE_WITH.match(sentence[c.end:c.end + 80])) is not None:
        end = c.end + w.end()
        text = " ".join(sentence[c.start:end].split())
        return CasualtyMention(c.what, Count(c.count.min + 1, None, text), text, c.start, end, c.updated)
    m = _AND_ONE_MORE.match(sentence[c.end:c.end + 60])
    if m is None or c.count.min is None:
        return c
    end = c.end + m.end()
    text = " ".join(sentence[c.start:end].split())
    hi = c.count.max + 1 if c.count.max is not None else None
    return CasualtyMention(c.what, Count(c.count.min + 1, hi, text), text, c.start, end, c.updated)


#: After one victim's verb: "An ASI was martyred along with two other policemen" (the others join the count).
_ALONG_WITH = re.compile(rf"^(?:\s+(?:was|were|had\s+been|has\s+been)\s+(?:also\s+)?(?:killed|martyred|shot\s+dead|"
                         rf"gunned\s+down|injured|wounded|hurt))?\s+(?:along|together)\s+with\s+(?P<q>{NUMBER})\s+"
                         rf"(?:(?:other|more|fellow)\s+[a-z-]+|others)", re.I)


def _along_with(c: CasualtyMention, sentence: str) -> CasualtyMention:
    """"An assistant sub-inspector was martyred along with two other policemen": the one plus the others."""
    m = _ALONG_WITH.match(sentence[c.end:c.end + 120])
    if m is None or c.count.min is None or c.count.min != c.count.max:
        return c
    more = parse_count(m.group("q"))
    if more is None or more.min is None or more.min != more.max:
        return c
    end = c.end + m.end()
    text = " ".join(sentence[c.start:end].split())
    return CasualtyMention(c.what, Count(c.count.min + more.min, c.count.max + more.min, text), text, c.start, end,
                           c.updated)


#: "Four passengers who were wounded when the gunmen opened fire ... were flown to Karachi": the wounded counted in
#: a relative clause (those who died later are counted by the toll, not here).
_WHO_WERE_HURT = re.compile(rf"(?P<q>\b(?:{_Q}|another))(?P<noun>\s+{_ADJ}{_PEOPLE}),?\s+who\s+(?:were|was|had\s+been)\s+(?:also\s+)?"
                            rf"(?:critically\s+|seriously\s+|severely\s+|slightly\s+)?(?P<verb>wounded|injured|hurt|killed|"
                            rf"martyred|shot\s+dead|(?:hit|shot)(?=\s+in\s+the\s+(?:leg|arm|hand|chest|head|back|shoulder|"
                            rf"abdomen|stomach|foot|thigh)))\b", re.I)
#: "three passers-by were among the wounded", "Two police officers were among those killed": at least that many.
_AMONG = re.compile(rf"(?P<q>\b{_Q})(?P<noun>\s+{_ADJ}{_PEOPLE})?(?:,\s+including\s+[^,.;]{{1,60}},)?\s+(?:were|was)\s+"
                    rf"(?:also\s+)?among\s+(?:the|those)\s+"
                    rf"(?P<what>wounded|injured|hurt|dead|killed|martyred|victims)\b", re.I)
#: "Two of the injured have been shifted to the Nishtar Hospital": at least that many wounded.
_OF_THE_INJURED_MOVED = re.compile(rf"\b(?P<q>{NUMBER})\s+of\s+the\s+(?:injured|wounded)\s+(?:were|was|have\s+been|had\s+been|"
                                   rf"are)\s+(?:\w+\s+)?(?:shifted|taken|rushed|referred|airlifted|flown|moved)\b", re.I)
#: "Three wounded policemen and a passer-by were shifted to Lady Reading Hospital": that many and one more.
_HURT_AND_ONE_MOVED = re.compile(rf"(?P<q>\b{NUMBER})\s+(?:wounded|injured)\s+{_PEOPLE}\s+and\s+(?:a|an|one)\s+"
                                 rf"(?:[\w-]+\s+){{0,2}}?[a-z][\w-]*\s+(?:were|have\s+been|had\s+been)\s+(?:later\s+)?"
                                 rf"(?:shifted|taken|rushed|referred|airlifted|flown|moved|evacuated|admitted|brought)\b", re.I)
#: "Four personnel who sustained injuries were airlifted to the CMH": that many wounded.
_WHO_HURT_MOVED = re.compile(rf"(?P<q>\b{_Q})(?P<noun>\s+{_ADJ}{_PEOPLE})\s+who\s+(?:were\s+|was\s+|had\s+been\s+|"
                             rf"have\s+been\s+|got\s+)?(?:{_HURT_PASSIVE})\s+(?:[^,.;]{{1,40}}?\s+)?(?:were|was|have\s+been|"
                             rf"had\s+been|are)\s+(?:\w+\s+)?(?:shifted|taken|rushed|referred|airlifted|flown|moved|"
                             rf"evacuated|admitted|brought|transported)\b", re.I)
#: "12 people, including four children, were brought to the hospital with injuries": that many wounded.
_BROUGHT_WITH = re.compile(rf"(?P<q>\b{_Q})(?P<noun>\s+{_ADJ}{_PEOPLE})(?:,\s+including\s+[^,.;]{{1,60}},)?\s+(?:were|was|had\s+been|"
                           rf"have\s+been)\s+(?:brought|taken|rushed|shifted|admitted)\s+[^.;]{{0,80}}?\bwith\s+"
                           rf"(?:\w+\s+)?(?:injuries|wounds)\b", re.I)
#: The ISPR's formula: "Havildar X (age 36, resident of District Chakwal), having fought gallantly, embraced shahadat
#: along with four other brave sons of soil": one named soldier and the others.
_EMBRACED_ALONG = re.compile(rf"\b(?P<one>{_RANK})(?:\s*\([^)]{{1,80}}\))?(?:,\s+having\s+fought\s+(?:gallantly|bravely|valiantly)\s*,)?"
                             rf"\s+(?:embraced|attained)\s+(?:shahadat|shahadah|martyrdom)\s+along\s+with\s+(?P<q>{NUMBER})\s+"
                             rf"(?:other\s+)?(?:brave\s+)?(?:sons\s+of\s+(?:the\s+)?soil|soldiers|comrades|men)\b", re.I)
#: "shot dead a member of a peace committee along with his two sons and two nephews": one and his kin.
_ONE_ALONG_KIN = re.compile(rf"\b(?:kill(?:ed|ing)|shot\s+dead|shooting\s+dead|gunned\s+down|gunning\s+down|martyr(?:ed|ing))\s+"
                            rf"(?P<one>(?:a|an|the)\s+(?:[\w-]+\s+){{1,7}}?)along\s+with\s+(?:his|her|their)\s+(?P<q>{NUMBER})\s+"
                            rf"(?:sons|brothers|nephews|cousins|guards|bodyguards|companions|relatives|children)"
                            rf"(?:\s+and\s+(?:his\s+|her\s+|their\s+)?(?P<q2>{NUMBER})\s+(?:sons?|brothers?|nephews?|cousins?|guards?|"
                            rf"companions?|relatives?|children|child))?\b", re.I)
#: "One labourer survived with bullet wounds": wounded, not killed.
_SURVIVED = re.compile(rf"(?P<q>\b{_Q})(?P<noun>\s+{_ADJ}{_PEOPLE})(?:\s+who\s+[^,.;]{{1,40}}?)?\s+(?:narrowly\s+|barely\s+)?"
                       rf"survived\s+(?:the\s+(?:attack|blast|firing|ambush)\s+)?with\s+(?:\w+\s+){{0,2}}?(?:wounds?|"
                       rf"injur(?:y|ies))\b", re.I)
#: "A third officer died hours later": the toll is now three.
_ORDINAL_DIED = re.compile(r"\b[Aa]\s+(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:[\w-]+\s+){0,2}?"
                           # ("A second constable, who was brought to the hospital with critical injuries, died")
                           r"(?:[\w-]+,\s+who\s+[^;.]{1,120}?,\s+)?"
                           r"(?:died|succumbed|passed\s+away|was\s+(?:also\s+)?killed)\b")
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
             "tenth": 10}
#: "the wounded, numbering 14, were being treated": the figure given after the word for the victims.
_NUMBERING = re.compile(rf"\bthe\s+(?P<what>wounded|injured|dead|deceased)\s*,?\s+(?:numbering|who\s+numbered|"
                        rf"totall?ing)\s+(?P<q>{_Q})", re.I)


#: "The two other policemen are under treatment" after one of three died: the wounded left (a word for the people,
#: and a state only the wounded are in: not "were evacuated").
_OTHER_PEOPLE_TREATED = re.compile(
    rf"\b[Tt]he\s+(?P<q>{NUMBER})\s+other\s+{_PEOPLE}\s+(?:are|were|remain(?:ed)?)\s+(?:(?:said|stated|reported)\s+to\s+be\s+|"
    rf"still\s+|now\s+)?(?:out\s+of\s+danger|in\s+(?:a\s+)?(?:stable|critical|serious)\s+condition|(?:under|receiving)\s+"
    rf"treatment|being\s+treated|in\s+hospital)\b", re.I)
#: "One of the injured died ... The other is still under treatment": one wounded left.
_THE_OTHER_TREATED = re.compile(r"\b[Tt]he\s+other(?:\s+(?:one|man|woman|boy|girl|victim|policeman|constable|soldier|"
                                r"labou?rer|worker|passenger))?\s+(?:is|was|remains|remained)\s+(?:still\s+)?"
                                r"(?:under\s+treatment|in\s+(?:the\s+)?hospital|being\s+treated|receiving\s+treatment)")
#: "... succumbed, while the other three are out of danger", "the two other injured soldiers were evacuated": the
#: wounded left after some of them died, a figure that replaces the first count of the wounded.
_OTHERS_LEFT = re.compile(
    rf"\b(?:(?:[Tt]he\s+)?(?P<q>{NUMBER})\s+other\s+(?:injured|wounded|{_PEOPLE}\s+(?:injured|wounded)(?:\s+in\s+the\s+"
    rf"(?:attack|blast|firing|explosion|incident))?)|[Tt]he\s+other\s+(?P<q2>{NUMBER})(?:\s+(?:injured|"
    rf"wounded))?)(?:\s+{_PEOPLE})?\s+(?:were|are|was|is|remain(?:ed)?)\s+(?:(?:said|stated|reported|declared)\s+to\s+be\s+|"
    rf"still\s+|now\s+)?(?:out\s+of\s+danger|in\s+(?:a\s+)?(?:stable|critical|serious)\s+condition|(?:under|receiving)\s+"
    rf"treatment|being\s+treated|in\s+hospital|(?:evacuated|shifted|airlifted|referred|moved)\b)", re.I)
#: "Another vaccinator was wounded": one more victim, in a sentence of its own.
_ANOTHER_WAS = re.compile(r"\b(?P<one>(?-i:[Aa]nother)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+was\s+(?:also\s+)?(?:critically\s+|"
                          r"seriously\s+|slightly\s+|badly\s+)?(?P<verb>injured|wounded|hurt|killed|martyred|shot\s+dead)\b", re.I)
#: "A nephew of Malik Nawab was also wounded": kin of someone named, counted.
_KIN_OF = re.compile(rf"\b(?P<one>(?P<q>[Aa]n?|{NUMBER})\s+(?:nephew|cousin|son|brother|grandson|relative)s?\s+of\s+"
                     rf"[^,.;]{{1,40}}?)\s+(?:was|were)\s+(?:also\s+)?(?P<verb>killed|martyred|shot\s+dead|injured|wounded)\b")
#: "Both of them died on the spot", "both men were wounded": two.
_BOTH = re.compile(rf"\b(?P<two>[Bb]oth(?:\s+of\s+them|\s+(?:the\s+)?{_PEOPLE})?)\s+(?:were\s+|had\s+|have\s+)?(?:also\s+)?"
                   rf"(?P<verb>killed|died|martyred|shot\s+dead|succumbed|injured|wounded|embraced\s+(?:martyrdom|shahadat))\b")
#: "one man was found alive with bullet wounds": a survivor, wounded.
_FOUND_WOUNDED = re.compile(rf"\b(?P<q>{NUMBER}|an?)\s+(?:[a-z-]+\s+)?{_PEOPLE}\s+(?:was|were)\s+found\s+(?:alive\s+)?"
                            rf"(?:but\s+)?with\s+(?:[a-z-]+\s+)?(?:wounds|injuries)\b", re.I)
#: "took five of them off the coach and shot them dead": the people taken, then killed.
_TAKEN_THEN_KILLED = re.compile(rf"\b(?:took|pulled|dragged|offloaded|off-loaded|separated|abducted|picked\s+out|singled\s+out)\s+"
                                rf"(?P<q>{NUMBER})\s+(?:of\s+them|passengers|men|people|labou?rers|workers)\b[^.;]{{0,60}}?"
                                rf"\band\s+(?:then\s+)?(?:shot|gunned|killed|executed)\s+them(?:\s+dead|\s+down)?\b", re.I)


#: Cheap tests on the lower-cased sentence that decide whether a pattern is worth running.
_AND_HIS = re.compile(r"\band\s+(?:his|her|their)\b")
_AND_ONE = re.compile(r"\band\s+(?:their|his|her|a|an|one|the)\b")
_NO_WORD = re.compile(r"\bno(?:\s+one|body|ne)?\b")
_POSSESSIVE_WORD = re.compile(r"\b(?:his|her|their)\b")
_ACTIVE_VERB = re.compile(r"\b(?:kill|martyr|shooting\s+dead|shot\s+dead|gunning\s+down|gunned\s+down|injur|wound)")


def _hurt(verb: str) -> bool:
    """Does a verb a pattern matched tell a wound ("injured", "wounding"), not a death?"""
    return bool(re.match(r"wound|injur", verb, re.I))


def find_casualties(sentence: str) -> list[CasualtyMention]:
    """Casualty wordings in one sentence, in order; overlapping matches keep the first, longer one."""
    return list(_find_casualties(sentence))


@functools.lru_cache(maxsize=1024)
def _find_casualties(sentence: str) -> tuple[CasualtyMention, ...]:
    """:func:`find_casualties`, remembered: a sentence is read for tolls several times (mentions are frozen)."""
    return tuple(_read_casualties(sentence))


def _read_casualties(sentence: str) -> list[CasualtyMention]:
    low = sentence.lower()
    if not any(w in low for w in _ANY_PARTS):
        return []
    found: list[CasualtyMention] = []
    taken: list[tuple[int, int]] = []

    def add(what: str, q: str, wording: str, a: int, b: int, updated: bool = False,
            m: re.Match[str] | None = None, subset_check: bool = True) -> None:
        if any(x < b and a < y for x, y in taken):
            return
        if re.search(r"\bhow\s+$", sentence[:a][-5:], re.I):
            return  # "He did not say how many soldiers had died": no figure
        if subset_check and (inc := _INCLUDING.search(sentence[:a][-40:])) and \
                not re.search(r",\s+and\s+", sentence[:a][-40:][inc.end():]):
            return  # a subset of a toll given just before ("including three policemen"; but "..., including three
            # policemen, and more than 20 people are wounded": a clause of its own)
        if what != "injured" and re.search(r"\s(?:more|further|additional)\b", q, re.I):
            what = f"{what}_more"  # "three more died": an addition to a toll, not the toll (it tells of the attack)
        if m is not None and m.group("q2"):
            wording = sentence[a:m.end("noun2")]
        c = _count(q, wording)
        if m is not None:
            c = _with_second(c, m, wording)
        if c is not None:
            put(what, c, c.text or wording, a, b, updated)

    def put(what: str, count: Count, text: str, a: int, b: int, updated: bool = False) -> None:
        """Record a figure the pattern gives outright, unless its span overlaps one already read."""
        if not any(x < b and a < y for x, y in taken):
            taken.append((a, b))
            found.append(CasualtyMention(what, count, text, a, b, updated))

    def put_two(m: re.Match[str]) -> None:
        """Record two people a pattern named together ("the driver and conductor", "both of them")."""
        two = " ".join(m.group("two").split())
        put("injured" if _hurt(m.group("verb")) else "killed", Count(2, 2, two), two, m.start(), m.end())

    def put_one_and(what: str, counts: list[str | None], text: str, a: int, b: int) -> None:
        """Record one victim named apart and the others counted ("a leader and two of his guards": three); no
        figure when the first count is unknown."""
        n = parse_count(counts[0])
        if n.min is not None:
            total = 1 + n.min + sum(x.min for x in (parse_count(q) for q in counts[1:] if q) if x.min is not None)
            put(what, Count(total, total, text), text, a, b)

    for m in (_TWO_RANK_NAMES.finditer(sentence) if " and " in low and (" were " in low or " been " in low) else ()):
        put_two(m)
    for m in (_HURT_AND_ONE_MOVED.finditer(sentence) if (" wounded " in low or " injured " in low) and
              (" and a " in low or " and an " in low or " and one " in low) else ()):
        n = parse_count(m.group("q"))
        if n.min is not None:
            text = " ".join(re.split(r"\s+(?:were|have\s+been|had\s+been)\s", m.group(0))[0].split())
            put("injured", Count(n.min + 1, n.max + 1 if n.max is not None else None, text), text, m.start(), m.end())
    for m in ((m for rx in (_OTHERS_LEFT, _OTHER_PEOPLE_TREATED) for m in rx.finditer(sentence))
              if " other " in low else ()):
        n = parse_count(m.group("q") or m.groupdict().get("q2"))
        if n.min is not None:
            text = " ".join(m.group(0).split())
            put("injured", n, text, m.start(), m.end(), True)
    for m in (_ONE_AND_KIN_PASSIVE.finditer(sentence) if " and " in low else ()):
        put_one_and("injured" if _hurt(m.group("verb")) else "killed",
                    [m.group("q") or m.group("q2")], " ".join(m.group("one").split()), m.start(), m.end())
    for m in (_ONE_AND_N_OTHER_PASSIVE.finditer(sentence) if " other " in low and " and " in low else ()):
        put_one_and("injured" if _hurt(m.group("verb")) else "killed", [m.group("q")],
                    " ".join(sentence[m.start():m.start("verb")].split()[:-1]), m.start(), m.end())
    for m in (_ONE_AND_ANOTHER.finditer(sentence) if " another " in low else ()):
        wording = " ".join(m.group("one").split())
        put("injured" if _hurt(m.group("verb")) else "killed", Count(2, 2, wording), wording,
            m.start("one"), m.end())
    for m in (_ONE_AND_OTHERS.finditer(sentence) if " and " in low else ()):
        hurt = _hurt(m.group("verb"))
        n = parse_count(m.group("q"))
        if n.min is not None:
            wording = " ".join(m.group("one").split())
            if not _INCLUDING.search(sentence[:m.start()][-40:]):
                put("injured" if hurt else "killed", Count(n.min + 1, n.max + 1 if n.max is not None else None, wording),
                    wording, m.start("one"), m.end())
    for m in (_TREATED.finditer(sentence) if "treat" in low or "hospital" in low or "remain" in low else ()):
        if not m.group("noun") and (_is_bare_article(m.group("q")) or not re.search(r"\d|" + NUMBER, m.group("q"), re.I)):
            continue
        # "seven injured persons were still under treatment" after some died: the wounded left, the latest count
        add("injured", m.group("q"), m.group("q") + (m.group("noun") or ""), m.start(), m.end(),
            updated=bool(re.search(r"\bstill\b", m.group(0), re.I)))
    for m in (_OF_THE_WOUNDED.finditer(sentence) if " the " in low else ()):
        add("injured", m.group("q"), m.group(0), m.start("q"), m.end(), subset_check=False)
    for m in (_LIVES.finditer(sentence) if "lives" in low else ()):
        q = m.group("q") or m.group("q2")
        add("killed", q, m.group(0), m.start(), m.end())
    for m in (_LIST.finditer(sentence) if low.count(",") and " and " in low else ()):
        hurt = _hurt(m.group("verb"))
        people = " ".join(m.group("list").split())
        n = people.count(",") + 1 + (0 if ", and " in people else 1)
        put("injured" if hurt else "killed", Count(n, n, people), people, m.start(), m.end())
    for m in (_THE_TWO.finditer(sentence) if "the " in low and " and " in low else ()):
        if m.group("a").endswith("s") or m.group("b").endswith("s") or m.group("a") in ("police", "army", "people"):
            continue  # "the soldiers and policemen": a group, not two people
        if any(parse_count(w).min is not None for w in (m.group("a"), m.group("b"))):
            continue  # "died at the scene and seven were wounded": a count, not a person
        hurt = _hurt(m.group("verb"))
        put("injured" if hurt else "killed", Count(2, 2, m.group("two")), m.group("two"), m.start(), m.end())
    for m in (_ONE_AND_HIS.finditer(sentence) if _AND_HIS.search(low) else ()):
        hurt = _hurt(m.group("verb"))
        one = " ".join(m.group("one").split())
        put("injured" if hurt else "killed", Count(2, 2, one), one, m.start(), m.end())
    for m in (_NAMED_AND_HIS.finditer(sentence) if " and his " in low or " and her " in low else ()):
        put_two(m)
    for m in [*(_PAIR.finditer(sentence) if " and " in low else ()),
              *(_PAIR_ACTIVE.finditer(sentence) if " and " in low else ())]:
        if any(w.endswith("s") or w.endswith("men") or w in ("police", "people", "army", "staff", "personnel")
               for w in (m.group("a"), m.group("b"))):
            continue  # "a soldier and two policemen": a group, counted by the other patterns
        put_two(m)
    for m in (_N_AND_ONE_PASSIVE.finditer(sentence) if _AND_ONE.search(low) else ()):
        c = _count(m.group("q"), m.group("q") + m.group("noun"))
        if c is None or c.min is None:
            continue
        text = " ".join(sentence[m.start():m.start("verb")].split()[:-1])  # the people, without "were"
        hurt = _hurt(m.group("verb"))
        put("injured" if hurt else "killed", Count(c.min + 1, c.max + 1 if c.max is not None else None, text), text,
            m.start(), m.end())
    for m in (_NONE.finditer(sentence) if _NO_WORD.search(low) or "without" in low else ()):
        said = (m.group("what") or m.group("what2") or m.group("what3") or
                ("casualties" if "casualt" in m.group(0).lower() else "")).lower()
        # "no one was hurt", "no casualties": nobody killed or hurt; "no one was injured": nobody hurt
        whats = ["killed", "injured"] if said in ("hurt", "casualties") or m.group("both") else \
            ["injured"] if re.match(r"injur|wound", said) else ["killed"]
        if " else " in m.group(0).lower():  # "No one else was hurt": none besides those named, so no one wounded
            whats = [w for w in whats if w == "injured"]
        if not any(x < m.end() and m.start() < y for x, y in taken):
            taken.append((m.start(), m.end()))
            found.extend(CasualtyMention(what, Count(0, 0, m.group(0)), m.group(0), m.start(), m.end()) for what in whats)
    for m in (_ANOTHER.finditer(sentence) if "another" in low or " one " in low or " and a " in low or
              "while a " in low or "but a " in low else ()):
        hurt = bool(re.search(r"wound|injur|hurt", m.group("verb"), re.I))
        put("injured" if hurt else "killed", Count(1, 1, m.group("one")), m.group("one"), m.start("one"), m.end())
    for m in (_POSSESSIVE_ONE.finditer(sentence) if _POSSESSIVE_WORD.search(low) else ()):
        hurt = bool(re.match(r"wound|injur|hurt|sustain", m.group("verb"), re.I))
        one = " ".join(m.group("one").split())
        put("injured" if hurt else "killed", Count(1, 1, one), one, m.start(), m.end())
    for rx, ok in ((_HIT_ONE, " hit" in low and _HIT_CONTEXT.search(sentence)),
                   (_ACTIVE_ONE, _ACTIVE_VERB.search(low)),
                   (_ACTIVE_BARE_ONE, " one" in low or " another" in low or " a third" in low or " a second" in low
                    or " a fourth" in low),
                   (_ACTIVE_PRONOUN, " him" in low or " her" in low),
                   (_THE_ONE, "the " in low or "its " in low or "their " in low),
                   (_THE_HURT_ONE, "the injured " in low or "the wounded " in low),
                   (_A_HURT_ONE_MOVED, "an injured " in low or "a wounded " in low or "an wounded " in low or
                    "one injured " in low or "one wounded " in low or "a injured " in low),
                   (_RANK_NAME_ONE, " was " in low or " been " in low or "sustained " in low or "received " in low
                    or "suffered " in low),
                   (_HE_DIED, "he " in low or "she " in low)):
        for m in (rx.finditer(sentence) if ok else ()):
            if rx is _ACTIVE_PRONOUN and m.group("one2"):
                one = m.group("one2")
                if not any(x < m.end() and m.start("one2") < y for x, y in taken):
                    taken.append((m.start("one2"), m.end("one2")))
                    found.append(CasualtyMention("killed", Count(1, 1, m.group(0)), m.group(0), m.start(), m.end()))
                continue
            hurt = bool(re.match(r"wound|injur|hurt|hit|sustain|receiv|suffer", m.group("verb"), re.I))
            one = " ".join((m.group(0) if rx in (_ACTIVE_PRONOUN, _HE_DIED) else m.group("one")).split())
            if rx is _ACTIVE_ONE and ATTACKER_NOUNS.search(one):
                continue
            if not _INCLUDING.search(sentence[:m.start("one")][-40:]):
                put("injured" if hurt else "killed", Count(1, 1, one), one, m.start("one"), m.end("one"))
    for m in (_ANOTHER_WAS.finditer(sentence) if "another " in low else ()):
        if not ATTACKER_NOUNS.search(m.group("one")):
            hurt = bool(re.match(r"wound|injur|hurt", m.group("verb"), re.I))
            put("injured" if hurt else "killed", Count(1, 1, m.group("one")), m.group("one"), m.start(), m.end())
    for m in (_THE_OTHER_TREATED.finditer(sentence) if "the other " in low else ()):
        put("injured", Count(1, 1, m.group(0)), m.group(0), m.start(), m.end(), True)  # the one left after a death
    for m in (_KIN_OF.finditer(sentence) if " of " in low and any(
            w in low for w in ("nephew", "cousin", " son", "brother", "relative")) else ()):
        n = parse_count(m.group("q"))  # ("a nephew of": one)
        if n.min is not None:
            text = " ".join(m.group("one").split())
            put("injured" if _hurt(m.group("verb")) else "killed", Count(n.min, n.max, text), text,
                m.start(), m.end())
    for m in (_BOTH.finditer(sentence) if "both" in low else ()):
        if not ATTACKER_NOUNS.search(m.group("two")):
            put_two(m)
    for m in (_FOUND_WOUNDED.finditer(sentence) if " found " in low else ()):
        n = parse_count(m.group("q") if m.group("q").lower() not in ("a", "an") else "one")
        if n.min is not None:
            put("injured", n, " ".join(m.group(0).split()), m.start(), m.end())
    for m in (_TAKEN_THEN_KILLED.finditer(sentence) if " them" in low else ()):
        add("killed", m.group("q"), " ".join(m.group(0).split()), m.start(), m.end())
    for m in (_LEAVING.finditer(sentence) if "dead" in low else ()):
        add("killed", m.group("q"), m.group("q") + (m.group("noun") or ""), m.start("q"), m.end("dead"))
        if m.group("q2"):
            add("injured", m.group("q2"), m.group("q2") + (m.group("noun2") or ""), m.start("q2"), m.end(),
                subset_check=False)
    for m in (_ORDINAL_DIED.finditer(sentence) if "a " in low else ()):
        n = _ORDINALS[m.group("ord").lower()]
        text = " ".join(m.group(0).split())
        put("killed", Count(n, n, text), text, m.start(), m.end(), True)
    for m in (_OF_THE_INJURED_MOVED.finditer(sentence) if " of the " in low else ()):
        c = parse_count(m.group("q"))
        if c is not None and c.min:
            text = " ".join(m.group(0).split())
            put("injured", Count(c.min, None, text), text, m.start(), m.end())
    for m in (_ONE_ALONG_KIN.finditer(sentence) if "along with" in low else ()):
        put_one_and("killed", [m.group("q"), m.group("q2")], " ".join(m.group(0).split()), m.start("one"), m.end())
    for m in (_EMBRACED_ALONG.finditer(sentence) if "along with" in low else ()):
        put_one_and("killed", [m.group("q")], " ".join(m.group(0).split()), m.start(), m.end())
    for m in (_BROUGHT_WITH.finditer(sentence) if " with " in low and ("injuries" in low or "wounds" in low) else ()):
        add("injured", m.group("q"), m.group("q") + m.group("noun"), m.start(), m.end())
    for m in (_SURVIVED.finditer(sentence) if "survived " in low else ()):
        add("injured", m.group("q"), m.group("q") + m.group("noun"), m.start(), m.end())
    for m in (_WHO_HURT_MOVED.finditer(sentence) if " who " in low and any(
            w in low for w in ("shifted", "taken", "rushed", "referred", "airlifted", "flown", "moved", "evacuated",
                               "admitted", "brought", "transported")) else ()):
        add("injured", m.group("q"), m.group("q") + m.group("noun"), m.start(), m.end())
    for m in (_AMONG.finditer(sentence) if " among " in low else ()):
        c = parse_count(m.group("q"))
        if c is None or c.min is None or (not m.group("noun") and _is_bare_article(m.group("q"))) or \
                re.search(r"\b(?:of|aged)\s+(?:around|about|some)?\s*$", sentence[:m.start()][-20:], re.I):
            continue  # "a child of around ten were among the dead": an age, not a count
        what = "injured" if re.match(r"wound|injur|hurt", m.group("what"), re.I) else "killed"
        text = " ".join(m.group(0).split())
        put(what, Count(c.min, None, text), text, m.start(), m.end())
    for m in (_WHO_WERE_HURT.finditer(sentence) if " who " in low else ()):
        hurt = bool(re.match(r"wound|injur|hurt|hit|shot(?!\s+dead)", m.group("verb"), re.I))
        if (not hurt or not _THEN_DIED.match(sentence[m.end():])) and not _INCLUDING.search(sentence[:m.start()][-40:]):
            # "Three policemen who were martyred when terrorists stormed the station ... were laid to rest"
            q = "one" if m.group("q").lower() == "another" else m.group("q")  # "another Levies man who was wounded"
            add("injured" if hurt else "killed", q, (m.group("q") + m.group("noun")).strip(), m.start(),
                m.end("noun"))
    for m in (_NUMBERING.finditer(sentence) if "number" in low or "total" in low else ()):
        what = "killed" if m.group("what").lower() in ("dead", "deceased") else "injured"
        add(what, m.group("q"), " ".join(sentence[m.start():m.end()].split()), m.start(), m.end())
    for m in (_TOLL.finditer(sentence) if "toll" in low or "number of" in low or " count" in low or "fatalit" in low
              else ()):
        what = "injured" if re.search(r"injured|wounded", m.group("what"), re.I) else "killed"
        verb = m.group("verb").lower()
        updated = verb not in ("is", "was", "stood", "stands", "now stands")
        # the source's own verb ("climbed to 13"), never a paraphrase
        wording = " ".join(sentence[m.start("verb"):m.end("q")].split()) if updated else m.group("q")
        add(what, m.group("q"), wording, m.start(), m.end(), updated)
    for m in (_RAISING.finditer(sentence) if "toll" in low or " count" in low or "number of" in low else ()):
        what = "injured" if re.match(r"injur", m.group("what") or "", re.I) or "injured" in m.group(0) else "killed"
        add(what, m.group("q"), " ".join(sentence[m.start():m.end()].split()), m.start(), m.end(), True)
    for m in (_DEATHS_OF.finditer(sentence) if " of " in low and ("death" in low or "killing" in low or "martyrdom" in low)
              else ()):
        noun = m.group("noun") or ""
        what = "attackers_killed" if ATTACKER_NOUNS.search(noun) else "killed"
        add(what, m.group("q"), m.group("q") + noun, m.start("q"), m.end())
    for m in (_PASSIVE if _PARTICIPLE_HINT.search(sentence) else _PASSIVE_PLAIN).finditer(sentence):
        noun = m.group("noun") or ""
        q = m.group("q")
        if not noun and (_is_bare_article(q) or not re.search(r"\d|" + NUMBER, q, re.I)) \
                and not re.search(_VAGUE, q, re.I):
            continue
        if not noun and _is_bare_article(q):
            continue
        if _is_bare_article(q) and re.match(r"\s+(?:number|lot|host|handful|group|couple|series|batch|party)\s+of\b",
                                             noun, re.I):
            continue  # "a number of policemen were killed": no count ("a couple of" is left to say two elsewhere)
        if _is_bare_article(q) and re.match(r"\s+(?:result|consequence)\b", noun, re.I):
            continue  # "as a result Levies personnel were martyred": no count
        if not m.group("aux").strip() and (_OBJECT_AFTER.match(sentence[m.end():]) or ATTACKER_NOUNS.search(noun)):
            continue  # "a suicide bomber killed 34 people": the killer, not the killed
        verb = m.group("verb").lower()
        hurt = bool(re.match(_HURT_PASSIVE, verb, re.I))
        what = "injured" if hurt else ("attackers_killed" if ATTACKER_NOUNS.search(noun) else "killed")
        if _ATTACKER_ONLY_VERBS.match(verb):
            what = "attackers_killed"  # "three terrorists were neutralised": said of attackers only
        if hurt and ATTACKER_NOUNS.search(noun):
            what = "attackers_injured"
        if hurt and not m.group("aux").strip() and _THEN_DIED.match(sentence[m.end():]):
            what = "killed"  # "Three more passengers wounded in the attack died in hospital": the dead, not the hurt
        wording = (q + noun).rstrip(" ,") + (" dead" if not noun and verb == "dead" else "")
        add(what, q, wording, m.start("q"), m.end(), m=m)
    for m in _ACTIVE.finditer(sentence):
        noun = m.group("noun") or ""
        q = m.group("q")
        tail = (m.group("tail") or "").strip().lower()
        if not noun and not tail and (_is_bare_article(q) or q.strip().lower() in ("several", "many")):
            continue
        verb = m.group("verb").lower()
        if verb in ("left", "leaving", "leaves"):
            if not tail:
                continue
            hurt = tail != "dead"
        else:
            hurt = bool(re.match(r"injur|wound|hurt", verb))
        if hurt:
            what = "attackers_injured" if ATTACKER_NOUNS.search(noun) else "injured"
        else:
            what = "attackers_killed" if ATTACKER_NOUNS.search(noun) else "killed"
        add(what, q, q + noun + (" " + tail if tail else ""), m.start("q"), m.end(), m=m)
    found.sort(key=lambda c: c.start)
    found = [_along_with(_plus_one(c, sentence), sentence) for c in found]
    if "remaining" in low:  # "The remaining 10 injured were under treatment": the wounded left after deaths
        found = [CasualtyMention(c.what, c.count, c.text, c.start, c.end, True, c.superseded, c.also)
                 if c.what == "injured" and re.search(r"\bthe\s+remaining\s+$", sentence[:c.start][-20:], re.I) else c
                 for c in found]
    if "later" in low or "revised" in low:  # "the military later said five soldiers had been killed"
        found = [CasualtyMention(c.what, c.count, c.text, c.start, c.end, True, c.superseded, c.also)
                 if _LATER.search(sentence[:c.start][-60:]) else c for c in found]
    if "also" in low:
        found = [CasualtyMention(c.what, c.count, c.text, c.start, c.end, c.updated, c.superseded, True)
                 if c.count.min == 1 and re.search(r"\b(?:(?:was|were)\s+also|also\s+(?:lost|died|succumbed|perished))\b", sentence[c.start:c.end + 60]) else c
                 for c in found]
    if _SUPERSEDED.search(sentence):
        found = [CasualtyMention(c.what, c.count, c.text, c.start, c.end, c.updated,
                                 superseded=bool(_SUPERSEDED.search(sentence[:c.start]) or
                                                 _SAID_AT_FIRST.match(sentence[c.end:])), also=c.also)
                 for c in found]
    return found
