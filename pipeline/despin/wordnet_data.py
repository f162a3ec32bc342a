"""Synonym sets and word forms read straight from the WordNet 3.0 database.

The files come from the Debian package `wordnet-base` (/usr/share/wordnet).
They are parsed here rather than through nltk's reader because we need only
lemma lists, sense order and the exception lists, and nltk refuses paths
outside its data roots. Loading takes about a second and happens once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
DEFAULT_DIRS = ("/usr/share/wordnet", "/usr/local/share/wordnet", "/usr/share/wordnet/dict")
INSTALL_HINT = (
    "WordNet database files not found. Install them with "
    "`apt-get install -y wordnet-base` (files under /usr/share/wordnet), or point "
    "the WORDNET_DIR environment variable at a directory holding data.noun, index.noun, ..."
)

# Suffix rules of WordNet's morphy: (inflected ending, base ending, form)
_NOUN_RULES = [("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
               ("men", "man"), ("ies", "y"), ("s", "")]
_VERB_RULES = [("ies", "y", "s"), ("es", "e", "s"), ("es", "", "s"), ("s", "", "s"),
               ("ed", "e", "ed"), ("ed", "", "ed"), ("ing", "e", "ing"), ("ing", "", "ing")]


class WordNetMissing(RuntimeError):
    pass


@dataclass(slots=True)
class WordNet:
    #: synset id -> lemmas (lower case, spaces for multi-word lemmas)
    synsets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: (lemma, pos) -> synset ids, most frequent sense first
    senses: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: pos -> inflected form -> base forms (irregular forms)
    exceptions: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    #: pos -> base form -> irregular inflected forms
    irregular: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    #: lemmas written with a capital in WordNet (names: "City of London")
    proper: set[str] = field(default_factory=set)

    def has(self, lemma: str, pos: str) -> bool:
        return (lemma, pos) in self.senses


def find_wordnet_dir(explicit: str | None = None) -> Path:
    for candidate in (explicit, os.environ.get("WORDNET_DIR"), *DEFAULT_DIRS):
        if candidate and (Path(candidate) / "data.noun").is_file():
            return Path(candidate)
    raise WordNetMissing(INSTALL_HINT)


_ADJ_MARKER = re.compile(r"\([a-z]+\)$")


def _parse_data(path: Path, pos: str, synsets: dict[str, tuple[str, ...]], proper: set[str]) -> None:
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("  "):
                continue  # licence header
            parts = line.split(" ", 4 + 2 * 255)
            count = int(parts[3], 16)
            words = parts[4:4 + 2 * count:2]
            lemmas = tuple(dict.fromkeys(
                _ADJ_MARKER.sub("", w).replace("_", " ").lower() for w in words))
            synsets[f"{pos}{parts[0]}"] = lemmas
            proper.update(w.replace("_", " ").lower() for w in words if not w.islower())


def _parse_index(path: Path, pos: str, senses: dict) -> None:
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("  "):
                continue
            parts = line.split()
            n_synsets, n_pointers = int(parts[2]), int(parts[3])
            offsets = parts[6 + n_pointers:6 + n_pointers + n_synsets]
            senses[(parts[0].replace("_", " "), pos)] = tuple(f"{pos}{o}" for o in offsets)


def _parse_exceptions(path: Path) -> tuple[dict, dict]:
    forward: dict[str, tuple[str, ...]] = {}
    backward: dict[str, list[str]] = {}
    if not path.is_file():
        return forward, {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            inflected, *bases = line.split()
            forward[inflected] = tuple(bases)
            for base in bases:
                backward.setdefault(base, []).append(inflected)
    return forward, {k: tuple(v) for k, v in backward.items()}


def wordnet_files(directory: str | None = None) -> list[Path]:
    """The files `load_wordnet` reads (their stamps key the cached tables)."""
    root = find_wordnet_dir(directory)
    return [root / f"{kind}.{name}" for name in POS_FILES.values() for kind in ("data", "index")] + [
        root / f"{name}.exc" for name in POS_FILES.values()]


@lru_cache(maxsize=4)
def load_wordnet(directory: str | None = None) -> WordNet:
    root = find_wordnet_dir(directory)
    wn = WordNet()
    for pos, name in POS_FILES.items():
        _parse_data(root / f"data.{name}", pos, wn.synsets, wn.proper)
        _parse_index(root / f"index.{name}", pos, wn.senses)
        wn.exceptions[pos], wn.irregular[pos] = _parse_exceptions(root / f"{name}.exc")
    # Satellite adjectives ("s") live in data.adj with ids prefixed "a".
    return wn


def analyses(wn: WordNet, word: str) -> list[tuple[str, str, str]]:
    """(lemma, pos, form) readings of a surface word; form is one of
    base, plural, s, ed, ing (morphy's rules plus the exception lists)."""
    found: list[tuple[str, str, str]] = []
    for pos in "nvar":
        if wn.has(word, pos):
            found.append((word, pos, "base"))
    for base in wn.exceptions["n"].get(word, ()):
        found.append((base, "n", "plural"))
    for base in wn.exceptions["v"].get(word, ()):
        found.append((base, "v", "ing" if word.endswith("ing") else "ed"))
    for ending, base_end in _NOUN_RULES:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            base = word[: len(word) - len(ending)] + base_end
            if wn.has(base, "n"):
                found.append((base, "n", "plural"))
    for ending, base_end, form in _VERB_RULES:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            base = word[: len(word) - len(ending)] + base_end
            if wn.has(base, "v"):
                found.append((base, "v", form))
            if form != "s" and len(base) > 2 and base[-1] == base[-2] and wn.has(base[:-1], "v"):
                found.append((base[:-1], "v", form))  # doubled consonant: running
    return list(dict.fromkeys(found))


def surface_forms(wn: WordNet, lemma: str, pos: str) -> set[str]:
    """Every string that `analyses` reads as a form of (lemma, pos): the
    inverse of morphy's rules and of the exception lists (a superset; used to
    enumerate the words a table must cover)."""
    forms = {lemma}
    if pos not in ("n", "v"):
        return forms
    forms.update(wn.irregular[pos].get(lemma, ()))
    rules = _NOUN_RULES if pos == "n" else [(ending, base_end) for ending, base_end, _ in _VERB_RULES]
    for ending, base_end in rules:
        if lemma.endswith(base_end):
            form = lemma[:len(lemma) - len(base_end)] + ending
            if len(form) > len(ending) + 1:
                forms.add(form)
    if pos == "v" and lemma:
        forms.update((lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"))
    return forms


def inflections(wn: WordNet, lemma: str, pos: str, form: str) -> list[str]:
    """Candidate surface forms of `lemma` in `form`; the caller keeps those
    that occur in its vocabulary (regular rules over-generate on purpose)."""
    if form == "base" or " " in lemma and form != "plural":
        return [lemma] if form == "base" else []
    if " " in lemma:  # plural of a multi-word noun inflects its last word
        head, last = lemma.rsplit(" ", 1)
        return [f"{head} {w}" for w in inflections(wn, last, pos, form)]
    irregular = wn.irregular["n" if form == "plural" else "v"].get(lemma, ())
    # verb.exc mixes past, participle and -ing forms; keep the fitting ones
    out = [w for w in irregular if form == "plural" or (form == "ing") == w.endswith("ing")]
    if form == "s":
        out = []
    if form in ("plural", "s"):
        out += [_add_s(lemma)]
    elif form == "ing":
        stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) else lemma
        out += [stem + "ing", lemma + lemma[-1] + "ing"]
    elif form == "ed":
        if lemma.endswith("e"):
            out.append(lemma + "d")
        elif lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
            out.append(lemma[:-1] + "ied")
        else:
            out += [lemma + "ed", lemma + lemma[-1] + "ed"]
    return list(dict.fromkeys(out))


def _add_s(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"
