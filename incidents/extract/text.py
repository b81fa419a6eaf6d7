"""Report text: HTML stripping, normalisation, language check and sentence splitting.

Everything downstream works on :class:`Document` — the cleaned text cut into :class:`Sentence` objects
that remember their paragraph and whether they are page furniture (a header line, a glossary entry).
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["Document", "Sentence", "clean_report", "looks_like_html", "strip_html", "normalise", "unwrap",
           "english_reason", "split_sentences"]

_HTML_HINT = re.compile(r"<\s*(?:!doctype|html|head|body|p|div|br|span|article|section|h[1-6]|meta|title|a\s)"
                        r"[^>]*>", re.I)
_SKIP_TAGS = {"script", "style", "noscript", "nav", "footer", "aside", "form", "svg", "iframe", "button",
              "select", "template", "figure", "figcaption", "menu"}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "article",
               "section", "header", "tr", "table", "blockquote", "pre", "dd", "dt", "hr", "main", "time"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "wbr", "source", "area", "base", "col", "embed",
              "param", "track"}


@dataclass
class HtmlMeta:
    """What the <head> of a news page says about the article."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


class _Stripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta = HtmlMeta()
        self._skip = 0
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            content = a.get("content", "").strip()
            if content:
                if key in ("og:title", "twitter:title") and not self.meta.title:
                    self.meta.title = content
                elif key in ("og:site_name", "application-name") and not self.meta.outlet:
                    self.meta.outlet = content
                elif key in ("article:published_time", "datepublished", "date", "pubdate",
                             "publish-date", "dc.date", "dc.date.issued", "og:published_time") \
                        and not self.meta.published:
                    self.meta.published = content
                elif key == "og:url" and not self.meta.url:
                    self.meta.url = content
            return
        if tag == "time" and a.get("datetime") and not self.meta.published:
            self.meta.published = a["datetime"]
        if tag in _SKIP_TAGS:
            if tag not in _VOID_TAGS:
                self._skip += 1
            return
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
            return
        if not self._skip:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """True when the text is (part of) an HTML page rather than plain copy."""
    head = text[:20_000]
    return len(_HTML_HINT.findall(head)) >= 2 or bool(re.match(r"\s*<(?:!doctype|html)", head, re.I))


