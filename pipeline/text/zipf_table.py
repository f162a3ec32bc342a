"""wordfreq's Zipf frequencies without loading its word lists in every process.

`wordfreq.zipf_frequency` loads a language's whole list on first use: 0.1 to
0.5 s and 7 to 80 MB per language, paid by every worker process for every
language its pages touch (boilerplate's glue repair asks whether a long word
is known in any of a page's languages). Here each list becomes, once per
machine (pipeline.text.table_cache), a sorted array of 64-bit hashes of its
words beside their Zipf values in hundredths, about 10 bytes a word; a lookup
tokenizes the word with wordfreq's own tokenizer, as zipf_frequency does, and
bisects. The answers are zipf_frequency's (tested on every language used):
a word that becomes several tokens or holds digits goes to wordfreq itself,
as does a word whose hash two list words share. A word outside the list
could only be taken for a listed one through a 64-bit hash collision (about
one lookup in 10^13).
"""

from __future__ import annotations

import hashlib
import math
from array import array
from bisect import bisect_left
from functools import lru_cache
from importlib.metadata import version

from pipeline.text.table_cache import cache_dir, cached

#: bump when the table's layout or arithmetic changes
TABLE_FORMAT = 1
#: a Zipf value that means "ask wordfreq" (two list words share the hash)
_ASK = 0xFFFF


def _hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


@lru_cache(maxsize=1)
def _wordfreq():
    # Imported on first use: importing wordfreq takes about 0.5 s (langcodes
    # data, regexes), which a run that never asks (an unchanged re-run,
    # a page without glue candidates) should not pay.
    import wordfreq

    return wordfreq


def single_token_zipf(freq: float) -> float:
    """zipf_frequency's value for a one-token word of frequency `freq`
    (wordfreq 3: the frequency floored at the minimum, rounded to three
    significant digits, then to hundredths of a Zipf unit)."""
    wordfreq = _wordfreq()
    unrounded = max(freq, wordfreq.zipf_to_freq(0.0))
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(wordfreq.freq_to_zipf(round(unrounded, leading_zeroes + 3)), 2)


def _build(lang: str) -> tuple[bytes, bytes]:
    by_hash: dict[int, int] = {}
    for word, freq in _wordfreq().get_frequency_dict(lang).items():
        h = _hash(word)
        centi = int(round(single_token_zipf(freq) * 100))
        by_hash[h] = _ASK if h in by_hash else centi
    hashes = array("Q", sorted(by_hash))
    return hashes.tobytes(), array("H", (by_hash[h] for h in hashes)).tobytes()


class ZipfTable:
    def __init__(self, lang: str):
        self.lang = lang
        # The lists ship inside the wordfreq package: its version names them.
        key = hashlib.sha256(repr((TABLE_FORMAT, _wordfreq_version(), lang)).encode()).hexdigest()[:24]
        hashes, values = cached(cache_dir("wordfreq"), f"zipf-{lang}", key, lambda: _build(lang))
        self.hashes, self.values = array("Q"), array("H")
        self.hashes.frombytes(hashes)
        self.values.frombytes(values)

    def zipf(self, word: str) -> float:
        """wordfreq.zipf_frequency(word, lang)."""
        wordfreq = _wordfreq()
        tokens = wordfreq.lossy_tokenize(word, self.lang)
        if len(tokens) != 1 or wordfreq.smash_numbers(tokens[0]) != tokens[0]:
            return wordfreq.zipf_frequency(word, self.lang)
        h = _hash(tokens[0])
        at = bisect_left(self.hashes, h)
        if at == len(self.hashes) or self.hashes[at] != h:
            return 0.0  # not in the list: zipf_frequency's minimum
        centi = self.values[at]
        return wordfreq.zipf_frequency(word, self.lang) if centi == _ASK else centi / 100


@lru_cache(maxsize=1)
def _wordfreq_version() -> str:
    return version("wordfreq")


@lru_cache(maxsize=None)
def zipf_table(lang: str) -> ZipfTable:
    return ZipfTable(lang)


def zipf_frequency(word: str, lang: str) -> float:
    """Same as wordfreq.zipf_frequency(word, lang) (wordlist 'best', minimum 0)."""
    return zipf_table(lang).zipf(word)
