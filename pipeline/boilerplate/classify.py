"""Decide, line by line, which lines of a scraped page are site chrome.

Three passes, from the most certain signal to the most contextual:

1. *Line rules* need nothing but the line and the rest of the document: lines
   with no words, lone counters, breadcrumbs, hashtag lines, repeated lines
   (duplicated titles), lines the user listed as known site chrome, lines
   made entirely of cues ("Teilen Drucken Merken", a one-line menu), bylines
   and publication dates, and cue phrases whose line shape agrees (short, or
   several kinds of cue at once). Table rows are never touched.
2. *The body* is the span from the first to the last line that reads like
   prose (enough words, enough function words of the page's language) and
   carries no cue. Chrome lives around it: menus and bylines above, comment
   forms, related links and footers below. A section header (comments,
   related links, footer) with little prose after it cuts the page there.
3. *Zone rules* act only outside the body: there a cue alone is enough, as
   are runs of short link lines, date lines, the site's name, and short
   fragments between or next to removed chrome.

Every decision names its rule, so the provenance can say why a line went."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

import regex

from pipeline.boilerplate.address import addresses_reader
from pipeline.boilerplate.cues import SECTION_CATEGORIES, find_cues, is_home_word, segment_cues
from pipeline.boilerplate.lines import LineInfo
from pipeline.boilerplate.tags import is_hashtag_line
from pipeline.boilerplate.ticker import keep_entry_times

_CRUMB_SPLIT = regex.compile(r"\s+[»›>→/|·]\s+|\s*[»›→]\s*")
_CRUMB_SEPARATORS = "»›>→/|·"
_STRONG_CRUMB = regex.compile(r"[»›→]")
_DATE_TOKEN = regex.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_NUMERIC_DATE = regex.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}[:h]\d{2}\b")
# Particles inside personal names: "Lotte van Dijk", "Jordi Puig i Ferrer".
_NAME_PARTICLES = frozenset("van der den de del della di da dos du von zu y i e and und et en la le".split())
# Cue categories that describe a line without making it chrome on its own.
_WEAK_CATEGORIES = frozenset({"section", "date"})
_TABLE_ROW = regex.compile(r"^\|.*\|$")
# "Referee: Tim Robinson", "Zuschauer: 30.210 (ausverkauft)", "Calories: 412kcal":
# a label of one to three words, a colon, a value. Facts, not links.
_KEY_VALUE = regex.compile(r"^\p{Lu}[\p{L}'’.-]*(?: [\p{L}'’.-]+){0,2} ?: \S")
# Lines of that form in a row that make a fact box (line-up, referee, venue).
_FACT_BOX = 3
# Previous/next-article links: "← Older post", "Next story →".
_PAGER = regex.compile(r"^\s*[←⟵]|[→⟶]\s*$")
_PAGER_ARROWS = "←⟵→⟶"
_EDGE_CHAR = regex.compile(r"[\p{P}\p{S}\s]")
_CLOSING_MARKS = "\"'”’»)]"
# A photo caption ends with its credit: "The bridge at sunset. (Photo: Getty Images)",
# "... at her home. Photograph: Ana Reyes for the Sentinel". Article prose does not.
_CREDIT_WORD = r"(?:Photo(?:graph)?|Image|Picture|Credit|Foto|Fotografía|Bild|Source)s?(?: [Cc]redit)?\s*:"
_CAPTION_CREDIT = regex.compile(
    r"(?:[(\[]\s*(?i:" + _CREDIT_WORD + r"|(?:photo|foto|image|picture|bild)s?\b)[^()\[\]]{2,80}[)\]]"
    r"|(?:^|[.!?]\s+|\s[—–|]\s*)" + _CREDIT_WORD + r"\s*\p{Lu}[^.!?]{1,80}"
    # "... à Paris, le 19 mars 2024. LUDOVIC MARIN / AFP", "... | ARCHIVES OUEST-FRANCE"
    r"|[.!?]\s+\p{Lu}[\p{Lu}.'’ -]{3,60}\s/\s\p{Lu}[\p{Lu}\p{N}. -]{1,30}"
    # "... | VINCENT MOUCHEL / OUEST-FRANCE": photographer and paper after the bar
    r"|\s\|\s*\p{Lu}[\p{Lu}\p{N}.'’ /-]{3,60})\s*$")


@dataclass(frozen=True, slots=True)
class ClassifierOptions:
    cue_languages: tuple[str, ...]
    known_lines: frozenset[str] = frozenset()  # normalized with `line_key`
    section_tail_share: float = 0.2
    remove_duplicates: bool = True


@dataclass(frozen=True, slots=True)
class Removal:
    number: int
    text: str
    rule: str


def line_key(text: str) -> str:
    """Comparison form of a line: case-folded, single spaces, no edge punctuation."""
    return strip_edge_punct(" ".join(text.casefold().split()))


def strip_edge_punct(text: str) -> str:
    """`text` without punctuation, symbols and spaces at either end. (Walks in
    from both ends: a regular expression for the right end is tried at every
    position of the line.)"""
    start, end = 0, len(text)
    # Letters and digits (`isalnum`, checked without a regular expression)
    # are never punctuation, symbols or spaces; most lines start and end so.
    while start < end and not text[start].isalnum() and _EDGE_CHAR.match(text, start):
        start += 1
    while end > start and not text[end - 1].isalnum() and _EDGE_CHAR.match(text, end - 1):
        end -= 1
    return text[start:end]


# ---------------------------------------------------------------- pass 1


def _breadcrumb(line: LineInfo, others: set[str], langs: tuple[str, ...]) -> bool:
    if line.text.rstrip().endswith((".", "!", "?")):
        return False
    # Without a separator the split is the line itself (a split runs a search).
    parts = _CRUMB_SPLIT.split(line.text) if _contains_any(line.text, _CRUMB_SEPARATORS) else [line.text]
    segments = [s for s in parts if s.strip()]
    if sum(1 for s in segments if _KEY_VALUE.match(s.strip())) >= 2:
        return False  # "Calories: 412kcal | Protein: 14g": a row of data, not a trail
    if len(segments) >= 2 and len(segments[0].split()) <= 3 and all(len(s.split()) <= 20 for s in segments):
        first_is_home = is_home_word(segments[0].strip(), langs)
        if first_is_home or len(segments) >= 3 or _STRONG_CRUMB.search(line.text):
            return True
    return _breadcrumb_before_title(line, others, langs)


def _breadcrumb_before_title(line: LineInfo, others: set[str], langs: tuple[str, ...]) -> bool:
    """"Home Nieuws <title>": a few capitalized navigation words followed by
    a line that also stands on its own elsewhere in the page."""
    parts = line.text.split()
    if not parts or not is_home_word(strip_edge_punct(parts[0]), langs):
        return False
    if 2 <= len(parts) <= 5 and line.stop_ratio == 0 and all(p[:1].isupper() for p in parts):
        return True  # "Home Nieuws Regio": the trail without its title
    for k in range(1, min(5, len(parts) - 3)):
        if not parts[k - 1][:1].isupper():
            return False
        if line_key(" ".join(parts[k:])) in others:
            return True
    return False


def _is_name_byline(line: LineInfo) -> bool:
    """"Par Camille Roux", "By Tom Pearce": after the keyword only names."""
    words = line.text.split()[1:]
    return 1 <= len(words) <= 7 and not line.ends_sentence and all(
        w[:1].isupper() or w.casefold() in _NAME_PARTICLES for w in words
    )


def _line_cue(line: LineInfo, outside_body: bool) -> str | None:
    """The whole line is a cue ("Share", "Leave a Reply", "Reacties (4)").
    A bare section name ("Sport") only counts outside the body."""
    for hit in line.cues:
        if hit.scope != "line":
            continue
        if hit.category not in _WEAK_CATEGORIES or (outside_body and hit.category == "section"):
            return f"cue_{hit.category}"
    return None


def _prefix_cue(line: LineInfo, outside_body: bool) -> str | None:
    """The line starts with a cue: "Lees ook: <link>", "Bron: ANP", "By <name>"."""
    for hit in line.cues:
        if hit.scope != "prefix":
            continue
        if hit.category in ("related", "source_label", "footer", "caption") and line.n_words <= 25:
            return f"cue_{hit.category}"
        # "Mascaro is AP's chief congressional correspondent": below the
        # article an author bio; inside it, a sentence about a reporter
        if hit.category == "bio" and outside_body and line.n_words <= 60:
            return "cue_bio"
        loose_byline = outside_body and line.n_words <= 12 and not line.is_prose
        if hit.category == "byline" and (_is_name_byline(line) or loose_byline):
            return "cue_byline"
    return None


# A quotation with its speaker ('"... accept cookies ...," said Kim van
# Sparrentak'): what someone said in the article, whatever chrome it names.
_ATTRIBUTED_QUOTE = regex.compile(
    r"[\"“”»]\s*(?:[\w.'’-]+\s+){0,4}(said|says|told|added|asked|wrote|explained|according to)\b"
    r"|\b(said|says|told|added|asked|wrote|explained)\s*[,:]?\s*[\"“„«]"
)


def _phrase_cue(line: LineInfo, outside_body: bool) -> str | None:
    """A cue phrase inside the line: enough outside the body; inside it, only
    on a short line that is not a sentence, or with two kinds of cue at once
    unless the line quotes someone saying them (`_ATTRIBUTED_QUOTE`)."""
    phrase = sorted({h.category for h in line.cues if h.scope == "phrase" and h.category not in _WEAK_CATEGORIES})
    if not phrase or line.n_words > 60 or _news_about_cookies(line, phrase):
        return None
    if outside_body or (line.n_words <= 15 and not line.is_prose):
        return f"cue_{phrase[0]}"
    if len(phrase) >= 2 and not (line.is_prose and _ATTRIBUTED_QUOTE.search(line.text)):
        return f"cue_{phrase[0]}"
    return None


# Words from which a line naming cookies can be a headline or a sentence of
# news ("Regulator fines gym chain for forcing users to accept cookies").
_NEWS_MIN_WORDS = 6


def _news_about_cookies(line: LineInfo, phrase: list[str]) -> bool:
    """A cookie phrase ("accept cookies", "política de cookies") in a headline
    or a sentence that does not speak to the reader or as the site: news
    about cookies, not the banner, which says "we", "you" or "this site"
    (`address`). Only the cookie category: calls to subscribe speak in the
    imperative ("Subscribe now for unlimited access"), with no pronoun; and
    only a line that names cookies: "Privacy Notice: Newsletters may contain
    ..." is a label of chrome, whoever it speaks to."""
    return (phrase == ["cookie"] and line.n_words >= _NEWS_MIN_WORDS and "cookie" in line.text.lower()
            and not addresses_reader(line.text))