def strip_html(text: str) -> tuple[str, HtmlMeta]:
    """Visible article text of an HTML page (scripts, styles, navigation dropped) and its head metadata."""
    p = _Stripper()
    try:
        p.feed(text)
        p.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; a broken page still gives its text
        pass
    if not p.meta.title and p._title:
        p.meta.title = " ".join("".join(p._title).split()) or None
    # Paragraphs: collapse whitespace inside, keep blank lines between blocks.
    raw = "".join(p.parts)
    lines = [" ".join(line.split()) for line in raw.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return out, p.meta


_TRANSLATE = {
    ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201b"): "'", ord("\u02bc"): "'", ord("\u2032"): "'",
    ord("\u201c"): '"', ord("\u201d"): '"', ord("\u201e"): '"', ord("\u00a0"): " ", ord("\u2009"): " ",
    ord("\u200b"): None, ord("\ufeff"): None, ord("\u00ad"): None, ord("\r"): None, ord("\t"): " ",
    ord("\u2010"): "-", ord("\u2011"): "-", ord("\u2212"): "-",
}


#: Control characters, less the tab and the newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]+")


def normalise(text: str) -> str:
    """Straight quotes, plain spaces, no control characters; newlines kept (they separate paragraphs)."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = _CONTROL.sub("", text)
    text = re.sub(r"[ \f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return text.strip()


_ENGLISH_WORDS = frozenset(
    "the of and in to was were is are for on that by with at has have had from said it as an be "
    "been this which their they he she his who after police killed injured attack".split())
_FOREIGN_WORDS = frozenset(
    "le la les des du une et dans selon pour mais au aux est été sur qui pas "  # French
    "el los las del y por con una para según "  # Spanish
    "der die das und ist mit von den im bei nicht ein eine "  # German
    "il della di che per sono nel".split())  # Italian


_NON_LETTERS = re.compile(r"[\W\d_]+")  # all but any script's letters (as str.isalpha counts them)
_NON_LATIN = re.compile(r"[^A-Za-z]+")
_LATIN = re.compile(r"[A-Za-z]")


def english_reason(text: str) -> str | None:
    """None when the text reads as English; otherwise why not."""
    sample = text[:50_000]
    if sample.isascii():  # every letter Latin: only whether there is one
        if not _LATIN.search(sample):
            return "no words in the text"
    else:
        letters = len(_NON_LETTERS.sub("", sample))
        if letters == 0:
            return "no words in the text"
        if len(_NON_LATIN.sub("", sample)) / letters < 0.7:
            return "text does not look like English (mostly non-Latin script)"
    words = re.findall(r"[a-z]+", sample.lower())
    if len(words) >= 12:
        share = sum(1 for w in words if w in _ENGLISH_WORDS) / len(words)
        foreign = sum(1 for w in words if w in _FOREIGN_WORDS) / len(words)
        if share < 0.06 or foreign > share:
            return "text does not look like English"
    elif words and not any(w in _ENGLISH_WORDS or w.endswith("s") for w in words):
        pass  # a headline: too short to judge, let the extractor decide
    return None


# -- sentences ---------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen lt col maj capt sgt cpl brig insp supt dsp asp ssp sho no nos vol fig rev prof "
    "jan feb mar apr jun jul aug sep sept oct nov dec govt dept approx est inc ltd co corp vs etc "
    "jr sr gov sen rep mt ft km kms hon".split())
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")
_GLOSSARY_HEAD = re.compile(r"^(?:definitions|glossary|key terms|abbreviations|who'?s who|also read|"
                            r"read more|related(?: stories| articles| news| content)?|more from \w+|"
                            r"recommended|trending|most read|you may also like|more stories)\s*:?\s*$", re.I)
_LINK_LINE = re.compile(r"^(?:also read|read more|read also|related|see also|watch|listen)\s*[:|-]", re.I)
_BULLET_DEF = re.compile(r"^[-–—•*]\s*[^:]{2,80}:\s")
_HEADER_LINE = re.compile(r"\|.*\|", re.S)
_META_LINE = re.compile(r"^\s*(?:by\s+[A-Z][\w.' -]{1,60}$|(?:published|updated|posted|created|last updated|"
                        r"first published|date)\b[^a-z]{0,40}$)", re.I)


@dataclass
class Sentence:
    """One sentence of the cleaned report: its text, offsets and paragraph."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int
    kind: str = "body"  # body | title | header | glossary
    first_in_paragraph: bool = False


@dataclass
class Document:
    """A cleaned report cut into sentences."""

    text: str
    sentences: list[Sentence] = field(default_factory=list)
    html: HtmlMeta | None = None
    title: str | None = None


#: A "sentence" longer than this is cut at a space: real sentences are far shorter, and the patterns'
#: cost grows with sentence length.
MAX_SENTENCE = 600


def _cap(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out = []
    for a, b in spans:
        while b - a > MAX_SENTENCE:
            cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
            cut = cut if cut > a else a + MAX_SENTENCE
            out.append((a, cut))
            a = cut + 1 if text[cut:cut + 1] == " " else cut
        if b > a:
            out.append((a, b))
    return out


def _split_paragraph(par: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(par):
        end = m.end()
        # the word before the stop: an abbreviation or an initial does not end a sentence
        before = par[start:m.start()]
        word = re.search(r"([A-Za-z]+)$", before)
        if m.group(0).startswith(".") and word:
            w = word.group(1)
            if w.lower() in _ABBREVIATIONS or (len(w) == 1 and w.isupper()):
                continue
        if end - start >= 2:
            spans.append((offset + start, offset + end))
        start = end
        while start < len(par) and par[start] == " ":
            start += 1
    if start < len(par) and par[start:].strip():
        spans.append((offset + start, offset + len(par)))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Cut cleaned text into sentences; each line is a paragraph (wire copy puts one per line)."""
    out: list[Sentence] = []
    pos = 0
    paragraph = 0
    in_glossary = False
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        if _GLOSSARY_HEAD.match(stripped):
            in_glossary = True
        elif in_glossary and len(stripped) > 200 and not _BULLET_DEF.match(stripped) and paragraph > 0:
            in_glossary = False  # a long plain paragraph after the glossary: back in a story
        if in_glossary or _LINK_LINE.match(stripped):
            kind = "glossary"
        elif _BULLET_DEF.match(stripped):
            kind = "glossary"
        elif _HEADER_LINE.search(stripped) or _META_LINE.match(stripped):
            kind = "header"
        else:
            kind = "body"
        spans = [(line_start + lead, line_start + len(line))] if kind != "body" else \
            _split_paragraph(line[lead:], line_start + lead)
        spans = _cap(spans, text)
        for n, (a, b) in enumerate(spans):
            out.append(Sentence(len(out), text[a:b].strip(), a, b, paragraph, kind, n == 0))
        paragraph += 1
    return out


_WRAPPED = re.compile(r"(?<=[^\s.!?:;\"')\]|])\n(?=[a-z0-9(])")


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (PDF or e-mail copies): a line that stops mid-sentence and a next line
    that starts in lower case are one paragraph."""
    return _WRAPPED.sub(" ", text)


def _title_of(sentences: list[Sentence]) -> str | None:
    """The headline: a short first paragraph without a full stop."""
    for s in sentences[:3]:
        if s.kind != "body":
            continue
        words = s.text.split()
        if (s.first_in_paragraph and 2 <= len(words) <= 20 and not s.text.rstrip().endswith((".", "?", "!", '"'))
                and not re.match(r"^(?:date|published|updated)\b", s.text, re.I)):
            nxt = [t for t in sentences if t.paragraph == s.paragraph]
            if len(nxt) == 1:
                return s.text
        break
    return None


def _mark_deck(sentences: list[Sentence]) -> None:
    """The deck under a headline ("Separatist group claims one of the attacks, Levies vehicle hit in Mastung"): a
    short paragraph of one unfinished sentence right after it, read like the headline, not as the story's lead."""
    at = next((k for k, s in enumerate(sentences) if s.kind == "title"), None)
    if at is None:
        return
    nxt = next((s for s in sentences[at + 1:] if s.kind in ("body", "header")), None)
    if nxt is None or nxt.kind != "body" or sum(1 for s in sentences if s.paragraph == nxt.paragraph) != 1:
        return
    words = nxt.text.split()
    if 4 <= len(words) <= 35 and not nxt.text.rstrip().endswith((".", "?", "!", '"', "\u201d", ":")) and \
            any(s.kind == "body" for s in sentences if s.paragraph > nxt.paragraph):
        nxt.kind = "deck"


def clean_report(raw: str, max_chars: int | None = None) -> Document:
    """HTML stripped (when it is a page), text normalised, sentences split, headline spotted.

    Text longer than ``max_chars`` after cleaning is returned unsplit (no sentences).
    """
    meta = None
    if looks_like_html(raw):
        raw, meta = strip_html(raw)
    else:
        raw = html.unescape(raw) if "&" in raw and re.search(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", raw, re.I) else raw
    text = unwrap(normalise(raw))
    if max_chars is not None and len(text) > max_chars:
        return Document(text=text, html=meta)
    doc = Document(text=text, sentences=split_sentences(text), html=meta)
    doc.title = (meta.title if meta and meta.title else None) or _title_of(doc.sentences)
    if doc.title:
        for s in doc.sentences:
            if s.kind == "body" and s.text == doc.title:
                s.kind = "title"
                break
        _mark_deck(doc.sentences)
        if not any(s.kind == "body" for s in doc.sentences):  # only a headline: read it as the story
            for s in doc.sentences:
                if s.kind == "title":
                    s.kind = "body"
    return doc
