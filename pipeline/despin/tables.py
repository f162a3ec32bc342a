"""Precomputed despin tables, built once and cached on disk.

Parsing the WordNet database and the word-pair list takes seconds per process,
and deriving a word's likely originals from WordNet costs about 0.2 ms per new
word type. Everything the stage reads from them is a function of those files
and of this package's code, so it is worked out once for the whole vocabulary
and kept, as `marshal` data (builtin types only, fast to load), under

    $ARTNORM_DESPIN_CACHE, else $XDG_CACHE_HOME/artnorm/despin, else ~/.cache/artnorm/despin

Each file's name carries a key over the source files' sizes and modification
times, the lexicon files' contents and the code that computes the tables, so a
new WordNet, a changed lexicon or changed code yields a new file; a few versions
of each table are kept. Storage is pipeline.text.table_cache's: written to a
temporary name and renamed, in memory only where the directory cannot be written.

Four tables:
  * `bigram_tables`: word and word-pair log-probabilities (BigramModel);
  * `wordnet_tables`: every word form's likely originals (WordNetCandidates),
    the first words of two-word lemmas, and the screen's suspicious words;
  * `lexicon_entries`: a spin lexicon with its inflected forms generated;
  * `typed_decoder_tables`: the bigram tables as the typed decoder's arrays.
The screen needs only the lexicon's and the suspicious-word tables, so a
document that the screen lets go never loads the larger ones.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Callable

from pipeline.text import table_cache

#: bump when the layout of a table changes without a code change elsewhere
CACHE_FORMAT = 1
_HERE = Path(__file__).resolve().parent
#: modules whose code determines the tables' contents
_CODE = ("tables.py", "candidates.py", "wordnet_data.py", "language_model.py", "lexicon.py", "screen.py")


def cache_dir() -> Path:
    explicit = os.environ.get("ARTNORM_DESPIN_CACHE")
    return Path(explicit) if explicit else table_cache.cache_dir("despin")


@lru_cache(maxsize=1)
def code_key() -> str:
    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    for name in _CODE:
        digest.update((_HERE / name).read_bytes())
    return digest.hexdigest()


def file_stamps(paths) -> list:
    """(name, size, mtime) of each file: cheap, and changes whenever a package update replaces one."""
    out = []
    for path in paths:
        path = Path(path)
        try:
            st = path.stat()
        except OSError:
            out.append((str(path), -1, -1))
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return out


def make_key(*parts) -> str:
    return hashlib.sha256(repr((code_key(), parts)).encode()).hexdigest()[:24]


def cached(name: str, key: str, build: Callable[[], object]) -> object:
    """The table `name` for `key`: read from the cache directory, else built,
    written (atomically) and returned (pipeline.text.table_cache)."""
    return table_cache.cached(cache_dir(), name, key, build)


# -- the tables ----------------------------------------------------------------

def bigram_key() -> str:
    from pipeline.despin.language_model import BIGRAM_FILE, UNIGRAM_FILE, _data_dir  # noqa: PLC0415

    root = _data_dir()
    return make_key("bigram", file_stamps([root / UNIGRAM_FILE, root / BIGRAM_FILE]))


def bigram_tables() -> dict:
    from pipeline.despin.language_model import build_bigram_model  # noqa: PLC0415

    return cached("bigram", bigram_key(), lambda: build_bigram_model().to_tables())


def typed_decoder_tables(model_key: str, build: Callable[[], dict]) -> dict:
    """The typed decoder's arrays for the cached word-pair model `model_key`
    (TypedDecoder.packed): its vocabulary in id order and its pair table as
    bytes, copied at load instead of rebuilt (0.2 s a process)."""
    from pipeline.despin.compiled import source_digest  # noqa: PLC0415

    code = [source_digest(str(_HERE / name)) for name in ("typed_decoder.pyx", "decoder.py")]
    return cached("typed_decoder", make_key("typed_decoder", model_key, code), build)


def wordnet_key(costs) -> str:
    from pipeline.despin.wordnet_data import wordnet_files  # noqa: PLC0415

    fields = (costs.wordnet_max_sense_rank, costs.wordnet_min_count, costs.wordnet_max_candidates)
    return make_key("wordnet", file_stamps(wordnet_files()), bigram_key(), fields)


@lru_cache(maxsize=4)
def wordnet_tables(costs) -> dict:
    """{"candidates": word -> originals (non-empty only), "multiword_heads": [...],
    "suspicious": [...]} for the given lattice settings."""
    return cached("wordnet", wordnet_key(costs), lambda: build_wordnet_tables(costs))


def suspicious_table(costs) -> list:
    """The screen's suspicious words alone (small: the screen never loads the rest)."""
    return cached("suspicious", wordnet_key(costs), lambda: wordnet_tables(costs)["suspicious"])


def build_wordnet_tables(costs) -> dict:
    from pipeline.despin.candidates import WordNetCandidates  # noqa: PLC0415
    from pipeline.despin.language_model import load_bigram_model  # noqa: PLC0415
    from pipeline.despin.screen import suspicious_words  # noqa: PLC0415
    from pipeline.despin.wordnet_data import load_wordnet, surface_forms  # noqa: PLC0415

    wn, lm = load_wordnet(), load_bigram_model()
    source = WordNetCandidates(wn, lm, costs)
    # A word form has originals only through a synset that has some: the
    # forms of the lemmas of such synsets are all there is to compute.
    productive = {s for s in wn.synsets if source._originals(s, s[0])}
    forms: set[str] = set()
    for (lemma, pos), synsets in wn.senses.items():
        if any(s in productive for s in synsets):
            forms.update(surface_forms(wn, lemma, pos))
    table = {}
    for form in sorted(forms):
        found = source._compute(form)
        if found:
            table[form] = found
    return {"candidates": table, "multiword_heads": sorted(source.multiword_heads),
            "suspicious": sorted(suspicious_words(table, lm.unigrams))}


def lexicon_key(paths: tuple[str, ...], builtin: bool) -> str:
    from pipeline.despin.lexicon import BUILTIN_LEXICON, LexiconError  # noqa: PLC0415
    from pipeline.despin.wordnet_data import wordnet_files  # noqa: PLC0415

    contents = []
    for path in ([str(BUILTIN_LEXICON)] if builtin else []) + list(paths):
        try:
            contents.append(hashlib.sha256(Path(path).read_bytes()).hexdigest())
        except OSError as exc:
            raise LexiconError(f"lexicon file {path} not found; fix the path in stages.despin.extra_lexicons") from exc
    return make_key("lexicon", contents, file_stamps(wordnet_files()), bigram_key())


def lexicon_entries(paths: tuple[str, ...], builtin: bool) -> list:
    """[(spun words, [original words, ...], strong), ...] in the lexicon's order."""
    from pipeline.despin.lexicon import load_lexicon  # noqa: PLC0415
    from pipeline.despin.language_model import load_bigram_model  # noqa: PLC0415
    from pipeline.despin.wordnet_data import load_wordnet  # noqa: PLC0415

    def build():
        lex = load_lexicon(paths, load_wordnet(), load_bigram_model(), builtin)
        return [(spun, list(e.originals), e.strong) for spun, e in lex.entries.items()]

    return cached("lexicon", lexicon_key(paths, builtin), build)