def _cue_rule(line: LineInfo, outside_body: bool) -> str | None:
    """A cue removes a line only when the line's shape agrees with it."""
    return (
        _line_cue(line, outside_body)
        or _prefix_cue(line, outside_body)
        or _phrase_cue(line, outside_body)
    )


def _segmented_rule(line: LineInfo, langs: tuple[str, ...]) -> str | None:
    """A line made of several cues in a row: share bars, button rows, menus."""
    if line.n_words > 15:
        return None
    segments = segment_cues(line.text, langs, single_spaced=True)
    named = [c for c in segments or [] if c != "counter"]
    if segments is None or len(segments) < 2 or not named:
        return None
    strong = [c for c in named if c not in _WEAK_CATEGORIES]
    return f"cue_{strong[0] if strong else 'navigation'}"


def _is_dateline(line: LineInfo, outside_body: bool) -> bool:
    """Publication dates and times: "14.03.2025, 06:00 Uhr", "Published:
    09:32, 4 April 2025". A bare year is not enough ("Was seit 2024 gilt")."""
    if line.n_words > 12 or line.ends_sentence or line.is_prose:
        return False
    if _NUMERIC_DATE.search(line.text):
        return True
    has_year = bool(_DATE_TOKEN.search(line.text))
    return has_year and "date" in line.cue_categories() and (outside_body or line.n_words <= 8)


