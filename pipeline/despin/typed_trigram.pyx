# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The trigram model's scores through pocketsphinx's C function, not its Python method.

`pocketsphinx.NGramModel.prob` builds a list of byte strings and a C array per
query (about 2.9 µs); the trigram layer asks tens of thousands of queries per
100 kB of spun text. `TypedTrigram` calls the same C function, `ngram_prob`,
on a model that the same C function as `NGramModel.readfile` loaded, with the
words' UTF-8 buffers that Python keeps in each string: the same integers, so
the same scores bit for bit (tests/test_despin_trigram.py compares them),
each score cached as in `TrigramModel`. `pipeline/despin/trigram.py` finds
the C functions in pocketsphinx's extension module (ctypes) and passes the
model's and `ngram_prob`'s addresses here; the Python `TrigramModel` stays
the reference and the fallback.

`typed_recheck` is `context_check.python_recheck` over the same objects with typed
positions and direct scoring calls (the Python pass spent 13 of its 22 ms per
123 kB in its own loop); `python_recheck` stays the reference, and
tests/test_despin_trigram.py compares the two on random lattices.
"""

from operator import itemgetter

from cpython.unicode cimport PyUnicode_AsUTF8
from libc.math cimport INFINITY

_span = itemgetter(0, 1)

ctypedef int (*prob_function)(void *model, const char **words, int n) noexcept nogil


cdef class TypedTrigram:
    """log10 P(word | prev, prev2) and window scores, as `TrigramModel` gives them."""

    cdef void *model
    cdef prob_function prob
    cdef double unit, oov_logp, oov_below
    cdef readonly str name
    #: (word, prev, prev2) -> score: a query to the model costs about 0.9 µs,
    #: a look-up here 0.15 (contexts repeat within and across documents)
    cdef dict cache
    cdef Py_ssize_t cache_size

    def __init__(self, size_t model_address, size_t prob_address, double unit, double oov_logp, double oov_below,
                 str name="", Py_ssize_t cache_size=1_000_000):
        if model_address == 0 or prob_address == 0:
            raise ValueError("TypedTrigram needs a loaded model and the address of ngram_prob")
        self.model = <void *>model_address
        self.prob = <prob_function>prob_address
        self.unit, self.oov_logp, self.oov_below = unit, oov_logp, oov_below
        self.name = name
        self.cache = {}
        self.cache_size = cache_size

    cdef inline double _score(self, str word, object prev, object prev2):
        cdef object key = (word, prev, prev2)
        cdef object found = self.cache.get(key)
        cdef double score
        if found is not None:
            return <double>found
        score = self._query(word, prev, prev2)
        if len(self.cache) >= self.cache_size:
            self.cache.clear()  # bounded: a long run must not grow without limit
        self.cache[key] = score
        return score

    cdef double _query(self, str word, object prev, object prev2):
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

    cdef double _window(self, tuple left, tuple words, tuple right):
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

    cpdef double window_score(self, object left, tuple words, object right):
        """Same sums in the same order as TrigramModel.window_score."""
        return self._window(tuple(left), words, tuple(right))

    def clear(self):
        """Forget the cached scores (the bench's first pass starts cold)."""
        self.cache.clear()


def typed_recheck(list norms, list joined, list arcs, list choices, TypedTrigram model, double change_weight,
                  double rank_weight, double abstain_margin, tuple layers, double settled, Py_ssize_t left_context,
                  Py_ssize_t right_context, choice_class):
    """context_check.recheck, step for step (see there for what it decides
    and why). Arcs are (start, end, words, layer, cost, strong) tuples and
    choices (arc, gain) tuples, read by position."""
    cdef Py_ssize_t n = len(norms), start, end, k, i, j, count, m = 0
    cdef list reading = [(w,) for w in norms]
    cdef list span_of = [None] * n
    cdef dict decided = {}
    cdef list mine = []
    cdef list alternatives
    cdef tuple arc, span, left, right, written, choice, other
    cdef object before, best
    cdef double kept, best_prior, prior, score, best_score, runner_up, cost
    cdef bint skip
    for item in arcs:
        if (<tuple>item)[3] in layers:
            mine.append(item)
    if not mine:
        return choices
    mine.sort(key=_span)  # stable: a span's arcs stay in lattice order
    for item in choices:
        choice = <tuple>item
        arc = <tuple>choice[0]
        start, end = arc[0], arc[1]
        span = (start, end)
        decided[span] = item
        reading[start] = arc[2]
        for k in range(start + 1, end):
            reading[k] = ()
        for k in range(start, end):
            span_of[k] = span
    count = len(mine)
    i = 0
    while i < count:
        arc = <tuple>mine[i]
        start, end = arc[0], arc[1]
        j = i + 1
        while j < count and (<tuple>mine[j])[0] == start and (<tuple>mine[j])[1] == end:
            j += 1
        alternatives = mine[i:j]
        i = j
        span = (start, end)
        before = decided.get(span)
        if len(alternatives) == 1 and (arc[5] or (before is not None and (<tuple>before)[1] >= settled)):
            continue
        skip = False
        for k in range(start, end):
            if span_of[k] is not None and span_of[k] != span:
                skip = True
                break
        if skip:
            continue
        written = tuple(norms[start:end])
        left = ()
        k = start
        while k > 0 and joined[k] and len(left) < left_context:
            k -= 1
            left = <tuple>reading[k] + left
        if len(left) > left_context:
            left = left[len(left) - left_context:]
        if end < n and joined[end]:
            right = <tuple>reading[end]
            if len(right) > right_context:
                right = right[:right_context]
        else:
            right = ()
        kept = model._window(left, written, right)
        best_prior = (<tuple>alternatives[0])[4]
        for item in alternatives[1:]:
            cost = (<tuple>item)[4]
            if cost < best_prior:
                best_prior = cost
        best = None
        best_score = kept
        runner_up = -INFINITY
        for item in alternatives:
            arc = <tuple>item
            prior = change_weight * best_prior + rank_weight * (<double>arc[4] - best_prior)
            score = model._window(left, <tuple>arc[2], right) - prior
            if score > best_score:
                best, best_score, runner_up = item, score, best_score
            elif score > runner_up:
                runner_up = score
        if best is None or best_score - runner_up < abstain_margin:
            if before is not None:
                del decided[span]
                for k in range(start, end):
                    reading[k] = (norms[k],)
                    span_of[k] = None
            continue
        if before is not None and (<tuple>before)[0] == best:
            continue
        decided[span] = choice_class(best._replace(layer=best.layer + "+trigram"), best_score - kept)
        reading[start] = (<tuple>best)[2]
        for k in range(start + 1, end):
            reading[k] = ()
        for k in range(start, end):
            span_of[k] = span
    return [decided[key] for key in sorted(decided)]
