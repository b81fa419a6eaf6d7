"""A labelled set for the linker: SYNTHETIC attacks, each told by one to three sources, with the truth.

Every attack is invented (ids ``E000001``…, summaries starting "SYNTHETIC linkage test record"); the
data exists only to measure how well records are linked into events. What is realistic is how the
sources *differ* about one attack:

- **Sources**: ACLED (``sub_event_type`` "Suicide bomb", "Remote explosive/landmine/IED", "Armed clash",
  "Attack", …; ``actor2`` targets "Police Forces of Pakistan (2018-)"…; actor1 blamed; fatalities
  exact), GTD (``attacktype1_txt`` "Bombing/Explosion", "Armed Assault", "Hostage Taking (Kidnapping)";
  ``targtype1_txt`` "Police", "Military", "Private Citizens & Property", "Religious Figures/
  Institutions"; claimed/suspected; nkill often higher, sometimes unknown), UCDP GED (no attack type;
  fatal events only; low/high deaths; the dyad's group blamed) and news reports (no dataset, a source
  URL; "suicide bombing", "IED", "armed assault"; targets "police station", "mosque", …; "at least N";
  claims, suspicions and denials). A news report may be one of several on one attack.
- **Offsets**: dates the same mostly, GTD and reports a day later sometimes (the report date),
  rarely two; places: a village point (precision 1) against a district centroid (precision 2)
  10–40 km away, a city centroid, now and then only the province (precision 3); casualties the same,
  revised upward, "at least N" from an early report, unknown; groups claimed by one source, only
  suspected or another group named by another, denied in a report.
- **Density**: districts of KP and Balochistan from the offline gazetteer (``data/gazetteer.csv``),
  weighted so that Quetta, Peshawar, D.I. Khan, Bannu and North Waziristan see several attacks a week.
- **Places and words**: each district has its places (the gazetteer's towns and neighbourhoods of it,
  then nine invented villages; the n-th chosen with weight 1/(n+1), so a hot spot's attacks come back
  to a few places), and each attack a detail of what was hit (``DETAILS``: a checkpost, a convoy, a
  polio team…) and how (``MODES``: a roadside bomb, a magnetic bomb, motorcyclists…). Every source
  writes its own text of it in its own conventions, in ``summary`` after the SYNTHETIC prefix: ACLED's
  notes ("On 25 May 2020, unidentified militants attacked a check post in Darabad (North Waziristan,
  Khyber Pakhtunkhwa)…"), GTD's summary ("11/26/2019: Assailants attacked a mobile van in Miran Shah,
  North Waziristan district, …"), UCDP's source headline ("4 civilians killed in Nowshera"), a report's
  lead ("… opened fire near a patrolling party in the Zanwam Chowk area of Quetta on Monday, officials
  said."). Each leaves out the detail, the way and the place below the district at its own rates
  (``NAMES_DETAIL``, ``NAMES_MODE``, ``NAMES_PLACE``), words them its own way, names the bigger town
  instead of the village now and then (``NAMES_TOWN``) and spells a place another way (the gazetteer's
  alternative names). ``location`` is the place named at precision 1, the district otherwise.
- **Hard negatives**, injected as pairs of attacks (``LabelledSet.hard``): ``two_provinces`` (the same
  day, the same kind, in Balochistan and KP), ``next_day_same_place`` (a suicide attack on the
  cantonment, the next day a checkpost shooting with one dead, at the same place), ``quetta_two_ieds``
  (two IEDs in Quetta on one day, different tolls, at one place 30 % of the time),
  ``operation_near_attack`` (a security forces' operation killing militants in the district of an
  attack on the police, the same or the next day).
- **Categories**, as each importer codes them (issue 19): ACLED "Armed clash" -> clash, its other
  kinds -> attack; GTD -> attack; UCDP -> attack for violence against civilians (one-sided), clash for
  fighting with the state (state-based: an attack on the police as well as an operation); a report ->
  ``categories.category_from_text`` of its attack wording (unknown without one).

    .venv/bin/python bench/linkset.py --events 5000 --seed 11   # prints a summary
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from incidents.categories import category_from_text  # noqa: E402
from incidents.models import Attribution, Incident, Source  # noqa: E402

SUMMARY_PREFIX = "SYNTHETIC linkage test record"
#: Seeds the linker was tuned on; the held-out seed (tests, the reported figure) is not among them.
TRAIN_SEEDS = (11, 12, 13)
HELD_OUT_SEED = 2029
HARD_CASES = ("two_provinces", "next_day_same_place", "quetta_two_ieds", "operation_near_attack")

#: Attacks per district, relative (the rest of KP and Balochistan: 1).
HOT_SPOTS = {"Quetta": 14, "Peshawar": 12, "North Waziristan": 14, "Dera Ismail Khan": 11, "Bannu": 11,
             "Lakki Marwat": 6, "Khyber": 6, "Kech": 6, "South Waziristan": 5, "Lower South Waziristan": 3,
             "Tank": 4, "Bajaur": 4, "Kurram": 3, "Mastung": 3, "Khuzdar": 2, "Panjgur": 2, "Gwadar": 2,
             "Kohat": 2, "Hangu": 2, "Swat": 2, "Mohmand": 2, "Orakzai": 2, "Kalat": 2, "Nushki": 2,
             "Dera Bugti": 2, "Kohlu": 2, "Zhob": 2, "Kachhi": 2}
#: Districts that are a city: the attack is in town (a few km from the centroid), not in a village.
CITIES = {"Quetta", "Peshawar"}

# kind -> (ACLED sub_event_type, GTD attacktype, report wordings)
KINDS = {
    "suicide": ("Suicide bomb", "Bombing/Explosion", ("suicide bombing", "suicide attack", "suicide blast")),
    "ied": ("Remote explosive/landmine/IED", "Bombing/Explosion", ("IED", "roadside bomb", "IED blast", "bomb blast")),
    "grenade": ("Grenade", "Bombing/Explosion", ("grenade attack", "hand grenade attack")),
    "armed": ("Armed clash", "Armed Assault", ("armed assault", "gun attack", "attack on checkpost", "firing")),
    "targeted": ("Attack", "Armed Assault", ("targeted killing", "gun attack", "firing")),
    "abduction": ("Abduction/forced disappearance", "Hostage Taking (Kidnapping)", ("kidnapping", "abduction")),
    "operation": ("Armed clash", None, ("intelligence-based operation", "security forces operation",
                                        "search operation")),
}
KIND_WEIGHTS = (("ied", 28), ("armed", 26), ("targeted", 20), ("suicide", 7), ("grenade", 6), ("abduction", 5),
                ("operation", 8))
# target -> (ACLED actor2, GTD targtype, report wordings)
TARGETS = {
    "police": ("Police Forces of Pakistan (2018-)", "Police", ("police station", "police mobile", "policemen",
                                                              "police checkpost", "levies post")),
    "military": ("Military Forces of Pakistan (2018-)", "Military", ("army convoy", "soldiers", "cantonment",
                                                                      "security forces")),
    "civilians": ("Civilians (Pakistan)", "Private Citizens & Property", ("market", "passenger bus", "labourers",
                                                                          "civilians")),
    "worship": ("Civilians (Pakistan)", "Religious Figures/Institutions", ("mosque", "imambargah", "shrine")),
    "officials": ("Civilians (Pakistan)", "Government (General)", ("polio team", "government officials")),
    "militants": (None, None, ("militants", "terrorists' hideout", "militant hideout")),
}
TARGET_BY_KIND = {
    "suicide": (("police", 3), ("military", 4), ("civilians", 2), ("worship", 2)),
    "ied": (("police", 4), ("military", 4), ("civilians", 3), ("worship", 1), ("officials", 1)),
    "grenade": (("police", 3), ("civilians", 4), ("military", 1)),
    "armed": (("police", 5), ("military", 4), ("civilians", 1)),
    "targeted": (("police", 4), ("civilians", 4), ("officials", 2), ("worship", 1)),
    "abduction": (("civilians", 5), ("officials", 2), ("police", 1)),
    "operation": (("militants", 1),),
}
GROUPS = (("TTP", 38), (None, 30), ("BLA", 12), ("ISKP", 5), ("BLF", 5), ("HGB", 4), ("JuA", 3), ("LeJ", 2),
          ("BRAS", 1))
ACLED_ACTOR = {"TTP": "TTP: Tehreek-i-Taliban Pakistan", "BLA": "BLA: Balochistan Liberation Army",
               "ISKP": "Islamic State (Pakistan)", "BLF": "BLF: Balochistan Liberation Front",
               "HGB": "Hafiz Gul Bahadur Group", "JuA": "Jamaat-ul-Ahrar", "LeJ": "Lashkar-e-Jhangvi",
               "BRAS": "BRAS: Baloch Raji Aajoi Sangar"}
OUTLETS = ("Dawn", "The Express Tribune", "The News", "Balochistan Post", "Geo News", "Reuters", "AFP")

#: What was hit, in detail, per target: (detail, weight). Skewed as real reporting is (most attacks on
#: the police are on a checkpost or a patrol), so two attacks of one district often share it.
DETAILS = {
    "police": (("checkpost", 6), ("police station", 3), ("patrol", 4), ("traffic police", 1), ("polio guard", 2),
               ("levies", 2), ("ctd", 1)),
    "military": (("convoy", 5), ("fc post", 4), ("camp", 2), ("patrol", 3), ("cantonment", 1)),
    "civilians": (("market", 3), ("bus", 2), ("labourers", 2), ("elder", 2), ("shop", 2), ("vehicle", 2)),
    "worship": (("mosque", 4), ("imambargah", 2), ("shrine", 1)),
    "officials": (("polio team", 3), ("officials", 3), ("school", 1)),
    "militants": (("hideout", 3), ("compound", 1)),
}
#: How each source words a detail (one phrase drawn per record: sources word one thing differently).
DETAIL_WORDS = {
    "checkpost": ("checkpost", "check post", "checkpoint", "police picket"),
    "police station": ("police station", "police station", "thana"),
    "patrol": ("patrol", "patrolling party", "mobile van"),
    "traffic police": ("traffic police", "traffic warden"),
    "polio guard": ("policemen guarding a polio team", "polio vaccination team's police escort"),
    "levies": ("Levies post", "Levies personnel", "Levies checkpost"),
    "ctd": ("Counter Terrorism Department (CTD) team", "CTD officials"),
    "convoy": ("convoy", "military convoy", "security forces' vehicle"),
    "fc post": ("FC checkpost", "Frontier Corps post", "FC picket"),
    "camp": ("camp", "army camp", "FC fort"),
    "cantonment": ("cantonment", "cantonment area"),
    "market": ("market", "bazaar", "vegetable market"),
    "bus": ("passenger bus", "passenger van", "coach"),
    "labourers": ("labourers", "workers", "coal miners"),
    "elder": ("tribal elder", "peace committee member", "local leader"),
    "shop": ("shop", "hotel", "restaurant"),
    "vehicle": ("car", "private vehicle", "vehicle"),
    "mosque": ("mosque", "Friday prayers", "mosque"),
    "imambargah": ("imambargah", "Shia imambargah"),
    "shrine": ("shrine", "Sufi shrine"),
    "polio team": ("polio team", "polio workers", "vaccinators"),
    "officials": ("government officials", "assistant commissioner", "revenue officials"),
    "school": ("school", "girls' school"),
    "hideout": ("hideout", "terrorists' hideout"),
    "compound": ("compound", "militant compound"),
}
#: How it was done, per kind: (mode, weight); "" is nothing more said.
MODES = {
    "suicide": (("vest", 3), ("vbied", 2), ("", 2)),
    "ied": (("roadside", 5), ("motorcycle bomb", 2), ("magnetic", 2), ("", 3)),
    "grenade": (("grenade", 1),),
    "armed": (("heavy weapons", 3), ("motorcyclists", 2), ("sniper", 1), ("", 3)),
    "targeted": (("motorcyclists", 4), ("", 3)),
    "abduction": (("", 1),),
    "operation": (("", 1),),
}
MODE_WORDS = {
    "vest": ("a suicide bomber blew himself up", "a bomber detonated his explosive vest"),
    "vbied": ("an explosives-laden vehicle rammed", "a vehicle-borne suicide bomber struck"),
    "roadside": ("a roadside bomb went off", "an IED planted on the roadside exploded"),
    "motorcycle bomb": ("a bomb-laden motorcycle exploded", "a motorcycle bomb went off"),
    "magnetic": ("a magnetic bomb attached to a vehicle exploded", "a sticky bomb went off"),
    "grenade": ("a hand grenade was hurled", "attackers threw a grenade"),
    "heavy weapons": ("militants attacked with heavy weapons", "terrorists opened fire with heavy weapons"),
    "motorcyclists": ("gunmen riding a motorcycle opened fire", "unidentified motorcyclists opened fire"),
    "sniper": ("a sniper opened fire", "a sniper fired"),
}
#: Invented village names (deterministic per district): syllables and a prefix some names carry.
_ROOTS = ("sar", "ka", "ban", "gul", "shin", "mar", "kot", "dar", "zan", "tal", "nur", "wal", "ghun", "spin", "kach",
          "bor", "mir", "ram", "sha", "dab", "lak", "tor", "pir", "khan", "bag", "zar", "ghar", "kil", "nal", "mast")
_ENDS = ("ai", "kai", "i", "a", "zai", "ke", "khel", "abad", "ona", "ki", "gar", "wam", "ra", "dar")
_PREFIXES = ("", "", "", "Killi ", "Mohalla ", "Dera ", "Kot ", "")
#: Villages per district beyond its gazetteer towns; the n-th place is chosen with weight 1/(n+1), so
#: a hot spot's attacks come back to a few places (two attacks of one place in a week are common).
VILLAGES_PER_DISTRICT = 9
#: Share of each source's records that name the place below the district (in the location field at
#: precision 1; in the text only at precision 2-3, when the place is not one the importer could geocode)
#: and the share naming the bigger town (tehsil, headquarters) instead of the village.
NAMES_PLACE = {"ACLED": 0.25, "GTD": 0.55, "UCDP": 0.30, None: 0.55}
NAMES_TOWN = 0.15
#: Share of each source's records whose text names the target in detail, and how it was done.
NAMES_DETAIL = {"ACLED": 0.80, "GTD": 0.75, "UCDP": 0.35, None: 0.85}
NAMES_MODE = {"ACLED": 0.55, "GTD": 0.60, "UCDP": 0.15, None: 0.70}
PROVINCE_NAMES = {"PK-BA": "Balochistan", "PK-KP": "Khyber Pakhtunkhwa"}
#: A report's target when it names no detail.
GENERIC_TARGET = {"police": "policemen", "military": "soldiers", "civilians": "civilians", "worship": "worshippers",
                  "officials": "government employees", "militants": "militants"}
#: A source's victims, per target.
VICTIMS = {"police": "policemen", "military": "soldiers", "civilians": "civilians", "worship": "worshippers",
           "officials": "officials", "militants": "militants"}


@dataclass
class Attack:
    """One real (synthetic) attack: the truth the sources tell of."""

    event: str
    case: str
    date: dt.date
    district: str
    province_code: str
    lat: float
    lon: float
    kind: str
    target: str
    killed: int
    injured: int
    group: str | None
    claimed: bool
    centroid: tuple[float, float] = (0.0, 0.0)
    #: the village, town or neighbourhood it happened in, and the bigger place (a tehsil's town, the
    #: district's headquarters) a source may name instead
    locality: str = ""
    town: str = ""
    #: what was hit, in detail (a key of DETAILS: "checkpost", "convoy", "polio team"…) and how
    #: (a key of MODES: "roadside", "motorcycle bomb"…; "" when nothing more is known)
    detail: str = ""
    mode: str = ""


@dataclass
class LabelledSet:
    """Records (Incident objects) with the truth: ``event_of`` record id -> attack id."""

    seed: int
    attacks: list[Attack]
    records: list[Incident]
    event_of: dict[str, str]
    #: (case, attack id, attack id) of every hard negative pair of attacks injected
    hard: list[tuple[str, str, str]] = field(default_factory=list)

    def by_dataset(self) -> dict[str | None, list[Incident]]:
        """The records per dataset (None: news reports), in the order written."""
        out: dict[str | None, list[Incident]] = {}
        for r in self.records:
            out.setdefault(r.dataset, []).append(r)
        return out

    def true_pairs(self) -> set[tuple[str, str]]:
        """Every pair (a < b) of record ids that tell of the same attack."""
        members: dict[str, list[str]] = {}
        for r, e in self.event_of.items():
            members.setdefault(e, []).append(r)
        return {(a, b) for ids in members.values() for a, b in itertools.combinations(sorted(ids), 2)}


def _districts() -> tuple[list[tuple[str, str, float, float]], dict[str, tuple[float, float]]]:
    """(name, province, lat, lon) of the districts/agencies of KP and Balochistan; province centroids."""
    from geo.gazetteer import get_gazetteer

    districts, provinces = [], {}
    for e in get_gazetteer().entries:
        if e.province_code in ("PK-BA", "PK-KP"):
            if e.kind in ("district", "agency"):
                districts.append((e.name, e.province_code, e.lat, e.lon))
            elif e.kind == "province":
                provinces[e.province_code] = (e.lat, e.lon)
    districts.sort()
    return districts, provinces


def _places(districts: list[tuple[str, str, float, float]]) -> dict[str, list[tuple[str, float, float, str]]]:
    """Per district, the places attacks happen at, most frequent first: (name, lat, lon, town) — the
    gazetteer's towns and neighbourhoods of the district, then invented villages 10-40 km from its
    headquarters (in a city: invented roads and colonies in town); ``town`` is the bigger place a
    source may name instead (the nearest gazetteer town, else the headquarters: the district's name).
    The same for every seed (drawn from the district's name)."""
    from geo.gazetteer import get_gazetteer

    sub: dict[str, list] = {}
    for e in get_gazetteer().entries:
        if e.kind in ("town", "village", "neighbourhood", "tehsil") and e.district:
            sub.setdefault(e.district, []).append(e)
    out = {}
    for name, _, clat, clon in districts:
        rng = random.Random(f"places {name}")
        known = [(e.name, e.lat, e.lon) for e in sorted(sub.get(name, []), key=lambda e: e.name)
                 if abs(e.lat - clat) < 1 and abs(e.lon - clon) < 1]
        towns = [k for k in known if k[0] not in ()] or [(name, clat, clon)]
        places = [(n, la, lo, n) for n, la, lo in known]
        seen = {_root(n) for n, *_ in places}
        while len(places) < len(known) + VILLAGES_PER_DISTRICT:
            root = rng.choice(_ROOTS) + rng.choice(_ENDS)
            if name in CITIES:
                village = f"{root.capitalize()} {rng.choice(('Road', 'Colony', 'Chowk', 'Town'))}"
                lat, lon = _offset(clat, clon, rng.uniform(0.5, 7.0), rng)
            else:
                village = rng.choice(_PREFIXES) + root.capitalize()
                lat, lon = _offset(clat, clon, rng.uniform(2.0, 7.0) if rng.random() < 0.25 else
                                   rng.uniform(10.0, 40.0), rng)
            if root in seen:  # "Mohalla Kotgar" and "Kotgar" would be one place spelt two ways
                continue
            seen.add(root)
            town = min(towns, key=lambda t: (t[1] - lat) ** 2 + (t[2] - lon) ** 2)[0]
            places.append((village, lat, lon, town))
        rng.shuffle(places)
        out[name] = places
    return out


def _root(name: str) -> str:
    """A place's name without "Killi", "Mohalla", "Road", "Colony"…: two places of a district never share it."""
    words = [w for w in name.split() if w not in ("Killi", "Mohalla", "Dera", "Kot", "Road", "Colony", "Chowk", "Town")]
    return "".join(words).lower() or name.lower()


def _spelling(name: str, rng: random.Random) -> str:
    """A source's spelling of a place: the gazetteer's alternative names now and then; an invented
    village's prefix dropped or spelt another way."""
    from geo.gazetteer import get_gazetteer

    u = rng.random()
    if u < 0.2:
        alts = [x for e in get_gazetteer().lookup_exact(name.lower()) for x in e.alt_names
                if x.isascii() and x[:1].isupper() and "Road" not in x and "Post" not in x]
        if alts:
            return rng.choice(alts)
        for a, b in (("Killi ", "Kili "), ("Killi ", ""), ("Mohalla ", ""), ("Kot ", "Kot")):
            if name.startswith(a):
                return b + name[len(a):]
    return name


def _offset(lat: float, lon: float, km: float, rng: random.Random) -> tuple[float, float]:
    a = rng.random() * 2 * math.pi
    return (round(lat + km * math.sin(a) / 111.0, 5),
            round(lon + km * math.cos(a) / (111.0 * math.cos(math.radians(lat))), 5))


def _weighted(rng: random.Random, pairs):  # noqa: ANN001, ANN202
    values, weights = zip(*pairs)
    return rng.choices(values, weights)[0]


class _Generator:
    def __init__(self, seed: int, per_day: float) -> None:
        self.rng = random.Random(seed)
        self.per_day = per_day
        self.districts, self.provinces = _districts()
        self.weights = [HOT_SPOTS.get(d[0], 1) for d in self.districts]
        self.by_name = {d[0]: d for d in self.districts}
        self.places = _places(self.districts)
        self.attacks: list[Attack] = []
        self.records: list[Incident] = []
        self.event_of: dict[str, str] = {}
        self.hard: list[tuple[str, str, str]] = []
        self.serial = Counter()

    # -- attacks --------------------------------------------------------------------------------
    def attack(self, date: dt.date, *, case: str = "ordinary", district: str | None = None, kind: str | None = None,
               target: str | None = None, killed: int | None = None, near: "Attack | None" = None,
               group: str | None | bool = False, detail: str | None = None) -> Attack:
        rng = self.rng
        name, prov, clat, clon = self.by_name[district] if district else rng.choices(self.districts, self.weights)[0]
        kind = kind or _weighted(rng, KIND_WEIGHTS)
        target = target or _weighted(rng, TARGET_BY_KIND[kind])
        pool = self.places[name]
        if near is not None:  # the same place as another attack (its village or neighbourhood, within a km)
            lat, lon = _offset(near.lat, near.lon, rng.uniform(0.0, 1.0), rng)
            locality, town = near.locality, near.town
        else:  # the places of a district, the first ones most often
            locality, plat, plon, town = rng.choices(pool, [1 / (k + 1) for k in range(len(pool))])[0]
            lat, lon = _offset(plat, plon, rng.uniform(0.0, 1.5), rng)
        if killed is None:
            killed = _weighted(rng, ((0, 22), (1, 18), (2, 14), (3, 10), ("few", 16), ("many", 12), ("mass", 5),
                                     ("big", 3)))
            killed = {"few": rng.randint(4, 8), "many": rng.randint(9, 20), "mass": rng.randint(21, 45),
                      "big": rng.randint(46, 110)}.get(killed, killed)
            if kind == "suicide":
                killed = max(killed, rng.randint(2, 30))
        injured = int(killed * rng.uniform(0.5, 3.0)) + rng.randint(0, 4)
        if group is False:
            group = _weighted(rng, GROUPS)
            if prov == "PK-BA" and group in ("TTP", "HGB", "JuA") and rng.random() < 0.6:
                group = rng.choice(("BLA", "BLF", "BLA", None))
            if prov == "PK-KP" and group in ("BLA", "BLF", "BRAS") and rng.random() < 0.9:
                group = rng.choice(("TTP", "TTP", None))
        self.serial["E"] += 1
        detail = detail or _weighted(rng, DETAILS[target])
        mode = _weighted(rng, MODES[kind])
        a = Attack(f"E{self.serial['E']:06d}", case, date, name, prov, lat, lon, kind, target, killed, injured,
                   group or None, bool(group) and rng.random() < 0.55, (clat, clon), locality, town, detail, mode)
        self.attacks.append(a)
        return a

    # -- what each source says --------------------------------------------------------------------
    def _place(self, a: Attack, shares: tuple[float, float], village_km: float) -> tuple[float, float, int]:
        """(lat, lon, geo_precision): the village point, the district centroid, or the province's."""
        rng = self.rng
        u = rng.random()
        if u < shares[0]:
            lat, lon = _offset(a.lat, a.lon, rng.uniform(0, village_km), rng)
            return lat, lon, 1
        if u < shares[0] + shares[1]:
            lat, lon = _offset(a.centroid[0], a.centroid[1], rng.uniform(0, 0.5), rng)
            return lat, lon, 2
        lat, lon = self.provinces[a.province_code]
        return lat, lon, 3

    def _date(self, a: Attack, later: tuple[float, float]) -> dt.date:
        u = self.rng.random()
        return a.date + dt.timedelta(days=1 if u < later[0] else 2 if u < later[0] + later[1] else 0)

    def _kind(self, a: Attack) -> str:
        """The kind this source codes: now and then the other half of a complex attack (gunmen and a
        bomb), a grenade counted as an IED, an abduction ending in a killing."""
        u = self.rng.random()
        if u < 0.05 and a.kind in ("suicide", "ied", "grenade", "armed"):
            return "armed" if a.kind != "armed" else "ied"
        if u < 0.07 and a.kind == "grenade":
            return "ied"
        if u < 0.07 and a.kind == "abduction":
            return "targeted"
        return a.kind

    def _target(self, a: Attack) -> str:
        """The target this source codes: the Frontier Corps or Levies as police by one source and as the
        military by another; civilians killed at a checkpost; a mosque's worshippers as civilians."""
        u = self.rng.random()
        if a.target in ("police", "military") and u < 0.10:
            return "military" if a.target == "police" else "police"
        if a.target in ("police", "military", "civilians") and u < 0.13:
            return "civilians" if a.target != "civilians" else "police"
        if a.target in ("worship", "officials") and u < 0.25:
            return "civilians"
        return a.target

    def _named(self, a: Attack, source: str | None, gp: int) -> str | None:
        """The place below the district this source names (its spelling), or None: always at precision
        1 (the village, or now and then the bigger town), at 2-3 only sometimes (in the text)."""
        rng = self.rng
        if gp > 1 and rng.random() >= NAMES_PLACE[source]:
            return None
        name = a.town if rng.random() < NAMES_TOWN else a.locality
        if name == a.district:  # the headquarters is the district's name: no place below it
            return None
        return _spelling(name, rng)

    def _detail(self, a: Attack, source: str | None) -> str | None:
        """The words this source uses for what was hit, or None when it does not say: now and then
        another detail of the same target (a patrol for a checkpost, a car for a bus)."""
        rng = self.rng
        if rng.random() >= NAMES_DETAIL[source]:
            return None
        detail = a.detail
        if rng.random() < 0.08:
            detail = _weighted(rng, DETAILS[a.target])
        return rng.choice(DETAIL_WORDS[detail])

    def _base(self, a: Attack, rid: str, date: dt.date, lat: float, lon: float, gp: int, *, source: str | None,
              detail: str | None | bool = False, **kw) -> Incident:
        place = self._named(a, source, gp)
        location = place if gp == 1 and place else a.district
        text = self._text(a, source, date, place, self._detail(a, source) if detail is False else detail, kw)
        return Incident(id=rid, date=date, location=location, district=a.district, province_code=a.province_code,
                        lat=lat, lon=lon, geo_precision=gp, summary=f"{SUMMARY_PREFIX}. {text}", **kw)

    def _text(self, a: Attack, source: str | None, date: dt.date, place: str | None, detail: str | None,
              kw: dict) -> str:
        """What this source writes of the attack, in its own style (see the module docstring): ACLED's
        notes, GTD's summary, UCDP's source headline, a news report's lead. Each names the target in
        detail, how it was done and the place below the district only some of the time."""
        rng = self.rng
        mode = rng.choice(MODE_WORDS[a.mode]) if a.mode and rng.random() < NAMES_MODE[source] else None
        if detail:  # "a checkpost", but "labourers", "Levies personnel", "Friday prayers"
            hit = detail if detail.endswith(("s", "personnel", "escort")) else f"a {detail}"
        else:
            hit = {"police": "the police", "military": "security forces", "civilians": "civilians",
                   "worship": "worshippers", "officials": "officials", "militants": "militants"}[a.target]
        prov = PROVINCE_NAMES[a.province_code]
        k, victims = kw.get("killed_min"), VICTIMS[a.target]
        groups = [x.group for x in kw.get("attributions", []) if x.status in ("claimed", "blamed", "suspected")]
        if source == "ACLED":
            where = f"{place} ({a.district}, {prov})" if place else f"{a.district} district ({prov})"
            s = f"On {date.day} {date:%B %Y}, "
            s += (f"{mode} near {hit} in {where}." if mode else
                  f"{ACLED_ACTOR.get(groups[0], 'unidentified militants') if groups else 'unidentified militants'}"
                  f" attacked {hit} in {where}.")
            s += f" {k} {victims} were killed." if k else " No fatalities were reported." if k == 0 else ""
            return s + (" The group claimed responsibility." if groups and a.claimed else "")
        if source == "GTD":
            city = place or a.district
            s = f"{date:%m/%d/%Y}: " + (f"{mode.capitalize()} targeting {hit}" if mode else
                                        f"Assailants attacked {hit}")
            s += f" in {city}, {a.district} district, {prov} province, Pakistan."
            s += f" At least {k} people were killed in the attack." if k else ""
            s += (f" {groups[0]} claimed responsibility for the incident." if groups and a.claimed else
                  " No group claimed responsibility for the incident.")
            return s
        if source == "UCDP":
            return f"{k} {victims} killed in {'attack on ' + hit + ' in ' if detail else ''}{place or a.district}"
        day = f"{date:%A}"
        s = (f"{k} {victims} were martyred" if k else "No one was hurt") + " when "
        s += f"{mode} near {hit}" if mode else f"militants attacked {hit}"
        s += f" in the {place} area of {a.district}" if place else f" in {a.district}"
        return s + f" on {day}, officials said."

    def acled(self, a: Attack) -> Incident:
        rng = self.rng
        self.serial["ACLED"] += 1
        eid = f"PAK{self.serial['ACLED']}"
        lat, lon, gp = self._place(a, (0.70, 0.26), 2.0)
        date = self._date(a, (0.04, 0.0))
        kind, target = self._kind(a), self._target(a)
        sub = KINDS[kind][0]
        actor2 = TARGETS[target][0]
        atts = []
        if a.kind == "operation":
            actor2 = ACLED_ACTOR.get(a.group or "", "Unidentified Armed Group (Pakistan)")
            if a.group:
                atts.append(Attribution(a.group, "blamed", "ACLED coding (battle)"))
        elif a.group and rng.random() < (0.85 if a.claimed else 0.5):
            atts.append(Attribution(a.group, "blamed", "ACLED coding"))
        if kind == "armed" and target == "civilians":
            sub = "Attack"
        k = a.killed
        u = rng.random()
        if u < 0.10 and k > 2:
            k = int(k * 0.75)  # conservative: only the confirmed dead
        return self._base(a, f"acled-{eid}", date, lat, lon, gp, attack_type=sub, target=actor2,
                          category="clash" if sub == "Armed clash" else "attack",
                          killed_min=k, killed_max=k, killed_text=f"ACLED fatalities: {k}", attributions=atts,
                          sources=[Source(rng.choice(OUTLETS[:5]), None, None, None)],
                          dataset="ACLED", dataset_event_id=eid, source="ACLED")

    def gtd(self, a: Attack, date: dt.date | None = None) -> Incident:
        rng = self.rng
        self.serial["GTD"] += 1
        date = date or self._date(a, (0.18, 0.04))
        eid = f"{date:%Y%m%d}{self.serial['GTD']:05d}"
        lat, lon, gp = self._place(a, (0.55, 0.40), 1.5)
        if gp == 1 and a.district in CITIES:
            lat, lon = a.centroid  # GTD's city coordinates
        u = rng.random()
        k: int | None = a.killed
        if u < 0.10:
            k = None  # nkill unknown
        elif u < 0.30 and a.kind == "suicide":
            k = a.killed + 1  # the bomber counted
        elif u < 0.30 and a.kind in ("armed", "operation"):
            k = a.killed + rng.randint(1, 3)  # attackers killed in the fighting
        elif u < 0.30 and a.killed >= 3:
            k = int(a.killed * 1.2) + 1  # a later toll
        atts = []
        if a.group and rng.random() < 0.8:
            g = a.group
            if rng.random() < 0.05:
                g = rng.choice([x for x, _ in GROUPS if x and x != a.group])  # coded to another group
            atts.append(Attribution(g, "claimed" if a.claimed else "suspected", "GTD coding"))
        return self._base(a, f"gtd-{eid}", date, lat, lon, gp, attack_type=KINDS[self._kind(a)][1],
                          target=TARGETS[self._target(a)][1], killed_min=k, killed_max=k, category="attack",
                          killed_text=f"GTD nkill: {k}" if k is not None else None,
                          injured_min=a.injured, injured_max=a.injured, attributions=atts,
                          dataset="GTD", dataset_event_id=eid, source="GTD")

    def ucdp(self, a: Attack) -> Incident:
        rng = self.rng
        self.serial["UCDP"] += 1
        eid = str(400000 + self.serial["UCDP"])
        lat, lon, gp = self._place(a, (0.50, 0.45), 2.0)
        date = self._date(a, (0.03, 0.0))
        low = max(1, a.killed - (rng.randint(0, 2) if rng.random() < 0.2 else 0))
        high = a.killed + (rng.randint(0, 3) if rng.random() < 0.3 else 0)
        atts = [Attribution(a.group, "blamed", "UCDP GED (state-based)")] if a.group and rng.random() < 0.8 else []
        target = "Civilians" if self._target(a) in ("civilians", "worship", "officials") else "Government of Pakistan"
        return self._base(a, f"ucdp-{eid}", date, lat, lon, gp, attack_type=None, target=target,
                          category="attack" if target == "Civilians" and a.kind != "operation" else "clash",
                          killed_min=low, killed_max=high, killed_text=f"UCDP best {a.killed} (low {low}, high {high})",
                          attributions=atts, dataset="UCDP", dataset_event_id=eid, source="UCDP")

    def report(self, a: Attack, *, early: bool = False) -> Incident:
        rng = self.rng
        self.serial["report"] += 1
        n = self.serial["report"]
        lat, lon, gp = self._place(a, (0.38, 0.57), 1.0)
        date = self._date(a, (0.30, 0.04))
        kind_words = KINDS[self._kind(a)][2]
        attack_type = rng.choice(kind_words) if rng.random() < 0.9 else None
        coded = self._target(a)
        detail = self._detail(a, None) if coded == a.target else None  # the report's text and target field agree
        target = detail or (GENERIC_TARGET[coded] if rng.random() < 0.85 else None)
        u = rng.random()
        kmin: int | None
        kmax: int | None
        if u < 0.15:
            kmin = kmax = None
            text = None
        elif u < 0.55 or early:
            kmin, kmax = (max(1, int(a.killed * 0.6)) if early and a.killed > 2 else a.killed), None
            text = f"at least {kmin}"
        else:
            kmin = kmax = a.killed
            text = str(a.killed)
        if kmin == 0:
            kmin = kmax = 0
            text = "no one killed"
        u = rng.random()
        imin: int | None = a.injured if u < 0.55 else max(0, int(a.injured * 0.6)) if u < 0.75 else None
        imax = a.injured if u < 0.55 else None
        atts = []
        if a.group:
            u = rng.random()
            if a.claimed and u < 0.6:
                atts.append(Attribution(a.group, "claimed", f"a {a.group} spokesman"))
            elif u < 0.75:
                atts.append(Attribution(a.group, "suspected", "police"))
            if rng.random() < 0.06:
                other = rng.choice([x for x, _ in GROUPS if x and x != a.group])
                atts.append(Attribution(other, "suspected", "officials"))
        if rng.random() < 0.06:
            atts.append(Attribution("TTP" if a.group != "TTP" else "AFGT", "denied", "a spokesman"))
        outlet = rng.choice(OUTLETS)
        return self._base(a, f"report-{n:06d}", date, lat, lon, gp, attack_type=attack_type, target=target,
                          category=category_from_text(attack_type),
                          killed_min=kmin, killed_max=kmax, killed_text=text, attributions=atts,
                          injured_min=imin, injured_max=imax, source=None, detail=detail,
                          sources=[Source(outlet, f"{(attack_type or 'attack').capitalize()} in {a.district}",
                                          f"https://example.org/linkset/{n}", date)])

    def tell(self, a: Attack, sources: list[str]) -> None:
        """Write what each source says of attack ``a``."""
        early_done = False
        for s in sources:
            if s == "ACLED":
                r = self.acled(a)
            elif s == "GTD":
                r = self.gtd(a)
            elif s == "UCDP":
                r = self.ucdp(a)
            else:
                r = self.report(a, early=not early_done and sources.count("report") > 1)
                early_done = True
            self.records.append(r)
            self.event_of[r.id] = a.event

    def sources(self, a: Attack, lo: int = 1) -> list[str]:
        """Which sources tell of attack ``a``: one to three (a second news report counts)."""
        rng = self.rng
        n = max(lo, _weighted(rng, ((1, 22), (2, 43), (3, 35))))
        pool = [("ACLED", 10), ("report", 7), ("GTD", 5 if a.kind != "operation" else 0),
                ("UCDP", 4 if a.killed > 0 else 0)]
        out: list[str] = []
        while len(out) < n:
            s = _weighted(rng, pool)
            if s != "report" and s in out:
                continue
            if s == "report" and out.count("report") >= 2:
                continue
            out.append(s)
        return out

    # -- hard negatives -------------------------------------------------------------------------
    def hard_case(self, case: str, date: dt.date) -> None:
        rng = self.rng
        if case == "two_provinces":
            kind = rng.choice(("ied", "suicide", "armed"))
            target = rng.choice(("police", "military"))
            killed = rng.randint(2, 12)
            a = self.attack(date, case=case, district=rng.choice(("Quetta", "Kech", "Mastung", "Khuzdar")),
                            kind=kind, target=target, killed=killed)
            b = self.attack(date, case=case, district=rng.choice(("Dera Ismail Khan", "Bannu", "Peshawar",
                                                                  "North Waziristan")),
                            kind=kind, target=target, killed=killed + rng.randint(0, 2))
        elif case == "next_day_same_place":
            district = rng.choice(("Bannu", "North Waziristan", "Dera Ismail Khan", "Quetta", "Khyber", "Lakki Marwat"))
            a = self.attack(date, case=case, district=district, kind="suicide", target="military",
                            killed=rng.randint(8, 30), detail="cantonment")
            b = self.attack(date + dt.timedelta(days=1), case=case, district=district, kind="armed", target="police",
                            killed=1, near=a, detail="checkpost")
        elif case == "quetta_two_ieds":
            ka = rng.randint(1, 4)
            a = self.attack(date, case=case, district="Quetta", kind="ied", killed=ka)
            b = self.attack(date, case=case, district="Quetta", kind="ied", killed=ka * 3 + rng.randint(6, 20),
                            near=a if rng.random() < 0.3 else None)
        elif case == "operation_near_attack":
            district = rng.choice(("North Waziristan", "Bannu", "Lakki Marwat", "Khyber", "Dera Ismail Khan", "Tank"))
            a = self.attack(date, case=case, district=district, kind=rng.choice(("armed", "ied")), target="police",
                            killed=rng.randint(1, 5), group="TTP")
            b = self.attack(date + dt.timedelta(days=rng.choice((0, 1))), case=case, district=district,
                            kind="operation", killed=rng.randint(3, 12), group="TTP",
                            near=a if rng.random() < 0.5 else None)
        else:
            raise ValueError(case)
        self.hard.append((case, a.event, b.event))
        self.tell(a, self.sources(a, lo=2))
        self.tell(b, self.sources(b, lo=2))


def generate(events: int = 3000, *, seed: int = HELD_OUT_SEED, per_day: float = 5.0, hard_share: float = 0.06,
             start: dt.date = dt.date(2019, 1, 1), min_sources: int = 1) -> LabelledSet:
    """A labelled set of about ``events`` attacks (deterministic for a seed): ``per_day`` attacks a day
    over KP and Balochistan on average, ``hard_share`` of them in injected hard-negative pairs, each
    told by ``min_sources`` to three sources."""
    g = _Generator(seed, per_day)
    rng = g.rng
    days = max(1, round(events / per_day))
    pairs = round(events * hard_share / 2)
    plan: list[tuple[int, str | None]] = [(rng.randrange(days - 1), HARD_CASES[k % len(HARD_CASES)])
                                          for k in range(pairs)]
    plan += [(rng.randrange(days), None) for _ in range(events - 2 * pairs)]
    plan.sort(key=lambda p: p[0])
    for day, case in plan:
        date = start + dt.timedelta(days=day)
        if case:
            g.hard_case(case, date)
        else:
            a = g.attack(date)
            g.tell(a, g.sources(a, lo=min_sources))
    return LabelledSet(seed, g.attacks, g.records, g.event_of, g.hard)


def describe(s: LabelledSet) -> dict:
    """Counts of a set: records per dataset, records per attack, hard pairs per case."""
    per_event = Counter(Counter(s.event_of.values()).values())
    return {"seed": s.seed, "attacks": len(s.attacks), "records": len(s.records),
            "by_dataset": {str(k): len(v) for k, v in s.by_dataset().items()},
            "records_per_attack": dict(sorted(per_event.items())), "true_pairs": len(s.true_pairs()),
            "hard_pairs": dict(Counter(c for c, _, _ in s.hard)),
            "busiest_district_per_week": _busiest(s)}


def _busiest(s: LabelledSet) -> dict[str, float]:
    days = (max(a.date for a in s.attacks) - min(a.date for a in s.attacks)).days + 1
    per = Counter(a.district for a in s.attacks)
    return {d: round(n / days * 7, 1) for d, n in per.most_common(5)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=TRAIN_SEEDS[0])
    ap.add_argument("--per-day", type=float, default=5.0)
    args = ap.parse_args()
    print(json.dumps(describe(generate(args.events, seed=args.seed, per_day=args.per_day)), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