def _menu_line(line: LineInfo, langs: tuple[str, ...]) -> bool:
    """A menu printed on one line: no function words, no sentence, and most
    words are navigation or section names on their own."""
    # The text is whitespace-normalized: its parts are its spaces plus one.
    if not 3 <= line.text.count(" ") + 1 <= 12 or line.stop_ratio > 0 or line.ends_sentence:
        return False
    parts = line.text.split()
    hits = sum(1 for part in parts if _is_cue_word(part, langs))
    return hits * 2 >= len(parts)


@lru_cache(maxsize=4096)
def _is_cue_word(part: str, langs: tuple[str, ...]) -> bool:
    # Menu words recur from page to page.
    return bool(find_cues(part, langs))


def _is_pager(text: str) -> bool:
    # Searching for the right-hand arrow tries every position of the line:
    # only lines with an arrow are searched.
    return _contains_any(text, _PAGER_ARROWS) and _PAGER.search(text) is not None


def _may_end_in_credit(text: str) -> bool:
    """What `_CAPTION_CREDIT` needs, tested with string methods first: the
    regular expression, anchored at the end, is tried at every position."""
    end = text[-90:]
    return ":" in text or end.endswith((")", "]")) or " / " in end or "|" in end


def _contains_any(text: str, chars: str) -> bool:
    for char in chars:
        if char in text:
            return True
    return False


