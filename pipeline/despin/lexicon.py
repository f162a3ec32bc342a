"""Spin lexicons: spun forms and the originals they usually stand for.

The package ships `lexicon.yaml` (hand-made); users add their own files in the
same format through the stage's `extra_lexicons` parameter. Noun and verb
sections list base forms and the loader generates the inflected ones, so one
line covers "technique/techniques -> strategy/strategies".

Phrase sections are taken as written, with one completion: a spinner's
thesaurus holds every inflected form of a compound, so where a phrase entry is
plainly a noun compound ("approval ranking" -> approval rating) or a verb with
a particle ("keep away from" -> avoid) and no file lists its inflected forms,
the loader adds them (`_phrase_completions`), as weak forms: repair
candidates inside text already judged spun, never evidence of spinning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from pipeline.despin.language_model import BigramModel
from pipeline.despin.wordnet_data import WordNet, inflections

BUILTIN_LEXICON = Path(__file__).with_name("lexicon.yaml")
SECTIONS = {
    "strong_phrases": (True, None), "weak_phrases": (False, None),
    "strong_nouns": (True, "n"), "weak_nouns": (False, "n"),
    "strong_verbs": (True, "v"), "weak_verbs": (False, "v"),
}
FORMS = {"n": ("plural",), "v": ("s", "ed", "ing")}


class LexiconError(ValueError):
    pass


@dataclass(slots=True)
class LexiconEntry:
    originals: list[tuple[str, ...]] = field(default_factory=list)
    strong: bool = False


@dataclass(slots=True)
class SpinLexicon:
    entries: dict[tuple[str, ...], LexiconEntry] = field(default_factory=dict)
    max_len: int = 1

    def add(self, spun: tuple[str, ...], originals: Iterable[tuple[str, ...]], strong: bool) -> None:
        entry = self.entries.setdefault(spun, LexiconEntry())
        for original in originals:
            if original not in entry.originals:
                entry.originals.append(original)
        entry.strong = entry.strong or strong
        self.max_len = max(self.max_len, len(spun))

    def lookup(self, words: tuple[str, ...]) -> LexiconEntry | None:
        return self.entries.get(words)


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().replace("’", "'").replace("-", " ").split())


def _inflect_phrase(wn: WordNet, lm: BigramModel, phrase: tuple[str, ...], pos: str, form: str):
    """Inflected variants of a phrase that the vocabulary knows; the head is
    the last word of a noun phrase and the first word of a verb phrase."""
    index = len(phrase) - 1 if pos == "n" else 0
    variants = [w for w in inflections(wn, phrase[index], pos, form) if lm.known(w)]
    return [phrase[:index] + (v,) + phrase[index + 1:] for v in variants]


def _add_inflected(lex: SpinLexicon, wn, lm, spun, originals, strong, pos) -> None:
    lex.add(spun, originals, strong)
    for form in FORMS[pos]:
        spun_forms = _inflect_phrase(wn, lm, spun, pos, form)
        inflected = [v for o in originals for v in _inflect_phrase(wn, lm, o, pos, form)]
        for spun_form in spun_forms:
            if inflected:
                lex.add(spun_form, inflected, strong)


#: words that never occur inside a noun compound; a phrase holding one is a
#: clause or a prepositional phrase ("in danger", "declined to comment")
_NOT_IN_COMPOUNDS = frozenset(
    "a an the of in on at to for from with by into onto over under up down out off away about as and or but "
    "not no this that these those his her its their our your my is are was were be been".split())
#: second words that make a verb phrase of a verb ("keep away from", "bring an end to")
_VERB_PARTICLES = frozenset("up down out off away in on over into about around back through to for with from "
                            "a an the".split())


def _phrase_inflection_pos(spun: tuple[str, ...], originals: list[tuple[str, ...]], wn: WordNet) -> str | None:
    """'n' for a noun compound, 'v' for a verb-particle phrase, None for any
    other phrase (left as written). Both sides must agree: every original's
    head must have the same part of speech as the spun form's."""
    if len(spun) < 2:
        return None
    words = [w for phrase in (spun, *originals) for w in phrase]
    if not _NOT_IN_COMPOUNDS.intersection(words) and all(wn.has(p[-1], "n") for p in (spun, *originals)):
        return "n"
    if spun[1] in _VERB_PARTICLES and all(wn.has(p[0], "v") for p in (spun, *originals)):
        return "v"
    return None


