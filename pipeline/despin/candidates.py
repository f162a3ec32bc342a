"""What each span of a paragraph could originally have been: the lattice.

Every word keeps itself as an option ("keep" arcs). The lexicon layer adds
arcs for known spun phrases; the WordNet layer adds, for each content word,
the words of whose main synonym sets it is a member (a context-blind spinner
picked it from exactly such a set), re-inflected to the word's form.

Costs are in log10 units, like the language-model scores they compete with:
a WordNet arc must earn about `wordnet_cost` orders of magnitude of
plausibility before it wins; a strong lexicon form gets a bonus because the
spun form itself is almost never original English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple
from functools import lru_cache
from itertools import compress, pairwise
from operator import itemgetter, methodcaller, not_

from pipeline.despin.compiled import typed_or
from pipeline.despin.language_model import BigramModel
from pipeline.despin.lexicon import SpinLexicon
from pipeline.despin.tokens import Token, Words
from pipeline.despin.wordnet_data import WordNet, analyses, inflections

# Closed-class words: a thesaurus spinner rarely touches them and WordNet
# synonyms for them ("in" -> "inch") are noise.
FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet for of in on at to by with from into onto upon about above
    below over under between among through during before after since until while as than that
    this these those there here what which who whom whose when where why how whether if then
    is are was were be been being am have has had having do does did doing will would shall
    should can could may might must not no i me my mine we us our ours you your yours he him
    his she her hers it its they them their theirs one ones all any both each either neither
    every some such same other another more most less least many much few very also too just
    only even still again ever never now up down out off s t re ve ll d""".split()
)


# British and American spellings of one word ("programme"/"program",
# "organising"/"organizing", "harbour"/"harbor", "travelled"/"traveled").
# WordNet lists both in one synset, but a thesaurus spinner does not offer a
# spelling as a synonym, and "restoring" one would Americanise clean British
# text: such pairs are never candidates.
_SPELLING_RULES = [(re.compile(pattern), repl) for pattern, repl in (
    (r"is(e|es|ed|ing|ation|ations)$", r"iz\1"), (r"ys(e|es|ed|ing)$", r"yz\1"), (r"(?<=..)our", "or"),
    (r"tre(s?)$", r"ter\1"), (r"mme(s?)$", r"m\1"), (r"ogue(s?)$", r"og\1"), (r"ence(s?)$", r"ense\1"),
    (r"ll(ed|ing|er|ers)$", r"l\1"), (r"ae", "e"), (r"oe", "e"))]


@lru_cache(maxsize=100_000)
def spelling_key(word: str) -> str:
    for pattern, repl in _SPELLING_RULES:
        word = pattern.sub(repl, word)
    return word


def spelling_variants(a: str, b: str) -> bool:
    # the rules never touch the first three letters: a cheap test first, as
    # this runs for every WordNet candidate of every new word
    return (a[:3] == b[:3] and a != b and abs(len(a) - len(b)) <= 3
            and spelling_key(a) == spelling_key(b))


class Arc(NamedTuple):
    """A lattice edge: tokens[start:end] read as `words`."""

    start: int
    end: int
    words: tuple[str, ...]
    layer: str
    cost: float
    strong: bool = False


@dataclass(frozen=True, slots=True)
class LatticeCosts:
    strong_bonus: float = 3.0
    rank_step: float = 3.0
    wordnet_cost: float = 1.5
    #: a thesaurus files a word under its main sense: originals are words whose
    #: most frequent sense holds the written word (measured: rank 2 adds noise)
    wordnet_max_sense_rank: int = 1
    wordnet_min_count: int = 2_000_000
    wordnet_max_candidates: int = 6