def _line_rule(line: LineInfo, key: str, others: set[str], opts: ClassifierOptions) -> str | None:
    if key in opts.known_lines:
        return "known_site_line"
    if line.text.startswith("|") and _TABLE_ROW.match(line.text):
        return None  # "| 2024 | 5.4 |", "|---|---|": trafilatura's tables are content
    if not line.has_word_chars:
        return "no_words"
    if line.is_number_only:
        return "counter"
    if is_hashtag_line(line.text):
        return "hashtags"
    if _breadcrumb(line, others, opts.cue_languages):
        return "breadcrumb"
    if _is_pager(line.text):
        return "pager"
    if line.n_words <= 45 and _may_end_in_credit(line.text) and _CAPTION_CREDIT.search(line.text):
        return "caption_credit"
    rule = _cue_rule(line, outside_body=False) or _segmented_rule(line, opts.cue_languages)
    if rule is None and _menu_line(line, opts.cue_languages):
        rule = "menu_line"
    return rule or ("dateline" if _is_dateline(line, outside_body=False) else None)


def first_pass(lines: list[LineInfo], opts: ClassifierOptions, keys: list[str]) -> dict[int, Removal]:
    """`keys`: `line_key` of each line."""
    removed: dict[int, Removal] = {}
    # A breadcrumb's title part is a proper suffix of it, never the line
    # itself, so the set of all keys serves as "the other lines".
    titles = {k for k in keys if len(k.split()) >= 3}
    seen: set[str] = set()
    for i, line in enumerate(lines):
        rule = _line_rule(line, keys[i], titles, opts)
        if rule is None and opts.remove_duplicates and keys[i] and keys[i] in seen and not _short_reply(line):
            rule = "duplicate_line"
        if rule is not None:
            removed[i] = Removal(line.number, line.text, rule)
        else:
            seen.add(keys[i])
    return removed


def _short_reply(line: LineInfo) -> bool:
    """"No.", "Why?", "Not yet!", "KWONG:", "Q:": a repeated title or teaser
    goes as a duplicate, a repeated short reply (one answer to two questions
    of an interview) or speaker label (of a transcript) is the article's."""
    return line.n_words <= 3 and line.text.rstrip(_CLOSING_MARKS)[-1:] in (".", "!", "?", "…", ":")


# ---------------------------------------------------------------- pass 2


def _is_anchor(line: LineInfo) -> bool:
    return line.is_prose and not (line.cue_categories() - _WEAK_CATEGORIES)


