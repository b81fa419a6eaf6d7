"""The incident card has one content (atlas.card.incident_card) and two renderers, Markdown
(atlas.card.card_markdown) and DOM (card() in atlas/fastmap.js, run here under Node with a minimal
document that refuses innerHTML): random cards must read the same in both."""
from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
from urllib.parse import quote

import pytest

from atlas.card import card_markdown, incident_card
from atlas.fastmap import library_js, library_options
from incidents.models import Attribution, Incident, Source

from .conftest import make

NODE_HARNESS = r"""
const fs = require('fs');
class El {
  constructor(tag) { this.tag = tag; this.className = ''; this.kids = []; }
  appendChild(c) { this.kids.push(c); return c; }
  set textContent(t) { this.kids = [{text: String(t)}]; }
  get textContent() { return this.kids.map(k => k.text !== undefined ? k.text : k.textContent).join(''); }
  set innerHTML(v) { throw new Error('the card used innerHTML'); }
  toJSON() { return {tag: this.tag, cls: this.className, href: this.href, target: this.target, rel: this.rel,
                     kids: this.kids}; }
}
global.window = global;
global.document = {createElement: t => new El(t), createTextNode: t => ({text: String(t)})};
global.L = {Layer: {extend: o => o}};
(0, eval)(fs.readFileSync(process.argv[1], 'utf8'));
const [options, cards] = JSON.parse(fs.readFileSync(0, 'utf8'));
window.atlasFast.configure(options);
process.stdout.write(JSON.stringify(cards.map(c => window.atlasFast.card(c))));
"""
PIECES = ["<img src=x onerror=alert(1)>", "</script>", "${alert(2)}", "`x`", "**b**", "[l](javascript:x)",
          "_i_", "# h", "1. ", "- ", "a|b", "\\", "&amp;", "'\"", "Kuchlak", "Quetta", "é—…", "کوئٹہ", " ", "  "]
URLS = [None, "https://dawn.com/a?b=1&c=<2>", "http://x.example/(p) q", "HTTPS://UP.example/", "javascript:alert(1)",
        "urn:incident-atlas:seed:abc", "data:text/html,<b>", "ftp://f.example/", "https://ok.example/%41"]