class WordNetCandidates:
    """Likely originals of a word under a WordNet-synonym spinner.

    With `tables` (from `pipeline.despin.tables.wordnet_tables`, precomputed
    for every word form WordNet knows) a lookup is one dict access and the
    WordNet database itself is not needed; without, they are derived from
    `wn` per word and cached (how the tables are built)."""

    def __init__(self, wn: WordNet | None, lm: BigramModel, costs: LatticeCosts, tables: dict | None = None):
        self.wn, self.lm, self.costs = wn, lm, costs
        self.logp = lm.logp
        #: (word, previous word) -> what `logp` gives, as a mapping (a
        #: subscript instead of a call); a repairer sets both to its decoder's
        #: memo of scores, None means: call `logp`
        self.memo: dict | None = None
        #: candidate -> its words (one split per candidate, not per use)
        self.split: dict[str, tuple[str, ...]] = {}
        if tables is not None:
            self.table: dict[str, tuple[str, ...]] | None = tables["candidates"]
            #: first words of multi-word lemmas: two-word spans are looked up only after one
            self.multiword_heads = frozenset(tables["multiword_heads"])
            self.lookup = self._from_table
            #: words that can begin a WordNet arc at all (content words with
            #: originals, or first words of two-word lemmas): the rest need no look
            if "start_words" not in tables:  # shared by every repairer using these tables
                tables["start_words"] = frozenset(
                    w for w in (*self.table, *self.multiword_heads)
                    if " " not in w and len(w) >= 3 and w.isalpha() and w not in FUNCTION_WORDS)
            self.start_words: frozenset[str] | None = tables["start_words"]
        else:
            if wn is None:
                raise ValueError("WordNetCandidates needs WordNet or its precomputed tables")
            self.table = None
            self.multiword_heads = frozenset(lemma.split()[0] for lemma, _ in wn.senses if " " in lemma)
            self.lookup = lru_cache(maxsize=200_000)(self._compute)
            self.start_words = None
        #: (synset, pos) -> members a thesaurus would file under it
        self.synset_members: dict[tuple[str, str], tuple[str, ...]] = {}
        #: (written words, previous word, next word) -> candidates that fit there
        #: (a one-word span's key holds the word itself, not a tuple)
        self.fits: dict[tuple, tuple[tuple[str, ...], ...]] = {}
        #: word -> its one-word candidates, split (what `_fitting_one` tries)
        self.singles: dict[str, tuple[tuple[str, ...], ...]] = {}
        #: the typed decoder's `fitting_one` (the same pruning over its arrays),
        #: set by a repairer that has one; None: `_fitting_one` scores through `memo`
        self.fitting = None

    def _from_table(self, word: str) -> tuple[str, ...]:
        return self.table.get(word, ())  # type: ignore[union-attr]

    def _compute(self, word: str) -> tuple[str, ...]:
        found: dict[str, int] = {}
        if " " in word and not any(self.wn.has(word, pos) for pos in "nvar") and not word.endswith("s"):
            return ()
        counts = self.lm.unigrams
        for lemma, pos, form in analyses(self.wn, word):
            for synset in self.wn.senses.get((lemma, pos), ()):
                for other in self._originals(synset, pos):
                    if other == lemma or spelling_variants(other, lemma):
                        continue  # (inflections of a spelling variant are variants too)
                    for variant in inflections(self.wn, other, pos, form):
                        count = counts.get(variant.rsplit(" ", 1)[-1])
                        if count and variant != word:
                            found[variant] = max(found.get(variant, 0), count)
        ranked = sorted(found, key=lambda w: (-found[w], w))
        return tuple(ranked[: self.costs.wordnet_max_candidates])

    def _originals(self, synset: str, pos: str) -> tuple[str, ...]:
        """Members of a synset that a thesaurus would file under it: their
        main sense is this synset, they are common words, not names. Many
        words share synsets, so this is worked out once per synset (WordNet
        has 117,659: the cache is bounded by the data, not by the input)."""
        key = (synset, pos)
        members = self.synset_members.get(key)
        if members is None:
            members = self.synset_members[key] = self._filter_members(synset, pos)
        return members

    def _filter_members(self, synset: str, pos: str) -> tuple[str, ...]:
        counts, floor = self.lm.unigrams, self.costs.wordnet_min_count
        out = []
        rank = self.costs.wordnet_max_sense_rank
        for other in self.wn.synsets.get(synset, ()):
            # cheapest test first: most members are rare words
            if " " in other:
                parts = other.split()
                if len(parts) > 2 or counts.get(parts[0], 0) < floor or counts.get(parts[1], 0) < floor:
                    continue
            elif counts.get(other, 0) < floor:
                continue
            if other in self.wn.proper:
                continue
            senses = self.wn.senses.get((other, pos))
            if senses and synset in senses[:rank]:
                out.append(other)
        return tuple(out)


_new_arc = tuple.__new__
_is_possessive = methodcaller("endswith", "'s")


