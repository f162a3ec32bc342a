"""Spin lexicons: spun forms and the originals they usually stand for.

The package ships `lexicon.yaml` (hand-made); users add their own files in the
same format through the stage's `extra_lexicons` parameter. Noun and verb
sections list base forms and the loader generates the inflected ones, so one
line covers "technique/techniques -> strategy/strategies".
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


def parse_lexicon_data(data: object, source: str, lex: SpinLexicon, wn: WordNet, lm: BigramModel) -> None:
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
            if pos is None:
                lex.add(_words(str(spun)), options, strong)
            else:
                _add_inflected(lex, wn, lm, _words(str(spun)), options, strong, pos)


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
        parse_lexicon_data(data, path, lex, wn, lm)
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
