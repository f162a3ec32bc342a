"""A trigram model of English: the second look at each lexicon or WordNet decision.

The word-pair model that drives the lattice (`language_model.BigramModel`)
lists only pairs seen over 6.4 million times in Google Books, so between two
originals of one spun form ("primary" for *main* or *first*, "obtain" for
*receive* or *achieve*) it often has no evidence and the lexicon's rank
order decides. A trigram model sees the two words before the choice and,
through the next word's score, the word after ("the main parties", "will
receive security updates"); `context_check` uses it.

The model is the general US English trigram model (about 27 MB, lower case,
no punctuation) that ships inside the PyPI package `pocketsphinx`; the
package's `NGramModel` reads it (or any ARPA or binary model) and answers
one query per call. Scores here are log10, like the word-pair model's.
Where it is built, `typed_trigram.TypedTrigram` gives the same scores through
the package's C function (`load_trigram_model` picks it).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

INSTALL_HINT = "The despin stage's trigram layer needs the English model of pocketsphinx: `pip install pocketsphinx`."
#: pocketsphinx scores are logs in base 1.0001 (sphinxbase's log-math default)
_LOG10_PER_UNIT = math.log10(1.0001)
#: pocketsphinx answers this far below zero for a word not in the vocabulary
_OOV_BELOW = -1e8
#: log10 P of a word the model does not know (a name, a number written in
#: digits): about as rare as the model's rarest words, and the same for every
#: alternative, so it neither attracts nor repels a choice
OOV_LOGP = -6.0
#: sphinxbase's NGRAM_AUTO: the file type from the file name
_NGRAM_AUTO = 0
#: most (word, history) scores kept per model: about 50 MB at the limit (a
#: key tuple, a float and a dict slot, about 170 bytes a score); the bench's
#: 123 KB of spun text asks 6,540 different ones
CACHE_SIZE = 300_000


class TrigramMissing(RuntimeError):
    """The trigram layer is on but its model cannot be found or read."""


class TrigramModel:
    """log10 P(word | two previous words) from an n-gram model file, cached
    per query. `left` contexts are read most recent last; None or a shorter
    history means the text before is punctuation or the paragraph start."""

    def __init__(self, ngram_model, name: str = ""):
        self._model = ngram_model
        self.name = name
        self._scores: dict[tuple, float] = {}

    def logp(self, word: str, prev: str | None = None, prev2: str | None = None) -> float:
        key = (word, prev, prev2)
        score = self._scores.get(key)
        if score is None:
            # pocketsphinx takes the word first, then its history, most recent first
            query = [word] if prev is None else [word, prev] if prev2 is None else [word, prev, prev2]
            raw = self._model.prob(query)
            score = OOV_LOGP if raw < _OOV_BELOW else raw * _LOG10_PER_UNIT
            if len(self._scores) >= CACHE_SIZE:
                self._scores.clear()  # bounded: a long run must not grow without limit
            self._scores[key] = score
        return score

    def clear(self) -> None:
        """Forget the cached scores (the bench's first pass starts cold)."""
        self._scores.clear()

    def window_score(self, left: tuple[str, ...] | list[str], words: tuple[str, ...],
                     right: tuple[str, ...] | list[str]) -> float:
        """log10 P(words, then right | left): what reading `words` between
        these neighbours costs, the neighbours' own fit included. `left`
        holds at most the two words before, `right` those after."""
        prev = left[-1] if left else None
        prev2 = left[-2] if len(left) > 1 else None
        score = 0.0
        for part in (words, right):
            for word in part:
                score += self.logp(word, prev, prev2)
                prev2, prev = prev, word
        return score


def _pocketsphinx():
    """The pocketsphinx package, or TrigramMissing saying how to install it."""
    try:
        import pocketsphinx  # noqa: PLC0415 - imported only where the trigram layer is on
    except ImportError as exc:
        raise TrigramMissing(INSTALL_HINT) from exc
    return pocketsphinx


def default_model_path() -> Path:
    """The US English model of the installed pocketsphinx."""
    return Path(_pocketsphinx().get_model_path()) / "en-us" / "en-us.lm.bin"


@lru_cache(maxsize=4)
def load_trigram_model(path: str | None = None, typed: bool | None = None):
    """The model at `path` (ARPA text or sphinx binary), default the one
    pocketsphinx ships; one instance per path and process (loading takes
    about 0.1 s). Where the typed module is built (`typed_trigram`), a
    `TypedTrigram` that calls pocketsphinx's C function directly, else a
    `TrigramModel`; both give the same scores. `typed`: force one (tests)."""
    model_path = Path(path) if path else default_model_path()
    if not model_path.is_file():
        raise TrigramMissing(f"No trigram model at {model_path}. {INSTALL_HINT}")
    pocketsphinx = _pocketsphinx()
    pocketsphinx.set_loglevel("ERROR")  # its loader logs every step at INFO on stderr
    if typed is not False:
        from pipeline.despin.compiled import typed_or  # noqa: PLC0415

        typed_class = typed_or("typed_trigram", "TypedTrigram", None)
        if typed_class is not None:
            return _load_typed(typed_class, model_path)
        if typed:
            raise RuntimeError("the typed trigram module is not built (scripts/setup.sh builds it)")
    try:
        model = pocketsphinx.NGramModel.readfile(str(model_path))
    except Exception as exc:  # noqa: BLE001 - the C library reports a bad file as a generic error
        raise TrigramMissing(f"Cannot read the trigram model {model_path}: {exc}") from exc
    return TrigramModel(model, str(model_path))


def _load_typed(typed_class, model_path: Path):
    """Load the model with the C functions `NGramModel.readfile` calls, in
    the same way (a log base of 1.0001, no shift, no table; file type from
    the name), and hand `ngram_prob`'s address to the typed scorer. The
    functions are exported by pocketsphinx's own extension module."""
    import ctypes  # noqa: PLC0415
    import importlib.util  # noqa: PLC0415

    lib = ctypes.CDLL(importlib.util.find_spec("pocketsphinx._pocketsphinx").origin)
    lib.logmath_init.restype, lib.logmath_init.argtypes = ctypes.c_void_p, [ctypes.c_double, ctypes.c_int, ctypes.c_int]
    lib.logmath_free.restype, lib.logmath_free.argtypes = ctypes.c_int, [ctypes.c_void_p]
    lib.ngram_model_read.restype = ctypes.c_void_p
    lib.ngram_model_read.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
    lmath = lib.logmath_init(1.0001, 0, 0)
    model = lib.ngram_model_read(None, str(model_path).encode("utf-8"), _NGRAM_AUTO, lmath)
    lib.logmath_free(lmath)  # the model keeps its own reference
    if not model:
        raise TrigramMissing(f"Cannot read the trigram model {model_path}")
    prob = ctypes.cast(lib.ngram_prob, ctypes.c_void_p).value
    # the model lives as long as the process (one per path, like the lru_cache above)
    return typed_class(model, prob, _LOG10_PER_UNIT, OOV_LOGP, _OOV_BELOW, str(model_path), CACHE_SIZE)