def lexicon_arcs(tokens, lex: SpinLexicon, costs: LatticeCosts, norms: list[str] | None = None) -> list[Arc]:
    """`tokens`: a list of Token or their `Words`."""
    if not isinstance(tokens, Words):
        tokens = Words.from_tokens(tokens)
    if norms is None:
        norms = tokens.norms
    texts, hyphen, joined = tokens.texts, tokens.hyphen, tokens.joined
    templates, solo, trie = _entry_templates(lex, costs)

    def possessive(i: int, length: int) -> list[Arc]:
        """"crew's" is looked up as "crew" and keeps its 's."""
        stem = tuple(norms[i:i + length - 1]) + (norms[i + length - 1][:-2],)
        entry = lex.lookup(stem)
        return _entry_arcs(i, length, stem, entry, costs, suffix="'s") if entry is not None else []

    if _typed_walk is not None:
        return _typed_walk(norms, texts, hyphen, joined, trie, lex.max_len, possessive, Arc, _new_arc)
    arcs: list[Arc] = []
    possessives = "'s" in "".join(norms)
    n = len(norms)
    # only words that begin a spun form (the tree's first words) or their possessive need a look
    starts = list(compress(range(n), map(trie.__contains__, norms)))
    if possessives:  # and possessives of first words, in order
        possessive_starts = [i for i in compress(range(n), map(_is_possessive, norms)) if norms[i][:-2] in trie]
        if possessive_starts:
            starts = sorted(set(starts).union(possessive_starts))
    max_len = lex.max_len
    hyphens = True in hyphen  # without a hyphen no word is part of a compound
    for i in starts:
        # in_lowercase_compound, inlined
        compound = hyphens and (hyphen[i] or (i + 1 < n and hyphen[i + 1])) and texts[i].islower()
        norm = norms[i]
        found = solo.get(norm)
        if found is not None:  # a one-word form that begins no longer one: what the loop below gives
            if not compound:
                arcs += [_new_arc(Arc, (i, i + 1, words, "lexicon", cost, strong)) for words, cost, strong in found]
            continue
        # walk the prefix tree word by word: [templates or None, next words]
        # per node, one dict look-up per word instead of a tuple's hash
        node = trie.get(norm)
        length = 1
        while True:
            if length > 1 or not compound:  # a part of "data-driven" stays; "on-line" as a whole may not
                found = node[0] if node is not None else None
                if found is not None:
                    arcs += [_new_arc(Arc, (i, i + length, words, "lexicon", cost, strong))
                             for words, cost, strong in found]
                elif possessives and norms[i + length - 1].endswith("'s"):
                    arcs.extend(possessive(i, length))
            if node is None:
                break  # no spun form begins with these words
            length += 1
            if length > max_len or i + length > n or not joined[i + length - 1]:
                break
            node = node[1].get(norms[i + length - 1])
    return _strong_phrases_first(arcs)


#: the walk above as one typed loop (typed_lexicon.pyx), where its build is in use
_typed_walk = typed_or("typed_lexicon", "lexicon_walk", None)


def _strong_phrases_first(arcs: list[Arc]) -> list[Arc]:
    """Drop the weak arcs that cut into a strong multi-word form. The spinner
    matches its longest phrase first, and a strong form is one ordinary
    English does not produce, so its words were written as one substitution:
    "Supply hyperlink" is *Source link*, not "supply" (offer) and "hyperlink"
    (link) spun apart, however much the two one-word bonuses add up to."""
    covered = {k for a in arcs if a.strong and a.end - a.start > 1 for k in range(a.start, a.end)}
    if not covered:
        return arcs
    # a weak arc overlaps a strong span exactly when one of its positions lies inside one
    return [a for a in arcs if a.strong or covered.isdisjoint(range(a.start, a.end))]


def _entry_templates(lex: SpinLexicon, costs: LatticeCosts) -> tuple[dict, dict, dict]:
    """spun form -> [(original words, cost, strong)], worked out once per
    lexicon and settings (an entry's arcs differ only in their position);
    the same for the one-word forms that begin no longer form, by word; and
    the spun forms as a prefix tree of words, each node [its form's templates
    or None, next word -> node], which `lexicon_arcs` walks."""
    cache = _TEMPLATES.get(id(lex))
    if cache is not None and cache[0] is lex and cache[1] == costs and cache[2] == len(lex.entries):
        return cache[3], cache[4], cache[5]
    table = {spun: [(a.words, a.cost, a.strong) for a in _entry_arcs(0, len(spun), spun, entry, costs)]
             for spun, entry in lex.entries.items()}
    trie: dict = {}
    for spun, found in table.items():
        level = trie
        for word in spun:
            node = level.get(word)
            if node is None:
                node = level[word] = [None, {}]
            level = node[1]
        node[0] = found
    # a one-word form whose node has no next words begins no longer form
    solo = {word: node[0] for word, node in trie.items() if node[0] is not None and not node[1]}
    _TEMPLATES[id(lex)] = (lex, costs, len(lex.entries), table, solo, trie)
    return table, solo, trie


#: id(lexicon) -> (lexicon, costs, entries, templates, one-word templates, prefix tree); a handful of lexicons per process
_TEMPLATES: dict[int, tuple] = {}