def body_span(lines: list[LineInfo], removed: dict[int, Removal]) -> tuple[int, int] | None:
    """First and last index of the article body: prose lines without chrome
    cues that are long or have prose next to them. A lone teaser sentence
    above the byline does not open the body; two paragraphs in a row do."""
    kept = [i for i in range(len(lines)) if i not in removed]
    prose = {i for i in kept if _is_anchor(lines[i])}
    strong = []
    for k, i in enumerate(kept):
        if i not in prose:
            continue
        neighbours = kept[max(0, k - 1) : k] + kept[k + 1 : k + 2]
        if lines[i].n_words >= 30 or any(j in prose for j in neighbours):
            strong.append(i)
    anchors = strong or sorted(prose)
    if not anchors:
        return None
    # The opening paragraphs above the first anchor are the body's too when
    # they read as prose: a lede that mentions "your inbox" or "accept all
    # cookies" is judged by the body's rules (a cue phrase alone is not enough;
    # the first pass has already removed what those rules remove).
    k = kept.index(anchors[0])
    while k > 0 and lines[kept[k - 1]].is_prose:
        k -= 1
    return kept[k], _extend_body_end(lines, kept, prose, anchors[-1])


# Words of a paragraph that continues the body after a box of removed lines
# ("Veja também" and its link) without prose next to it: a sentence of chrome
# left by the rules is shorter ("Get unlimited access for $1 a week.").
_PARAGRAPH_AFTER_BOX = 20


def _extend_body_end(lines: list[LineInfo], kept: list[int], prose: set[int], end: int) -> int:
    """The body goes on past a list to a paragraph after it ("How to protect
    yourself:", three bullet points, "Anyone who thinks they have been
    scammed should call their bank."): a short last paragraph there has no
    prose next to it, so it was no anchor, and a paragraph above the list
    that mentions a newsletter was judged as tail. Likewise past a box of
    removed lines inside the article and up to two subheadings, to a
    paragraph long enough not to be a leftover of chrome, or over a fact box
    (`_fact_box`), which ends a match report with no paragraph after it."""
    seen_list, headings = False, 0
    after = kept[kept.index(end) + 1 :]
    for k, j in enumerate(after):
        if j <= end:
            continue  # inside a fact box already taken
        box = _fact_box(lines, islice(after, k, None))  # no copy of the tail per line
        if box:
            end, seen_list, headings = box, False, 0
            continue
        line = lines[j]
        if j in prose and (seen_list or line.n_words >= _PARAGRAPH_AFTER_BOX):
            end, seen_list, headings = j, False, 0
        elif line.is_list_item:
            seen_list = True
        elif line.is_prose or line.text.rstrip().endswith(":"):
            continue
        elif line.n_words <= 6 and not line.ends_sentence and headings < 2:
            headings += 1  # a subheading ("Previsão do tempo") before the paragraph
        else:
            break
    return end


def _fact_box(lines: list[LineInfo], following: Iterable[int]) -> int | None:
    """Last index of a fact box that starts at the first of `following`: at least
    `_FACT_BOX` "Label: value" lines in a row (a match report's line-ups,
    scorers, referee and attendance; a recipe's nutrition). Menus and link
    lists have no labels, and the chrome that does ("Tags:", "Quelle:",
    "Stand: 12.04.2024") is gone after the first pass or carries a cue
    ("Comments: (12)")."""
    run = []
    for j in following:
        line = lines[j]
        if line.n_words > 40 or not _KEY_VALUE.match(line.text) or line.cue_categories() - _WEAK_CATEGORIES:
            break
        run.append(j)
    return run[-1] if len(run) >= _FACT_BOX else None


# ---------------------------------------------------------------- pass 3


def _section_cut(lines: list[LineInfo], removed: dict[int, Removal], opts: ClassifierOptions) -> int | None:
    """Index of the first section header (comments, related, footer) after
    which little prose remains: everything from there on is that section."""
    prose = [line.chars if (i not in removed and line.is_prose) else 0 for i, line in enumerate(lines)]
    total = sum(prose)
    if total == 0:
        return None
    after = total
    kept = [i for i in range(len(lines)) if i not in removed]
    for i, line in enumerate(lines):
        after -= prose[i]
        headers = line.cue_categories("line") & SECTION_CATEGORIES if line.cues else None
        if not headers or after > opts.section_tail_share * total or i == 0:
            continue
        # A content heading ("More questions") is followed by its paragraph,
        # or by a list and then the article's prose again ("More features",
        # three bullet points, "Analysts were sceptical..."); a comments or
        # related-links header by names, forms or link titles.
        following = next((j for j in kept if j > i), None)
        if following is not None and lines[following].is_list_item:
            following = next((j for j in kept if j > following and not lines[j].is_list_item), None)
            if following is not None and not _is_anchor(lines[following]):
                return i
        if following is not None and _box_inside_article(lines, kept, following):
            continue
        if following is None or not lines[following].is_prose:
            return i
    return None