def _phrase_completions(phrases, lex: SpinLexicon, wn: WordNet, lm: BigramModel) -> None:
    """Add the inflected forms of noun compounds and verb-particle phrases
    (see the module docstring) that no lexicon file lists. Runs after every
    file is read, so a form written out by hand keeps its own originals."""
    generated: dict[tuple[str, ...], list] = {}
    for spun, originals in phrases:
        pos = _phrase_inflection_pos(spun, originals, wn)
        if pos is None:
            continue
        for form in FORMS[pos]:
            spun_forms = _inflect_phrase(wn, lm, spun, pos, form)
            if not spun_forms or any(f in lex.entries for f in spun_forms):
                continue
            inflected = [v for o in originals for v in _inflect_phrase(wn, lm, o, pos, form)]
            for spun_form in spun_forms:
                if inflected and spun_form not in generated:
                    generated[spun_form] = inflected
    # weak: a plural the author wrote ("marketing campaigns") must not by
    # itself make clean text look spun, as a hand-checked strong form may
    for spun_form, inflected in generated.items():
        lex.add(spun_form, inflected, strong=False)


def parse_lexicon_data(data: object, source: str, lex: SpinLexicon, wn: WordNet, lm: BigramModel,
                       phrases: list | None = None) -> None:
    """Add one file's entries to `lex`; phrase entries are also appended to
    `phrases` (when given) as (spun, originals) for `_phrase_completions`."""
    if not isinstance(data, dict):
        raise LexiconError(f"{source}: expected a mapping with sections {', '.join(SECTIONS)}")
    for section, mapping in data.items():
        if section == "version":
            continue
        if section not in SECTIONS:
            raise LexiconError(f"{source}: unknown section {section!r}; use one of {', '.join(SECTIONS)}")
        strong, pos = SECTIONS[section]
        for spun, originals in (mapping or {}).items():
            if not isinstance(originals, str) or not str(spun).strip():
                raise LexiconError(f"{source}: {section}.{spun}: write 'spun form: original1|original2'")
            options = [_words(o) for o in originals.split("|") if o.strip()]
            spun_words = _words(str(spun))
            if pos is None:
                lex.add(spun_words, options, strong)
                if phrases is not None:
                    phrases.append((spun_words, options))
            else:
                _add_inflected(lex, wn, lm, spun_words, options, strong, pos)


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML silently keeps the last of two equal keys; a lexicon author
    would lose an entry without knowing, so duplicates are an error."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicates = sorted({str(k) for k in keys if keys.count(k) > 1})
        if duplicates:
            raise LexiconError(f"duplicate entries {', '.join(duplicates)} (line {node.start_mark.line + 1})")
        return super().construct_mapping(node, deep=deep)


def load_lexicon(paths: tuple[str, ...], wn: WordNet, lm: BigramModel, builtin: bool = True) -> SpinLexicon:
    lex = SpinLexicon()
    phrases: list = []
    files = ([str(BUILTIN_LEXICON)] if builtin else []) + list(paths)
    for path in files:
        try:
            data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
        except FileNotFoundError as exc:
            raise LexiconError(f"lexicon file {path} not found; fix the path in stages.despin.extra_lexicons") from exc
        except yaml.YAMLError as exc:
            raise LexiconError(f"lexicon file {path} is not valid YAML: {exc}") from exc
        except LexiconError as exc:
            raise LexiconError(f"lexicon file {path}: {exc}; keep one line per spun form") from exc
        parse_lexicon_data(data, path, lex, wn, lm, phrases)
    _phrase_completions(phrases, lex, wn, lm)
    return lex


@lru_cache(maxsize=8)
def cached_lexicon(paths: tuple[str, ...], builtin: bool = True) -> SpinLexicon:
    """The lexicon, from the on-disk table cache (pipeline.despin.tables):
    generating the inflected forms needs WordNet, reading the cache does not."""
    from pipeline.despin.tables import lexicon_entries  # noqa: PLC0415

    lex = SpinLexicon()
    for spun, originals, strong in lexicon_entries(paths, builtin):
        lex.add(tuple(spun), [tuple(o) for o in originals], strong)
    return lex