def _entry_arcs(i, length, spun, entry, costs: LatticeCosts, suffix: str = "") -> list[Arc]:
    """Arcs for one lexicon entry. Originals are priced by rank relative to
    keeping the written words (whose rank is where the entry lists the spun
    form, else after every listed original), so keeping costs nothing and a
    likelier original gets a bonus, for one-word and multi-word forms alike."""
    keep_rank = entry.originals.index(spun) if spun in entry.originals else len(entry.originals)
    arcs = []
    for rank, original in enumerate(entry.originals):
        if original == spun:
            continue
        cost = (rank - keep_rank) * costs.rank_step - (costs.strong_bonus if entry.strong else 0.0)
        words = original[:-1] + (original[-1] + suffix,) if suffix else original
        arcs.append(Arc(i, i + length, words, "lexicon", cost, entry.strong))
    return arcs


#: a WordNet candidate enters the lattice only if, with the written
#: neighbours, it scores at most this far below what it must earn; the slack
#: leaves room for two neighbouring substitutions that only fit together
PRUNE_SLACK = 1.0


def wordnet_arcs(tokens, text: str, source: WordNetCandidates, costs: LatticeCosts) -> list[Arc]:
    """Single words and two-word WordNet lemmas ("urban center") with their
    likely originals, pruned by how well each fits between its neighbours.
    `tokens`: a list of Token or their `Words`."""
    if not isinstance(tokens, Words):
        tokens = Words.from_tokens(tokens)
    norms, texts, joined, hyphen = tokens.norms, tokens.texts, tokens.joined, tokens.hyphen
    table, heads, start_words = source.table, source.multiword_heads, source.start_words
    n = len(norms)
    if start_words is not None:  # words with no originals at all need no look
        starts = list(compress(range(n), map(start_words.__contains__, norms)))
    else:
        starts = range(n)
    arcs: list[Arc] = []
    eligible: list[bool | None] = [None] * n
    title_like = None
    fits, cost = source.fits, costs.wordnet_cost
    last = n - 1
    hyphens = True in hyphen  # without a hyphen no word is part of a compound
    for i in starts:
        ok = eligible[i]
        if ok is None:
            word = texts[i]
            if start_words is not None and word[0].islower():
                # a start word in lower case is long enough, alphabetic, no
                # function word and no acronym: only a compound excludes it
                ok = not (hyphens and (hyphen[i] or (i < last and hyphen[i + 1])) and word.islower())
            else:
                if title_like is None and word[0].isupper():
                    title_like = _title_like_words(norms, texts)
                ok = (_eligible(word, norms[i], tokens.starts[i], text, bool(title_like))
                      and not ((hyphen[i] or (i < last and hyphen[i + 1])) and word.islower()))
            eligible[i] = ok
        if not ok:
            continue
        norm = norms[i]
        if table is None or norm in table:
            prev = norms[i - 1] if i and joined[i] else None
            nxt = norms[i + 1] if i < last and joined[i + 1] else None
            key = (norm, prev, nxt)  # a one-word span's key: its word (a str, never a two-word tuple)
            fitting = fits.get(key)
            if fitting is None:
                fitting = _fitting_one(norm, prev, nxt, source, cost)
                if len(fits) >= FITS_CACHE_SIZE:
                    fits.clear()  # bounded: a long run must not grow without limit
                fits[key] = fitting
            if fitting:
                arcs += [_new_arc(Arc, (i, i + 1, words, "wordnet", cost, False)) for words in fitting]
        if i < last and norm in heads and joined[i + 1]:
            if table is not None and f"{norm} {norms[i + 1]}" not in table:
                continue
            ok = eligible[i + 1]
            if ok is None:
                word = texts[i + 1]
                if title_like is None and word[0].isupper():
                    title_like = _title_like_words(norms, texts)
                ok = eligible[i + 1] = (_eligible(word, norms[i + 1], tokens.starts[i + 1], text, bool(title_like))
                                        and not ((hyphen[i + 1] or (i + 1 < last and hyphen[i + 2]))
                                                 and word.islower()))
            if ok:
                arcs += _span_arcs(norms, joined, i, i + 2, source, costs)
    return arcs