def _related_links(lines: list[LineInfo], removed: dict[int, Removal]) -> None:
    """The headline a "Lesen Sie auch" / "À lire aussi" / "Veja também"
    header points at: the line right after it, when it reads as a headline
    (at most 20 words, no statement's end; a question may be one). A list
    after such a header is left to the other rules: a content heading ("More
    features") is followed by one too."""
    for i in sorted(removed):
        following = i + 1
        if (removed[i].rule != "cue_related" or following >= len(lines) or following in removed
                or "related" not in lines[i].cue_categories("line")):
            continue
        line = lines[following]
        if line.n_words <= 20 and not _ends_statement(line.text) and not line.is_list_item:
            removed[following] = Removal(line.number, line.text, "related_link")


def _box_inside_article(lines: list[LineInfo], kept: list[int], following: int) -> bool:
    """A "Veja também" / "Lesen Sie auch" box inside the article: one or two
    headlines (or a headline and a subheading) after the header, then a full
    paragraph of the article again. A related-links section at the page's end
    goes on with more headlines or chrome instead."""
    k = kept.index(following)
    for j in kept[k : k + 3]:
        line = lines[j]
        if _is_anchor(line) and line.n_words >= _PARAGRAPH_AFTER_BOX:
            return j != following
        if line.ends_sentence or line.n_words > 20 or line.is_list_item:
            return False
    return False


def _link_runs(lines: list[LineInfo], zone: list[int], removed: dict[int, Removal]) -> set[int]:
    """Menus, tag clouds, related-link lists: runs of three or more adjacent
    lines that are short and not sentences, or already removed, in which
    three short lines are still kept or two kept ones stand side by side (a
    lone kicker between removed lines is not a menu). Counting removed lines
    in the run makes the rule give the same answer on its own output."""
    def short(i: int) -> bool:
        line = lines[i]
        return line.n_words <= 4 and not line.ends_sentence and not line.is_list_item

    runs: list[list[int]] = []
    for i in zone:
        if i in removed or short(i):
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
    found: set[int] = set()
    for run in runs:
        kept = [i for i in run if i not in removed]
        side_by_side = any(b == a + 1 for a, b in zip(kept, kept[1:]))
        if len(run) >= 3 and (len(kept) >= 3 or side_by_side):
            found.update(kept)
    return found


def _zone_rules(lines: list[LineInfo], zone: list[int], removed: dict[int, Removal]) -> None:
    for i in zone:
        if i in removed:
            continue
        line = lines[i]
        rule = _cue_rule(line, outside_body=True) or ("dateline" if _is_dateline(line, outside_body=True) else None)
        if rule:
            removed[i] = Removal(line.number, line.text, rule)
    for i in _link_runs(lines, zone, removed):
        removed[i] = Removal(lines[i].number, lines[i].text, "link_list")


def _ends_statement(text: str) -> bool:
    """Ends with a full stop or an exclamation mark, maybe inside quotes."""
    return text.rstrip(_CLOSING_MARKS)[-1:] in (".", "!", "…")


def _tail_fragments(lines: list[LineInfo], tail: list[int], removed: dict[int, Removal]) -> None:
    """Below the body, short non-prose lines next to removed chrome are part
    of it (form labels, author boxes, "Nieuwsbron"-style labels). A short
    statement right after a kept paragraph, or after another such line
    ("Not bad." / "Just not enough."), is the article's last word: it stays.
    Not a question or a label: calls to act end so ("Did you make this
    recipe?", "Beitrag teilen:")."""
    last_words: set[int] = set()
    for i in tail:
        before = lines[i - 1] if i else None
        if (i not in removed and _ends_statement(lines[i].text) and lines[i].n_words <= 8 and before is not None
                and (i - 1) not in removed and (before.is_prose or (i - 1) in last_words)):
            last_words.add(i)
    changed = True
    while changed:
        changed = False
        for i in tail:
            line = lines[i]
            if i in removed or line.is_prose or line.n_words > 8 or line.is_list_item or i in last_words:
                continue
            if (i - 1) in removed or (i + 1) in removed:
                removed[i] = Removal(lines[i].number, lines[i].text, "tail_fragment")
                changed = True


