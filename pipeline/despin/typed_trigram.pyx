# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The trigram model's scores through pocketsphinx's C function, not its Python method.

`pocketsphinx.NGramModel.prob` builds a list of byte strings and a C array per
query (about 2.9 µs); the trigram layer asks tens of thousands of queries per
100 kB of spun text. `TypedTrigram` calls the same C function, `ngram_prob`,
on a model that the same C function as `NGramModel.readfile` loaded, with the
words' UTF-8 buffers that Python keeps in each string: the same integers, so
the same scores bit for bit (tests/test_despin_trigram.py compares them),
with no cache needed. `pipeline/despin/trigram.py` finds the two C functions
in pocketsphinx's extension module (ctypes) and passes their addresses here;
the Python `TrigramModel` stays the reference and the fallback.
"""

from cpython.unicode cimport PyUnicode_AsUTF8

ctypedef int (*prob_function)(void *model, const char **words, int n) noexcept nogil


cdef class TypedTrigram:
    """log10 P(word | prev, prev2) and window scores, as `TrigramModel` gives them."""

    cdef void *model
    cdef prob_function prob
    cdef double unit, oov_logp, oov_below
    cdef readonly str name

    def __init__(self, size_t model_address, size_t prob_address, double unit, double oov_logp, double oov_below,
                 str name=""):
        if model_address == 0 or prob_address == 0:
            raise ValueError("TypedTrigram needs a loaded model and the address of ngram_prob")
        self.model = <void *>model_address
        self.prob = <prob_function>prob_address
        self.unit, self.oov_logp, self.oov_below = unit, oov_logp, oov_below
        self.name = name

    cdef inline double _score(self, str word, object prev, object prev2):
        cdef const char *words[3]
        cdef int n = 1
        cdef int raw
        words[0] = PyUnicode_AsUTF8(word)
        if prev is not None:
            words[1] = PyUnicode_AsUTF8(prev)
            n = 2
            if prev2 is not None:
                words[2] = PyUnicode_AsUTF8(prev2)
                n = 3
        raw = self.prob(self.model, words, n)
        if raw < self.oov_below:
            return self.oov_logp
        return raw * self.unit

    cpdef double logp(self, str word, object prev=None, object prev2=None):
        return self._score(word, prev, prev2)

    cpdef double window_score(self, object left, tuple words, object right):
        """Same sums in the same order as TrigramModel.window_score."""
        cdef object prev = None
        cdef object prev2 = None
        cdef Py_ssize_t n_left = len(left)
        cdef double score = 0.0
        cdef str word
        if n_left:
            prev = left[n_left - 1]
            if n_left > 1:
                prev2 = left[n_left - 2]
        for word in words:
            score += self._score(word, prev, prev2)
            prev2 = prev
            prev = word
        for word in right:
            score += self._score(word, prev, prev2)
            prev2 = prev
            prev = word
        return score

    def clear(self):
        """Nothing cached (the C model answers each query directly)."""