def js_cards(cards: list[dict]) -> list[dict]:
    """fastmap.js's card() of each card, as a JSON tree of elements and text nodes."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run atlas/fastmap.js's card renderer: apt-get install -y nodejs")
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".js", encoding="utf-8") as fh:
        fh.write(library_js())
        fh.flush()
        out = subprocess.run([node, "-e", NODE_HARNESS, fh.name], input=json.dumps([library_options(), cards]),
                             capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def dom_text(node: dict) -> str:
    if "text" in node:
        return node["text"]
    inner = "".join(dom_text(k) for k in node["kids"])
    return f" {inner} " if node["tag"] in ("div", "ul", "li") else inner


def dom_links(node: dict) -> list[dict]:
    if "text" in node:
        return []
    own = [node] if node["tag"] == "a" else []
    return own + [a for k in node["kids"] for a in dom_links(k)]


def markdown_text(md: str) -> tuple[str, list[str]]:
    """The text a reader sees in card_markdown's output, and its link targets (the card's Markdown
    grammar only: escapes, **bold**, [text](<url>), "- " bullets, and md_escape's invisible word
    joiners, which stop autolinks and are not read)."""
    words, links = [], []
    for line in md.split("\n"):
        if line.startswith("- "):
            line = line[2:]
        i = 0
        while i < len(line):
            if line[i] == "\\":
                words.append(line[i + 1])
                i += 2
            elif line.startswith("**", i):
                i += 2
            elif line.startswith("](<", i):
                j = line.index(">)", i)
                links.append(line[i + 3:j])
                i = j + 2
            elif line[i] in "[\u2060":
                i += 1
            else:
                words.append(line[i])
                i += 1
        words.append(" ")
    return "".join(words), links


def squash(text: str) -> str:
    return " ".join(text.split())


def random_incident(rng: random.Random) -> Incident:
    def text(k: int = 4) -> str:
        return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, k))).strip() or "x"

    def maybe(value):
        return value if rng.random() < 0.6 else None

    lo = maybe(rng.randint(0, 90))
    return make(
        id=maybe(f"t-{text(2)}"), date=dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 4000)),
        date_precision=rng.choice(["day", "month", "year"]), location=text(), district=maybe(text(2)),
        province=maybe(text(2)), province_code=rng.choice([None, "PK-BA", "PK-KP", "PK-XX"]),
        lat=maybe(rng.uniform(24, 37)), lon=rng.uniform(60, 77), geo_precision=rng.choice([None, 1, 2, 3]),
        attack_type=maybe(text(2)), target=maybe(text(2)),
        killed_min=lo, killed_max=rng.choice([None, lo]), killed_text=maybe(text(2)),
        injured_min=maybe(rng.randint(0, 9)), injured_max=None, injured_text=maybe(text(2)),
        attributions=[Attribution(text(2), rng.choice(["claimed", "suspected", "blamed", "denied"]), maybe(text(3)))
                      for _ in range(rng.randint(0, 3))],
        sources=[Source(maybe(text(2)), maybe(text(2)), rng.choice(URLS),
                        maybe(dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 300))))
                 for _ in range(rng.randint(0, 3))],
        summary=maybe(text(8) + "\n\n" + text(4)), flags=[text(2) for _ in range(rng.randint(0, 2))],
        dataset=maybe(text(1)), dataset_event_id=text(1))


@pytest.mark.parametrize("seed", range(5))
def test_markdown_and_popup_renderers_draw_the_same_card(seed):
    rng = random.Random(seed)
    cards = [incident_card(random_incident(rng), summary_chars=rng.choice([None, 40]),
                           more=rng.choice([None, "2 more incident(s) at this spot"])) for _ in range(40)]
    cards.append(incident_card(make(attributions=[], sources=[], summary=None, flags=[], id=None)))
    for card, dom in zip(cards, js_cards(cards), strict=True):
        md_text, md_links = markdown_text(card_markdown(card))
        assert squash(dom_text(dom)) == squash(md_text), card
        links = dom_links(dom)
        assert [quote(a["href"], safe=":/?#[]@!$&'*+,;=%~-._") for a in links] == md_links
        assert all(a["href"].lower().startswith(("http://", "https://")) for a in links)
        assert all(a["target"] == "_blank" and a["rel"] == "noopener noreferrer" for a in links)
        assert [s["link"] for s in card["sources"] if s["link"]] == [a["href"] for a in links]


def test_card_keeps_the_reports_wording_the_whole_ledger_and_safe_links(incident):
    inc = incident.copy(sources=[Source("Dawn", "Blast", "https://www.dawn.com/news/1", dt.date(2024, 3, 3)),
                                 Source(None, None, "urn:incident-atlas:seed:abc", None),
                                 Source("Probe", None, "javascript:alert(1)", None)])
    card = incident_card(inc)
    assert card["killed"] == "at least five (5+)" and card["injured"] == "more than 10 (11+)"
    assert card["ledger"] == [{"group": "ISKP", "status": "suspected", "by": "experts"},
                              {"group": "TTP", "status": "denied", "by": "TTP"}]
    assert card["drawn"].startswith("ISKP ")  # suspected colours; the denial does not
    assert [s["link"] for s in card["sources"]] == ["https://www.dawn.com/news/1", None, None]
    assert [s["note"] for s in card["sources"]] == [None, None, "javascript:alert(1)"]  # shown, not linked
    assert card["sources"][1]["name"] == "bundled seed report abc (data/README.md)"
    assert card["where"] == "Hangu, Hangu district, Khyber Pakhtunkhwa"
    assert incident_card(inc.copy(province=None))["where"].endswith("Khyber Pakhtunkhwa")  # from the ISO code
    province_only = inc.copy(location="Khyber Pakhtunkhwa", district=None)  # GTD specificity 5: once, not twice
    assert incident_card(province_only)["where"] == "Khyber Pakhtunkhwa"
    short = incident_card(inc.copy(summary="word " * 200), summary_chars=50)["summary"]
    assert len(short) <= 51 and short.endswith("…")
    assert "approximate" not in card["location"] and "province only" in incident_card(inc.copy(geo_precision=3))["location"]


def test_a_card_says_when_a_record_is_no_militant_attack():
    """Issue 19: an operation's card names the category and the state; an attack's line is unchanged."""
    import datetime as dt

    from atlas.card import incident_card
    from incidents.models import Incident

    base = dict(date=dt.date(2020, 1, 1), location="Mir Ali", attack_type="Air/drone strike", target="TTP")
    op = incident_card(Incident(**base, category="operation", state_actor="Military Forces of Pakistan"))
    assert op["attack"] == "operation (Military Forces of Pakistan): Air/drone strike on TTP"
    assert incident_card(Incident(**base, category="attack"))["attack"] == "Air/drone strike on TTP"
    assert incident_card(Incident(**base))["attack"] == "Air/drone strike on TTP"  # unknown: as before
    clash = incident_card(Incident(date=dt.date(2020, 2, 17), location="Quetta", attack_type=None,
                                   category="clash", state_actor="Government of Pakistan", opponents=["IS"]))
    assert clash["attack"] == ("clash (Government of Pakistan): type not recorded · against IS (not an attribution)")
    assert clash["drawn"].startswith("unattributed ")  # the opponent is named, never drawn as attributed


def test_a_card_names_a_group_the_registry_lacks_and_an_unknown_attack_type():
    """QA (UCDP GED): the perpetrator kept in the flags is named as written, with no status invented;
    an unknown attack type never reads "not recorded on Civilians"."""
    inc = make(attributions=[], attack_type=None, target="Civilians",
               flags=["unmapped actor: Jaish-ul-Islam", "UCDP where_prec 1"])
    card = incident_card(inc)
    assert card["drawn"] == ("Jaish-ul-Islam (not in the registry) — named by the source, no claim status recorded")
    assert card["attack"] == "type not recorded · target: Civilians"
    assert incident_card(make(attributions=[], attack_type=None, target=None))["attack"] == "type not recorded"
    assert incident_card(make(attributions=[]))["drawn"].startswith("unattributed ")
    assert incident_card(make())["drawn"].startswith("ISKP ")  # a registry group drawn as before
    assert "not in the registry" in card_markdown(card)


def test_a_card_lists_one_article_once_and_names_a_seed_report():
    """QA: an event whose two records cite the same article listed it twice; the seed cards showed
    their raw ``urn:`` address as the source's name."""
    from incidents.models import Source

    pti = Source(outlet="Press Trust of India", title="Blast near Quetta Press Club", url="https://pti.example/1")
    card = incident_card(make(sources=[pti, Source(pti.outlet, pti.title, pti.url),
                                       Source(url="urn:incident-atlas:seed:000_31f16b21a16693e3")]))
    names = [s["name"] for s in card["sources"]]
    assert names == ["Press Trust of India — Blast near Quetta Press Club",
                     "bundled seed report 000_31f16b21a16693e3 (data/README.md)"]
    assert card["sources"][1]["link"] is None  # never a link to a urn


def test_an_events_card_names_the_state_and_whom_it_fought_from_its_records():
    """QA: the 17 Feb 2020 Quetta event (UCDP "Government of Pakistan - IS") read "unattributed" with no
    word of IS; its card now says the state fought IS, which stays no attribution."""
    from atlas.card import event_card
    from incidents.events.event import event_summary
    from incidents.models import Incident

    day = dt.date(2020, 2, 17)
    records = [Incident(id="ucdp-331042", date=day, location="Quetta", category="clash", dataset="UCDP",
                        dataset_event_id="331042", state_actor="Government of Pakistan", opponents=["IS"],
                        killed_min=10, killed_max=10),
               Incident(id="acled-PAK2", date=day, location="Quetta", category="clash", dataset="ACLED",
                        dataset_event_id="PAK2", killed_min=8, killed_max=8)]
    card = event_card(event_summary("ucdp-331042", records), records)
    assert "clash (Government of Pakistan)" in card["attack"] and "against IS (not an attribution)" in card["attack"]
    assert card["ledger"] == [] and card["drawn"].startswith("unattributed ")