def _body_headings(lines: list[LineInfo], removed: dict[int, Removal], start: int, end: int) -> None:
    """Inside the body, a line of one to three words that only a footer cue
    removed, with kept prose right before and after it, is a subheading of
    the article ("Privacy", "Careers" in a story about an app): footer links
    come in rows below the article, not one by one between its paragraphs.
    Ad labels and share buttons do stand alone there, so only footer cues."""
    for i in range(start + 1, end):
        removal = removed.get(i)
        if removal is None or removal.rule != "cue_footer" or lines[i].n_words > 3:
            continue
        if (i - 1) not in removed and (i + 1) not in removed and _is_anchor(lines[i - 1]) and _is_anchor(lines[i + 1]):
            del removed[i]


def _head_fragments(lines: list[LineInfo], head: list[int], removed: dict[int, Removal], keys: list[str]) -> None:
    """Above the body, a name-like scrap between two removed lines ("By" /
    "Admin" / "-") belongs to them. Titles are longer, and a line the page
    repeats is a title even when short, so both are left alone."""
    counts = Counter(keys)
    for i in head:
        line = lines[i]
        if i in removed or line.n_words > 3 or line.stop_ratio > 0 or line.ends_sentence or line.is_list_item:
            continue
        if (i - 1) in removed and (i + 1) in removed and counts[keys[i]] == 1:
            removed[i] = Removal(line.number, line.text, "head_fragment")


def _site_names(lines: list[LineInfo], head: list[int], removed: dict[int, Removal], keys: list[str]) -> None:
    """A short line above the body whose words recur inside removed chrome
    ("Circuit Notes" ... "© 2025 Circuit Notes. All rights reserved.") is
    the site's name in the masthead."""
    sources = [keys[i] for i, r in removed.items() if r.rule not in ("breadcrumb", "duplicate_line")]
    for i in head:
        line = lines[i]
        if i in removed or line.n_words > 4 or line.is_prose:
            continue
        key = keys[i]
        # The key as a substring first: compiling the whole-word pattern
        # costs more than the rest of the rule.
        containing = [source for source in sources if source != key and key in source] if key else []
        pattern = regex.compile(rf"(?<!\w){regex.escape(key)}(?!\w)") if containing else None
        if pattern and any(pattern.search(source) for source in containing):
            removed[i] = Removal(line.number, line.text, "site_name")


def classify_lines(lines: list[LineInfo], opts: ClassifierOptions) -> dict[int, Removal]:
    """Removals keyed by index into `lines`."""
    # `line_key` of each line; a line's text is whitespace-normalized already,
    # and case folding never makes or removes whitespace (checked for every
    # code point in the tests), so folding it is enough.
    keys = [strip_edge_punct(line.text.casefold()) for line in lines]
    removed = first_pass(lines, opts, keys)
    cut = _section_cut(lines, removed, opts)
    if cut is not None:
        for i in range(cut, len(lines)):
            removed.setdefault(i, Removal(lines[i].number, lines[i].text, "section_to_end"))
    _related_links(lines, removed)
    span = body_span(lines, removed)
    if span is None:
        keep_entry_times(lines, removed)
        return removed
    start, end = span
    _body_headings(lines, removed, start, end)
    head = list(range(0, start))
    tail = list(range(end + 1, len(lines)))
    _zone_rules(lines, head, removed)
    _zone_rules(lines, tail, removed)
    _site_names(lines, head, removed, keys)
    _head_fragments(lines, head, removed, keys)
    if any(i in removed for i in tail):
        _tail_fragments(lines, tail, removed)
    keep_entry_times(lines, removed)
    return removed
