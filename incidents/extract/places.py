"""Place names in report sentences, found through the offline gazetteer, each with its role.

A role says why a name is (not) the place of the attack: ``site`` (in an attack sentence), ``near``
("a town near Quetta", "outskirts of"), ``hospital`` ("shifted to ... hospital in Quetta"), ``dateline``
("QUETTA, Pakistan (AP) —", a header line), ``official`` ("Quetta police said"), ``origin`` ("who hailed
from Punjab"), ``route`` (an end of a
road or journey: "the highway linking Quetta with Karachi", "a train to Rawalpindi") or ``mention``.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Protocol

from geo.normalize import normalize_name

__all__ = ["PlaceMention", "PlaceFinder", "PlaceIndex", "unlisted_role"]

_GAP = re.compile(r"[\s.-]*")  # what may stand between the words of one place name
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][A-Za-z]*(?:-[A-Za-z]+)*")
_MAX_WORDS = 4
_CONNECTORS = {"of", "al", "e", "i", "ul", "ud", "wala"}

#: Capitals that stand for their governments ("Islamabad accuses Kabul ...").
_CAPITAL_CITIES = frozenset({"islamabad", "kabul", "new delhi", "delhi", "tehran", "beijing", "washington"})
_SPEAKS_AFTER = re.compile(r"^\s+(?:uses|used|says|said|accuses|accused|denies|denied|blames|blamed|claims|claimed|"
                           r"insists|maintains|wants|rejects|rejected|has|have|had|is|was|calls|called|terms|refers)\b",
                           re.I)
#: Where militants roam: "active along the Sheikh Badin range".
_ACTIVE_IN = re.compile(r"\b(?:active|operating|present|hiding|(?:group|faction|outfit|organi[sz]ation|network)\s+based)\s+"
                        r"(?:in|along|around|across)\s+(?:the\s+)?(?:(?:neighbou?ring|nearby|adjoining|adjacent)\s+)?$", re.I)
#: Where the attackers came from, not where they struck.
_CAME_FROM = re.compile(r"\b(?:come|came|coming|infiltrat\w*|crossed\s+over|sneaked\s+in|arrived|rushed|were\s+sent|was\s+sent|"
                        # ("the fighting continued ... before reinforcements arrived from Miran Shah")
                        r"were\s+dispatched)\s+(?:in\s+)?from\s+(?:the\s+)?"
                        r"(?:(?!into\b|to\b)(?-i:[a-z])[\w'-]*\s+){0,4}(?:of\s+)?(?:the\s+)?$|"
                        # "the police party was returning from a raid in the Pahar Khel Thal area": where they had been
                        r"\breturning\s+from\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:raid|operation|search)\s+"
                        r"(?:in|at|near)\s+(?:the\s+)?$", re.I)
#: Where a source spoke from: "told Dawn by telephone from Mach", "speaking to reporters from Quetta".
_SPEAKER_FROM = re.compile(r"\b(?:told|said|speaking|talking|spoke|reported|confirmed)\b(?:\s+[\w.'-]+){0,5}?\s+"
                           r"(?:by\s+(?:tele)?phone\s+|over\s+the\s+(?:tele)?phone\s+)?from\s+(?:the\s+)?$", re.I)
#: "a police spokesman in the provincial capital Quetta told dpa": a source's seat, not the site.
_SPEAKER_IN = re.compile(r"\b(?:spokes(?:man|person|woman)|officials?|officers?|sources?|administrators?|doctors?|"
                         r"correspondent|reporter)\s+(?:based\s+)?in\s+(?:the\s+)?(?:(?:provincial|federal)\s+capital,?\s+|"
                         r"(?:city|town)\s+of\s+)?$", re.I)
_SPEAKS_NEXT = re.compile(r"(?:\s+(?:district|city|town|tehsil))?(?:\s*,\s+who\s+[^,]{1,120},)?\s*,?\s+"
                          r"(?:told|said|says|confirmed|added)\b", re.I)
_NEAR_BEFORE = re.compile(
    r"\b(?:near(?:by)?|outside|close\s+to|off|from|(?:north|south|east|west|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?\s+of|outskirts\s+of|suburbs?\s+of|"
    r"en\s+route\s+to|on\s+(?:its|their|his|the)\s+way\s+(?:to|from)|heading\s+(?:to|for)|bound\s+for|"
    r"travell?ing\s+(?:to|from)|towards?|neighbou?ring|adjoining|adjacent\s+to|border(?:ing)?\s+with|bordering)"
    r"\s+(?:the\s+)?(?:(?:provincial\s+)?(?:city|town|village|district|area)\s+of\s+|(?:provincial\s+|federal\s+)?"
    r"capital,?\s+)?$", re.I)
#: "about 130 kilometers northwest of the port city of Karachi", "300 km (186 miles) southwest of Quetta": a place
#: measured from, not the site, nor a place the attack was near.
_DISTANCE_BEFORE = re.compile(
    r"\b(?:kilomet(?:er|re)s?|kms?|miles)\)?\s+(?:(?:north|south|east|west|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?\s+)?(?:of|from|away\s+from)\s+(?:the\s+)?(?:(?:[a-z][\w-]*\s+){0,2}?(?:city|town|village|"
    r"district|area)\s+of\s+|(?:provincial\s+|federal\s+)?capital,?\s+|(?:district\s+)?headquarters,?\s+)?$", re.I)
#: Before "kilometres": a short distance ("a few", "some two", "3"), under 10 km.
_A_FEW_KM = re.compile(r"\b(?:a\s+(?:few|couple\s+of)|(?:some|about|around|barely|just)\s+(?:two|three|four|five|[1-9])|"
                       r"two|three|four|five|[1-9])\s*$", re.I)
#: Ends of a route, not the site: "the highway linking Quetta with Karachi", "from Karachi to Quetta",
#: "a train to Rawalpindi", "on its way to", "the road leading from Taftan towards the border".
_ROUTE_BEFORE = re.compile(
    r"\b(?:(?:linking|connecting|between)(?:\s+[A-Z][\w.-]*){0,3}(?:\s+(?:with|and|to))?|"
    # "the highway that links the port city of Karachi with Quetta": the first end of the road
    r"(?:linking|connecting|links|connects|joins|joining)\s+(?:the\s+)?(?:(?:port|provincial|border|coastal|garrison)\s+)?"
    r"(?:city|town|capital)(?:\s+of)?|"
    r"(?:linking|connecting|links|connects|joins|joining)\s+[^.;]{0,60}?\s+(?:with|and|to)(?:\s+(?:the\s+)?(?:port\s+|provincial\s+|border\s+|"
    r"coastal\s+)?(?:city|town|capital)(?:\s+of)?|\s+the\s+(?:[\w-]+\s+){0,2}?(?:border|frontier)\s+(?:at|near|crossing\s+at))?|"
    r"from\s+[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}\s+(?:to|towards?)|"
    r"(?:travell?ing|heading|going|returning|bound|(?:on|making)\s+(?:its|their|his|the)\s+way|moving|driving|leaving|fled|"
    r"escaped|sped\s+(?:away|off)|drove\s+(?:away|off)|ran\s+away|made\s+off|fleeing|escaping|flee|escape|retreat|"
    r"withdraw)\s+"
    r"(?:back\s+)?(?:to|for|from|towards?)|"
    # "returning to their camp from the nearby border town of Taftan"
    r"(?:travell?ing|heading|going|returning|driving|moving)\s+(?:back\s+)?(?:to|towards?)\s+(?:[\w-]+\s+){1,3}?from|"
    r"en\s+route\s+to|to\s+and\s+from|from\s+and\s+to|"
    r"(?:fled|withdrew|retreated|escaped|melted\s+away|flee|escape|retreat|withdraw)\s+(?:[\w-]+\s+){0,3}?(?:towards?|into)(?:\s+the\s+(?:[\w-]+\s+){0,2}?"
    r"(?:of|in))?|"
    r"(?:trains?|bus(?:es)?|coach(?:es)?|flights?|convoy|journey|road|highway|motorway|route|vehicles?|passengers|"
    r"trucks|lorries|containers|supplies)\s+"
    r"(?:bound\s+|(?:leading|going|running|heading)\s+)?"
    r"(?:to|for|from|towards?))\s+(?:the\s+)?(?:(?:(?:provincial|nearby|neighbou?ring|port|border|garrison)\s+){0,2}"
    r"(?:city|town|village|district|area)\s+of\s+|(?:district|province|city|area|country)'s\s+|(?-i:[A-Z][\w-]*)'s\s+|"
    r"(?:provincial\s+|federal\s+)capital,?\s+)?$", re.I)
#: Where people come from, not where they were attacked: "labourers who hailed from Punjab".
_ORIGIN_BEFORE = re.compile(r"\b(?i:hail(?:ed|ing|s)?\s+from|(?:labou?rers?|workers?|passengers?|travell?ers?|pilgrims?|"
                            r"tourists?|migrants?|natives|settlers|men|people|miners?|victims?|drivers?|dead|deceased|those|"
                            # "the wife of a schoolteacher from Mastung"
                            r"(?:school)?teachers?|students?|traders?|shopkeepers?|businessm[ae]n|engineers?|doctors?|"
                            r"labou?rer|family|families)(?:,\s+|\s+)"
                            r"(?:(?:were|was|are|is)\s+)?"
                            r"(?:all\s+|mostly\s+)?from|"
                            r"(?:most|many|some|all|both|several|one|two|three|four|five|six)\s+of\s+them\s+(?:were\s+)?from|belong(?:ed|ing|s)?\s+to|natives?\s+of|residents?\s+of|"
                            r"(?:who|which)\s+(?:were|was|are|is)\s+from|originally\s+from|home\s+in|home\s*towns?\s+in|"
                            r"native\s+(?:towns?|villages?)\s+in|"
                            # "who was travelling home to Ormara on leave": where a victim was going
                            r"(?:travell?ing|going|heading|returning|bound)\s+(?:back\s+)?(?:home\s+)?(?:to|for))\s+(?i:the\s+)?"
                            # "labourers from the country's eastern Punjab province"
                            r"(?i:(?:country|nation|province)'s\s+)?(?i:(?:north|south|east|west|central)\w*\s+)?"
                            r"(?i:(?:province|city|district)\s+of\s+)?"
                            # "who belonged to Punjab's Rahimyar Khan and Sadiqabad areas": every place of the list
                            # "who hailed from Multan and Bahawalpur districts of Punjab province"
                            r"(?:(?:[A-Z][\w'’.-]*|and|or|,|(?i:(?:districts?|areas?|regions?|cities|towns)\s+of))\s*){0,8}$")
#: Attacked at someone's home: "opened fire on him outside his home in Charsadda" is where it happened.
_AT_HOME_BEFORE = re.compile(r"\b(?:outside|at|near|in\s+front\s+of|into|stormed|attacked|raided|targeted|hit|struck|"
                             r"on)\s+(?:his|her|their|the\s+victim's)\s+(?:\w+\s+)?home\s+in\s+(?:the\s+)?$", re.I)
_HOSPITAL_BEFORE = re.compile(r"\b(?:hospital|CMH|medical\s+complex|(?:trauma|medical|health)\s+cent(?:re|er)|DHQ|THQ|"
                              r"BHU|morgue|mortuary)(?:\s*\([A-Z]{2,6}\))?(?:(?:\s+\w+){0,2}\s+(?:in|at|of)\s+(?:the\s+)?"
                              # "at Khalifa Gul Nawaz Hospital in the neighbouring city of Bannu"
                              r"(?:(?:neighbou?ring|nearby|adjoining|adjacent)\s+)?(?:(?:city|town|district)\s+of\s+|"
                              # "at a hospital in provincial capital Quetta"
                              r"provincial\s+capital,?\s+)?|\s+)$",
                              re.I)
#: "15 others were still being treated in Peshawar": where the wounded are, not the site.
_TREATED_IN = re.compile(r"\b(?:being\s+treated|treated|under\s+treatment|receiving\s+treatment|admitted|"
                         r"hospitali[sz]ed|recovering)\s+(?:\w+\s+){0,2}?(?:in|at)\s+(?:the\s+)?"
                         # "... under treatment in Kohat and Peshawar": every town of the list
                         r"(?:(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*)?(?:\s*,\s*(?:and\s+)?|\s+and\s+))*$", re.I)
_HOSPITAL_AFTER = re.compile(r"^(?:'s)?\s+(?:[A-Z][\w.-]*\s+){0,3}(?:hospital|CMH|medical|trauma|morgue)", re.I)
_EVAC = re.compile(r"\b(?:shifted|taken|rushed|moved|transported|airlifted|referred|evacuated|brought|admitted|"
                   r"transferred|flown)\b", re.I)
_DATELINE_AFTER = re.compile(r"^(?:/[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?)?\s*(?:\[[^\]]{1,20}\])?(?:,\s*(?:Pakistan|[A-Z][a-z]+))?(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
                             r"(?:,\s*\d{4})?\s*(?:\((?:Pakistan|Afghanistan|India|Iran)\)\s*)?(?:\([^)]{1,40}\))?\s*"
                             r"(?:[:—–]|--|-\s|\||(?<=\))\s*(?=[A-Z]))")
_OFFICIAL_AFTER = re.compile(r"^(?:\s+district)?(?:'s|’s)?\s+(?:city\s+|district\s+)?(?:police\s+(?:chief|said|officials?|spokesman|"
                             r"spokesperson|station\s+house)|deputy\s+commissioner|DC\b|DPO\b|SSP\b|SHO\b|"
                             r"district\s+police\s+officer|(?:assistant\s+)?commissioner|administration|levies)", re.I)
#: "Kohat Road", "Jamrud Road": a city's street named for the town it leads to, not that town.
#: A post named after its place: "the Doaba police station" names where the attack was.
_POST_AFTER = re.compile(r"^\s+(?:police\s+(?:station|post|check\s*post)|check\s*post|checkpoint|chowki|thana|"
                         r"(?:Levies|FC)\s+(?:post|station|camp))\b", re.I)
_OF_THE_POST_BEFORE = re.compile(r"\b(?:van|vehicle|mobile|personnel|staff|officers?|officials?|team|SHO|in-charge|"
                                 r"policemen|constables?|sepoy|naik|(?:sub-)?inspector|ASI)"
                                 # "constable Noor Zaman of the Badaber Police Station": one of its men, named
                                 r"(?:\s+(?-i:[A-Z][a-z]+)){0,3}\s+(?:of|from)\s+(?:the\s+)?$", re.I)
#: Between a hospital's town and its province: "Larkana city of the neighbouring", ", a city in".
_HOSPITALS_PROVINCE = re.compile(r"(?:\s+city)?(?:,\s+(?:an?\s+(?:[\w-]+\s+)?city\s+)?|\s+)(?:of|in)\s+(?:the\s+)?(?:neighbou?ring\s+|"
                                 r"adjoining\s+|nearby\s+)?", re.I)
_ROAD_AFTER = re.compile(r"^\s+(?:Road|Rd\.?|Street|Gate|Darwaza|Phatak|Adda|(?i:road|highway|motorway|expressway|bypass)(?!\s+(?:police\s+)?(?:station|post)))\b")  # "Lahori Gate" in Peshawar, "the Bannu road"
_FEATURE_OF = re.compile(r"^\s+(?:Bazaar|Bazar|Chowk|Market|Mandi|Colony|Mohalla|Adda)\s+(?:of|in)\s+[A-Z]")
_STRONG_BEFORE = re.compile(r"\b(?:in|at|inside|into|of)\s+(?:the\s+)?(?:(?:restive|volatile|remote|troubled|"
                            r"militancy-hit|northwestern|southwestern|tribal)\s+)*$", re.I)
_STRONG_AFTER = re.compile(r"^\s+(?:city|town|district|area|village|bazaar|tehsil|region|valley|subdivision|"
                           r"sub-division|cantonment)\b", re.I)


#: A name the gazetteer lacks, said to be a place: "in the Mandori area of", "into the Sambaza area",
#: "in the village of Spinwam", "Kot Azam village".
#: A place name: capitalised words, or one with an Urdu/Persian particle ("Ab-e-Gum", "Dera-i-Ali").
_NAME = r"(?:[A-Z][a-z]{2,}|[A-Z][a-z]+-[a-z]{1,3}-[A-Z][a-z]+)(?:[\s-][A-Z][a-z]{2,}){0,2}"
_UNLISTED = re.compile(
    rf"\b(?:in|at|into|near|of|from|outside|through|across|along|around|within)\s+(?:the\s+)?"
    rf"(?:(?:congested|crowded|busy|remote|restive|volatile|troubled|densely\s+populated|populous|main|small|tiny|"
    rf"isolated|far-flung)\s+)?(?P<a>{_NAME})\s+"
    r"(?:area|village|town|locality|tehsil|bazaar|neighbou?rhood|sub-?division|mohalla|union\s+council|district|"
    r"gas\s+field|oil\s*field|coal\s*field|coal\s+mines?|(?:railway\s+)?station|valley)\b|"
    rf"\b(?:village|town|hamlet|locality|area)\s+of\s+(?P<b>{_NAME})\b|"
    # "in North Waziristan's Boya area": the district's locality
    rf"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?'s\s+(?P<c>{_NAME})\s+"
    r"(?:area|village|town|locality|tehsil|bazaar|neighbou?rhood|sub-?division|mohalla|union\s+council|district)\b|"
    # "near village Sherathala in Datta Khel tehsil": the word before the name, as the press writes it
    rf"\b(?:near|in|at|outside|of)\s+(?:the\s+)?(?:village|mohalla|hamlet)\s+(?P<n>{_NAME})\b|"
    # "in Kardigap, a small town": a place said to be one
    rf"\b(?:in|at|near|through|outside|into|of)\s+(?P<f>{_NAME}),\s+an?\s+(?:[a-z-]{{3,}}\s+){{0,2}}?"
    r"(?:town|village|hamlet|locality|settlement|area|tehsil|sub-?division|neighbou?rhood|suburb|crossing|valley)\b|"
    # "near Jani Khel in Bannu district": a name set in a district the report names
    rf"\b(?:near|in|at|outside)\s+(?P<e>{_NAME}),?\s+(?:(?:in|of)\s+)?(?:the\s+)?(?:(?:neighbou?ring|nearby|adjoining|"
    r"adjacent)\s+)?(?:[A-Z][\w-]*'s\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:district|tehsil|sub-?division)\b|"
    # "attacked the Tajori police station": a post named after its place
    r"\b(?:the|a)\s+(?P<d>[A-Z][a-z]{2,}(?:[\s-][A-Z][a-z]{2,})?)\s+(?:police\s+(?:station|post|check\s*post)|"
    r"(?:levies|FC)\s+(?:post|station|check\s*post)|check\s*post|checkpost|checkpoint)\b")
#: "in the provincial capital's Dir Colony": a locality of the city the report names.
_CITYS_PART = re.compile(rf"\b(?:city|capital|metropolis)'s\s+(?:(?:northern|southern|eastern|western|central|old|outer|"
                         rf"north-?western|north-?eastern|south-?western|south-?eastern)\s+)?(?P<k>{_NAME})\b")
#: "opened fire on a Levies checkpost in Bostan": the place a post stands in (read apart: "a Levies checkpost" is
#: the other pattern's too).
_POST_IN = re.compile(rf"\b(?:check\s*post|checkpost|checkpoint|chowki|(?:police|Levies|levies)\s+(?:station|post))\s+"
                      rf"(?:in|at)\s+(?P<h>{_NAME})\b")
#: "The attack took place on Friday night near Mughalkot, on the highway": where the attack is said to have been (read
#: apart, so that it never hides "in the Nurak area" of the same sentence from the other patterns).
_TOOK_PLACE_AT = re.compile(rf"\b(?:took\s+place|occurred|happened)\s+(?:[^,.;]{{0,40}}?\s+)?(?:near|in|at|outside)\s+"
                            rf"(?P<m>{_NAME})(?=\s*,|\s+(?:on|along|in|near|when|as|where)\b)")
_IN_KNOWN_AREA = re.compile(rf"\b(?:near|in|at|outside)\s+(?P<g>{_NAME})(?:\s+(?:(?:on|along)\s+the\s+(?:[\w-]+\s+){{1,3}}?"
                            rf"(?:highway|road|motorway)\s+)?(?:in|of)\s+(?:the\s+)?|,\s+)(?P<area>[A-Z])")
_UNLISTED_HINT = re.compile(r"\b(?:area|village|town|locality|tehsil|bazaar|neighbou?rhood|division|mohalla|field|mines?|"
                            r"council|hamlet|station|post|checkpoint|check-?post|district|town|village|valley|"
                            r"took\s+place|occurred|happened)\b", re.I)
#: Capitalised words that are not place names in "the X area" ("the Main Bazaar", "the Border area").
_NOT_PLACE_WORDS = frozenset("The A An This That Main Border Tribal Old New Upper Lower Central North South East West "
                             "Northern Southern Eastern Western City Cantonment Cantt Industrial Police Army Saddar "
                             "Same Entire Whole Mountainous Remote Nearby Adjacent Surrounding Kalash Afghan Pakistani "
                             "Chinese Kotwali Civil Lines Airport Women Model Traffic Levies Frontier Counter Railway "
                             "Highway Motorway Customs Security Mosque Masjid Hospital Road Chowk School College "
                             "Market Camp Station Post Bridge Dam Office Complex University Park Square Gate Monday "
                             "Tuesday Wednesday Thursday Friday Saturday Sunday Pakistan Afghanistan Iran India "
                             "China".split())


#: A person named after a title ("District Police Officer Saleem Abbas", "Havildar Sher Zaman"): a gazetteer
#: name after the first word of the name is part of it (Abbas is not Fort Abbas). The first word after a
#: title may be a place ("Deputy Commissioner Kech said"), so it is kept.
_PERSON_BEFORE = re.compile(r"\b(?:Officer|Inspector|Superintendent|Commissioner|Minister|Spokesman|Spokesperson|"
                            r"Governor|Chairman|Mr|Mrs|Ms|Dr|SHO|DPO|SSP|DSP|SP|ASI|DIG|IGP|Havildar|Sepoy|Naik|"
                            r"Subedar|Captain|Major|Colonel|Lieutenant|Constable|Brigadier|General|Maulana|Mufti|Senator|"
                            r"MNA|MPA|Sardar|Nawab|Malik|Haji|"
                            # "district police spokesman Fakhar Abbas said": the title in lower case
                            r"spokesman|spokesperson|official|officer|inspector|constable)\.?\s+(?:[A-Z][a-z]+\s+){1,3}$|"
                            # "a militant group once led by Mangal Bagh", "commander Mangal Bagh"
                            r"\b(?:(?:led|headed|founded|run|commanded)\s+by|(?i:commander|chief|leader|founder))\s+"
                            r"(?:[A-Z][a-z]+\s+){1,3}$")

#: First words of Pashto and Baloch village names: "Kunj Alizai" is a village of its own, not Alizai.
_NAME_PREFIXES = frozenset("Kunj Killi Kili Kille Kalay Kot Banda Shin Spin Tor Kuz Lar Pir Mian Chak Jungle Jangal".split())
#: Second words of Pashto and Baloch village names: a known name before one is part of another name.
_NAME_SUFFIXES = frozenset("Khel Khail Kalay Kaley Kalle Kili Killi Kille Banda Garhi Dheri Kot Zai Kach Pul Kelay "
                           "Colony".split())  # "Dir Colony" is a part of Peshawar, not Dir


#: The report's own provinces: a name there is what it says; a name elsewhere after another capitalised word
#: may be the tail of a longer local name ("Muslim Bagh").
_FOCUS = frozenset({"PK-BA", "PK-KP"})
#: Capitalised words that start no place name before a known one ("Pakistan's", titles are handled apart).
_NOT_NAME_START = frozenset("In At On Near From To Of And Or But For With By After Before During Since Police Militants "
                            "Gunmen Officials Government Province District Tehsil Town City Village Capital".split())


#: Districts named after the tribes whose names people carry ("Sarbakaf Mohmand").
_TRIBE_NAMES = frozenset({"mohmand", "afridi", "orakzai", "wazir", "khattak", "bangash", "marwat", "mehsud", "bugti",
                          "marri", "mengal", "yousafzai", "shinwari", "mamund", "utmankhel", "bajauri"})
#: Words naming a part of a district: "Central Kurram" (when the gazetteer has no such name).
_PART_WORDS = frozenset("Upper Lower Central North South East West Northern Southern Eastern Western".split())


_TITLE_WORD = re.compile(r"Officer|Inspector|Superintendent|Commissioner|Minister|Spokesman|Spokesperson|Governor|"
                         r"Chairman|Mr|Mrs|Ms|Dr|Havildar|Sepoy|Naik|Subedar|Captain|Major|Colonel|Lieutenant|"
                         r"Constable|Brigadier|General|Maulana|Mufti|Senator|Sardar|Nawab|Malik|Haji|Deputy|Assistant|"
                         r"Additional|Senior|Chief|Station|House|Operations|Investigation|Sector|Zone|Division")


def unlisted_role(pre: str, attack: bool) -> str:
    """The role of a name the gazetteer lacks, from the words before it."""
    if _HOSPITAL_BEFORE.search(pre[-80:]) or _TREATED_IN.search(pre[-60:]):
        return "hospital"
    if _ACTIVE_IN.search(pre[-40:]) or _CAME_FROM.search(pre[-80:]):
        return "mention"  # where militants roam or came from
    if _ROUTE_BEFORE.search(pre[-80:]):
        return "route"
    if re.search(r"\b(?:near(?:by)?|outside|close\s+to|outskirts\s+of)\s+(?:the\s+)?$", pre[-40:], re.I):
        return "near"
    return "site" if attack else "mention"


class PlaceIndex(Protocol):
    """What the finder needs from a gazetteer (``geo.gazetteer.Gazetteer`` fits)."""

    def names(self) -> Iterable[str]: ...

    def lookup_exact(self, normalised_name: str) -> list: ...


@dataclass
class PlaceMention:
    """A gazetteer name found in a sentence."""

    surface: str
    key: str
    start: int
    end: int
    kind: str  # province | place | area | unlisted (a named place the gazetteer lacks)
    province_code: str | None
    district: str | None
    role: str = "mention"
    strong: bool = False  # "in X", "X city", "X district"
    entries: list = field(default_factory=list, repr=False)
    area_word: str | None = None  # "district" in "Musakhel district": the area, not its town

    @property
    def query(self) -> str:
        """What to ask the geocoder: "Musakhel district" when the report names the district."""
        return f"{self.surface} {self.area_word}" if self.area_word else self.surface

    def provinces(self) -> set[str]:
        """Every province a place of this name lies in."""
        return {e.province_code for e in self.entries if e.province_code}


class PlaceFinder:
    """Scans sentences for gazetteer names (capitalised, longest first)."""

    def __init__(self, gazetteer: PlaceIndex | None = None) -> None:
        if gazetteer is None:
            from geo.gazetteer import get_gazetteer

            gazetteer = get_gazetteer()
        self.gazetteer = gazetteer
        self._names = frozenset(gazetteer.names())
        # the first word of every name, to skip capitalised words no name starts with
        self._first_words = frozenset(n.split()[0] for n in self._names if n.split())

    def _may_start_place(self, word: str) -> bool:
        """Is the word a place's name by itself?"""
        return normalize_name(word) in self._names

    def _may_start(self, word: str) -> bool:
        key = normalize_name(word)
        return not key or key.split()[0] in self._first_words

    def find(self, sentence: str, *, attack: bool = False, first_in_paragraph: bool = False,
             header: bool = False, masked: Iterable[tuple[int, int]] = ()) -> list[PlaceMention]:
        """Place mentions in one sentence; ``masked`` spans (group names) are skipped."""
        masked = list(masked)
        tokens = [m for m in _TOKEN.finditer(sentence)
                  if not any(a <= m.start() < b for a, b in masked)] if masked else list(_TOKEN.finditer(sentence))
        out: list[PlaceMention] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if not tok.group(0)[0].isupper() or not self._may_start(tok.group(0)):
                i += 1
                continue
            hit = None
            # the words that may form one name with it: adjacent (only spaces/hyphens/dots between), each capitalised
            # or a connector ("of", "ul"); measured once, then the longest known name among them is taken
            run = 1
            while run < _MAX_WORDS and i + run < len(tokens) and \
                    _GAP.fullmatch(sentence, tokens[i + run - 1].end(), tokens[i + run].start()) and \
                    (tokens[i + run].group(0)[0].isupper() or tokens[i + run].group(0).lower() in _CONNECTORS):
                run += 1
            for n in range(run, 0, -1):
                group = tokens[i:i + n]
                if not group[-1].group(0)[0].isupper():
                    continue
                surface = sentence[group[0].start():group[-1].end()]
                key = normalize_name(surface)
                if key in self._names:
                    hit = (n, surface, key, group[0].start(), group[-1].end())
                    break
            if hit and i + hit[0] < len(tokens) and tokens[i + hit[0]].group(0) in _NAME_SUFFIXES and \
                    re.fullmatch(r" ", sentence[hit[4]:tokens[i + hit[0]].start()]):
                hit = None  # "Tatta Khel" is a village of its own, not Tatta (Thatta) in Sindh
            if not hit:
                i += 1
                continue
            n, surface, key, start, end = hit
            if _PERSON_BEFORE.search(sentence[max(0, start - 80):start]):
                i += n  # part of a person's name
                continue
            entries = list(self.gazetteer.lookup_exact(key))
            prev = tokens[i - 1] if i else None
            if prev is not None and key in _TRIBE_NAMES and prev.group(0)[0].isupper() and \
                    prev.group(0)[1:].islower() and sentence[prev.end():start] == " " and \
                    prev.group(0) not in _NOT_PLACE_WORDS and prev.group(0) not in _NOT_NAME_START and \
                    prev.group(0) not in _PART_WORDS and not self._may_start_place(prev.group(0)):
                i += n  # "Sarbakaf Mohmand", "Hafiz Afridi": a person named by tribe, not the district
                continue
            if prev is not None and prev.group(0) in _PART_WORDS and sentence[prev.end():start] == " " and \
                    (area := next((e for e in entries if e.kind in ("district", "agency")), None)) is not None:
                # "Central Kurram", "Upper Orakzai": a part of a district the gazetteer holds only whole
                name = sentence[prev.start():end]
                out.append(PlaceMention(name, normalize_name(name), prev.start(), end, "unlisted", area.province_code,
                                        area.district or area.name, unlisted_role(sentence[:prev.start()], attack),
                                        True, [], None))
                i += n
                continue
            if prev is not None and prev.group(0)[0].isupper() and sentence[prev.end():start] == " " and \
                    prev.group(0) not in _NOT_PLACE_WORDS and prev.group(0) not in _NOT_NAME_START and \
                    prev.group(0)[1:].islower() and not _TITLE_WORD.fullmatch(prev.group(0)) and \
                    not (prev.start() >= 2 and sentence[prev.start() - 2] in ".:") and prev.start() > 0 and \
                    entries and (all(e.province_code not in _FOCUS for e in entries) or prev.group(0) in _NAME_PREFIXES):
                # "Muslim Bagh" is a town of its own in Balochistan, not Bagh in Azad Kashmir: the whole name, unlisted
                # ("Jungle Pir Alizai": two first words)
                if i >= 2 and tokens[i - 2].group(0) in _NAME_PREFIXES and \
                        sentence[tokens[i - 2].end():prev.start()] == " ":
                    prev = tokens[i - 2]
                name = sentence[prev.start():end]
                out.append(PlaceMention(name, normalize_name(name), prev.start(), end, "unlisted", None, None,
                                        unlisted_role(sentence[:prev.start()], attack), True, [], None))
                i += n
                continue
            mention = self._mention(sentence, surface, key, start, end, entries, attack=attack,
                                    first_in_paragraph=first_in_paragraph, header=header)
            if mention:
                out.append(mention)
            i += n
        unlisted = self._unlisted(sentence, out, masked, attack=attack)
        out = [k for k in out if not any(u.start < k.start and k.end <= u.end for u in unlisted)] + unlisted
        out.sort(key=lambda p: p.start)
        for k in range(1, len(out)):
            # "a hospital in Larkana city of the neighbouring Sindh province": the hospital's province, no site
            if out[k].kind == "province" and out[k - 1].role == "hospital" and out[k].role != "hospital" and \
                    _HOSPITALS_PROVINCE.fullmatch(sentence[out[k - 1].end:out[k].start]):
                out[k] = replace(out[k], role="hospital")
        return out

    def _unlisted(self, sentence: str, known: list[PlaceMention], masked: list[tuple[int, int]], *,
                  attack: bool) -> list[PlaceMention]:
        """Places the gazetteer lacks, named as places ("the Mandori area of", "the village of Spinwam"):
        kind ``unlisted``, no entries; the report keeps the name with the enclosing place's point."""
        out: list[PlaceMention] = []
        # "near Spinwam in North Waziristan": a name set in a district the gazetteer holds
        # ("in Rajjar, Charsadda, late on Thursday": a district's own town after a comma names the district)
        areas = {k.start for k in known if k.kind == "area"}
        towns = {k.start for k in known if k.kind == "place" and k.district and normalize_name(k.district) == k.key}
        for m in (_IN_KNOWN_AREA.finditer(sentence) if areas or towns else ()):
            name, start = m.group("g"), m.start("g")
            end = start + len(name)
            key = normalize_name(name)
            comma = sentence.startswith(",", end)
            if m.start("area") not in (towns | areas if comma else areas) or not key or key in self._names or name.split()[0] in _NOT_PLACE_WORDS \
                    or any(a < end and start < b for a, b in masked) or any(k.start < end and start < k.end
                                                                           for k in known):
                continue
            out.append(PlaceMention(name, key, start, end, "unlisted", None, None,
                                    unlisted_role(sentence[:start], attack), True, [], None))
        hinted = _UNLISTED_HINT.search(sentence) is not None
        for m in itertools.chain(_UNLISTED.finditer(sentence) if hinted else (),
                                 _POST_IN.finditer(sentence) if hinted else (),
                                 _TOOK_PLACE_AT.finditer(sentence) if hinted else (),
                                 _CITYS_PART.finditer(sentence) if "'s " in sentence else ()):
            grp = next(g for g in m.re.groupindex if m.group(g))
            if grp == "d" and (_OF_THE_POST_BEFORE.search(sentence[:m.start()][-40:] + "the ") or any(
                    k.kind not in ("province", "area") and k.role in ("site", "near", "official") and not k.area_word
                    for k in known)):
                continue  # the post's name when the sentence names no town: "the Mullazai police post in Tank district"
            name, start = m.group(grp), m.start(grp)
            end = start + len(name)
            words = name.split()
            if words[0] in _NOT_PLACE_WORDS or (any(w in _NOT_PLACE_WORDS for w in words[-1:]) and not (
                    len(words) > 1 and words[-1] in ("Masjid", "Bazaar", "Chowk", "Gate"))):
                continue  # "the Main Bazaar area" is no place; "Ali Masjid area" and "Kabuli Gate area" are
            # "near Miri Kalat, a village": the longer name the report says is a village holds the known "Kalat"; so
            # does "the Ratta Kulachi area" (a name of its own ending in a known one)
            described = grp in ("b", "f", "a") and len(words) > 1
            if any(a < end and start < b for a, b in masked) or any(
                    k.start < end and start < k.end and not (described and start < k.start and k.end <= end)
                    for k in [*known, *out]):
                continue
            key = normalize_name(name)
            if not key or key in self._names:
                continue
            if grp == "b" and sentence.startswith("'s", end):
                continue  # "the main town of Pakistan's Bajaur district": the town of the district named next
            role = unlisted_role(sentence[:start], attack)
            if _HOSPITAL_AFTER.match(sentence[end:end + 60]):
                role = "hospital"  # "taken to the city's Jinnah hospital": the hospital's name
            area = re.match(r"\s+(district|tehsil)\b", sentence[end:end + 12], re.I)
            out.append(PlaceMention(name, key, start, end, "unlisted", None, None, role, True, [],
                                    area.group(1).lower() if area else None))
        return out

    @staticmethod
    def _mention(sentence: str, surface: str, key: str, start: int, end: int, entries: list, *, attack: bool,
                 first_in_paragraph: bool, header: bool) -> PlaceMention | None:
        if not entries:
            return None
        if surface.isupper() and len(surface) <= 3 and key not in ("kp", "kpk", "di khan", "dik"):
            return None  # "BA", "GB": abbreviations are too ambiguous in running text
        provinces = [e for e in entries if e.kind == "province"]
        if provinces:
            kind, pcode, district = "province", provinces[0].province_code, None
        else:
            best = entries[0]
            kind = "place" if best.kind in ("city", "town", "village", "neighbourhood") else "area"
            pcode, district = best.province_code, best.district
        pre, post = sentence[:start], sentence[end:]
        role = "site" if attack else "mention"
        if header or (first_in_paragraph and start <= 2 and (_DATELINE_AFTER.match(post) or
                                                              (surface.isupper() and len(surface) > 3))) or (
                first_in_paragraph and re.fullmatch(r"[A-Z ]{3,30}/", pre.strip()) and (
                    surface.isupper() or _DATELINE_AFTER.match(post))) or (
                first_in_paragraph and re.fullmatch(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?/", pre.strip()) and
                _DATELINE_AFTER.match(post)):
            # "QUETTA/PESHAWAR: ...", "Islamabad/Lahore, Oct 26 (PTI)": both names of a shared dateline
            role = "dateline"
        elif _HOSPITAL_BEFORE.search(pre[-80:]) or _HOSPITAL_AFTER.match(post[:60]) or _TREATED_IN.search(pre[-60:]):
            role = "hospital"
        elif (ev := _EVAC.search(pre)) and re.search(r"\bto\b", pre[ev.end():]) and \
                not re.search(r"\b(?:attack|blast|explosion|bomb|firing)\b", pre[ev.end():], re.I):
            role = "hospital"
        elif _ORIGIN_BEFORE.search(pre[-60:]) and not (attack and _AT_HOME_BEFORE.search(pre[-80:])):
            role = "origin"
        elif _ROUTE_BEFORE.search(pre[-80:]):
            role = "route"
        elif key in _CAPITAL_CITIES and _SPEAKS_AFTER.match(post[:40]):
            role = "mention"  # "a term Islamabad uses for Baloch groups": the government, not the city
        elif _ACTIVE_IN.search(pre[-40:]):
            role = "mention"  # "terrorists ... active along the Sheikh Badin range": where they roam, not the site
        elif _CAME_FROM.search(pre[-80:]):
            role = "origin"  # "khawarij who had come from the adjoining hilly areas of Darra Adam Khel"
        elif _SPEAKER_FROM.search(pre[-80:]) or (_SPEAKER_IN.search(pre[-60:]) and _SPEAKS_NEXT.match(post[:170])):
            role = "mention"  # "... told Dawn by telephone from Mach", "a spokesman in Quetta told dpa": where a source spoke
        elif dm := _DISTANCE_BEFORE.search(pre[-80:]):
            # "a few kilometres from Dasu", "2 km from Wana": close enough to be near it
            role = "near" if _A_FEW_KM.search(pre[-80:][:dm.start()][-25:]) else "distance"
        elif _NEAR_BEFORE.search(pre[-80:]):
            role = "near"
        elif _OFFICIAL_AFTER.match(post[:60]):
            role = "official"
        if (_ROAD_AFTER.match(post[:12]) or _FEATURE_OF.match(post[:30])) and role not in ("dateline", "hospital"):
            role = "route"  # "Kohat Road" in Peshawar, "the Rustam Bazaar of Wana": named for a town, not in it
        after = _STRONG_AFTER.match(post[:30])
        own_post = _POST_AFTER.match(post[:30])
        if own_post and _OF_THE_POST_BEFORE.search(pre[-40:]) and role == "site":
            role = "mention"  # "the mobile van of the Pahari Pura police station": whose van, not where it was hit
        strong = bool(_STRONG_BEFORE.search(pre[-60:]) or after or re.search(r"\b[A-Z][\w-]*'s\s+$", pre[-40:])
                      or own_post)
        area_word = None
        if after and re.match(r"\s+(?:district|tehsil|agency|subdivision|sub-division)\b", after.group(0), re.I):
            area_word = after.group(0).split()[0].lower()
        elif re.search(r"\b(?:district|tehsil)\s+of\s+$", pre[-20:], re.I):
            area_word = "district"
        if area_word and area_word not in ("tehsil", "sub-division", "subdivision") and \
                not any(e.kind in ("district", "agency", "tehsil") for e in entries):
            area_word = None
        return PlaceMention(surface, key, start, end, kind, pcode, district, role, strong, entries, area_word)