def _span_arcs(norms: list[str], joined: list[bool], start: int, end: int, source: WordNetCandidates,
               costs) -> list[Arc]:
    written = tuple(norms[start:end])
    prev = norms[start - 1] if start and joined[start] else None
    nxt = norms[end] if end < len(norms) and joined[end] else None
    key = (written, prev, nxt)
    fitting = source.fits.get(key)
    if fitting is None:
        fitting = _fitting(written, prev, nxt, source, costs)
        if len(source.fits) >= FITS_CACHE_SIZE:
            source.fits.clear()  # bounded: a long run must not grow without limit
        source.fits[key] = fitting
    cost = costs.wordnet_cost
    return [_new_arc(Arc, (start, end, words, "wordnet", cost, False)) for words in fitting]


#: entries of the (word, neighbours) -> fitting candidates cache; a word and
#: its neighbours recur across a corpus (Zipf), the pruning arithmetic need not
FITS_CACHE_SIZE = 500_000


def _fitting(written, prev, nxt, source: WordNetCandidates, costs) -> tuple[tuple[str, ...], ...]:
    candidates = source.lookup(" ".join(written))
    if not candidates:
        return ()
    memo = source.memo
    if memo is None:
        memo = _CallScores(source.logp)
    split = source.split
    # _local_fit, inlined (same sums in the same order)
    base = memo[(written[0], prev)]
    if len(written) > 1:
        for left, right in pairwise(written):
            base += memo[(right, left)]
    if nxt:
        base += memo[(nxt, written[-1])]
    n_written, slack, cost = len(written), -PRUNE_SLACK, costs.wordnet_cost
    fitting = []
    for candidate in candidates:
        words = split.get(candidate)
        if words is None:
            words = split[candidate] = tuple(candidate.split())
        if len(words) > n_written:
            # one written word read as a two-word original ("lives" -> "life
            # stories", "arrive" -> "go far"): wrong 21 times in 33 on both
            # synthetic sets; the word pair inside is rarely attested, so the
            # evidence for it is thin
            continue
        score = memo[(words[0], prev)]
        if len(words) > 1:
            for left, right in pairwise(words):
                score += memo[(right, left)]
        if nxt:
            score += memo[(nxt, words[-1])]
        if score - base - cost >= slack:
            fitting.append(words)
    return tuple(fitting)


def _fitting_one(norm: str, prev: str | None, nxt: str | None, source: WordNetCandidates,
                 cost: float) -> tuple[tuple[str, ...], ...]:
    """`_fitting` of one written word: only one-word candidates can fit, and
    the word's are worked out once per word type (same sums, same order)."""
    singles = source.singles.get(norm)
    if singles is None:
        split = source.split
        found = []
        for candidate in source.lookup(norm):
            words = split.get(candidate)
            if words is None:
                words = split[candidate] = tuple(candidate.split())
            if len(words) == 1:
                found.append(words)
        singles = source.singles[norm] = tuple(found)
    if not singles:
        return ()
    if source.fitting is not None:
        return source.fitting(norm, prev, nxt, singles, cost, -PRUNE_SLACK)
    memo = source.memo
    if memo is None:
        memo = _CallScores(source.logp)
    slack = -PRUNE_SLACK
    base = memo[(norm, prev)]
    if nxt:
        base += memo[(nxt, norm)]
        return tuple([words for words in singles
                      if memo[(words[0], prev)] + memo[(nxt, words[0])] - base - cost >= slack])
    return tuple([words for words in singles if memo[(words[0], prev)] - base - cost >= slack])


class _CallScores:
    """`logp` behind the memo's subscript interface (no repairer attached)."""

    __slots__ = ("logp",)

    def __init__(self, logp):
        self.logp = logp

    def __getitem__(self, key):
        return self.logp(*key)


def _title_like(tokens: list[Token]) -> bool:
    return _title_like_words([t.norm for t in tokens], [t.text for t in tokens])


def _title_like_words(norms: list[str], texts: list[str]) -> bool:
    # content words' texts, and how many begin with a capital (C-level maps)
    content = list(compress(texts, map(not_, map(FUNCTION_WORDS.__contains__, norms))))
    return bool(content) and sum(map(str.isupper, map(itemgetter(0), content))) >= 0.6 * len(content)


def _wordnet_eligible(token: Token, text: str, title_like: bool) -> bool:
    return _eligible(token.text, token.norm, token.start, text, title_like)


def _eligible(word: str, norm: str, start: int, text: str, title_like: bool) -> bool:
    if len(word) < 3 or norm in FUNCTION_WORDS or not word.isalpha():
        return False
    if word.isupper():
        return False  # acronyms
    if word[0].isupper() and not title_like:
        # a capital inside a sentence marks a name: leave names alone. The
        # last character before the word that is not white space (what
        # text[:start].rstrip() ends with), found without copying the text
        k = start - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        return k < 0 or text[k] in ".!?:\"“‘'(-–—"
    return True
