# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The decoder of `pipeline.despin.decoder`, over integer word ids and C arrays.

Same results, bit for bit (the same float additions in the same order, the
same tie-breaking: the first best wins), so `Decoder` and `TypedDecoder` are
interchangeable; the identity test (tests/test_despin_compiled.py) compares
them. Why it exists: the first pass over spun text spent a third of its time
scoring word pairs, mostly in filling the Python decoder's memo of scores
(about 1.6 microseconds a pair: a string built and looked up in three large
dicts). Here a word is an index into arrays of its unigram score and
unseen-pair cap, a word pair is one probe of an open-addressing table, and
the Viterbi states live in C arrays: no memo, nothing to warm up.

Words the model does not know all score alike (the unknown-word unigram, no
listed pair, no cap after them), so they share one id per article sound
("a"/"an" agreement): UNKNOWN_VOWEL or UNKNOWN_CONSONANT.

Optional: setup.py builds it when Cython and a C compiler are there;
`pipeline.despin.decoder.new_decoder` falls back to the Python `Decoder`.
"""

cimport cython
from libc.stdlib cimport malloc, calloc, free
from libc.string cimport memcpy
from libc.stdint cimport uint64_t, int32_t
from libc.math cimport isnan, NAN

from pipeline.despin.decoder import ARTICLE_PENALTY, Choice, starts_with_vowel_sound
from pipeline.despin.language_model import LOG_BACKOFF

cdef uint64_t EMPTY = <uint64_t>0xFFFFFFFFFFFFFFFF
cdef uint64_t GOLDEN = <uint64_t>0x9E3779B97F4A7C15

cdef object _new_choice = tuple.__new__


cdef struct State:
    int word        # last word read (an id; -1: none, the start of a phrase)
    int back        # last word of the state this one was reached from
    int arc         # index of the arc that ends here in the island's arc list; -1: word kept
    double score


@cython.final
cdef class TypedDecoder:
    """`Decoder` (same methods, same results) over word ids."""

    cdef double* uni
    cdef double* unseen     # NAN where the model has no cap for an unseen pair after the word
    cdef unsigned char* vowel
    cdef int n_ids
    cdef uint64_t* keys
    cdef double* values
    cdef uint64_t mask
    cdef int shift
    cdef int id_a, id_an
    cdef readonly int unknown_vowel, unknown_consonant
    cdef double log_backoff, article_penalty
    cdef readonly dict ids
    #: words tuple -> tuple of ids (lattice arcs reuse a few thousand tuples)
    cdef dict _word_ids
    cdef readonly object lm

    def __cinit__(self):
        self.uni = NULL
        self.unseen = NULL
        self.vowel = NULL
        self.keys = NULL
        self.values = NULL

    def __init__(self, lm, dict packed=None):
        """`packed`: what `packed()` gave for this model (a disk cache keeps it,
        pipeline.despin.tables): copied, not worked out again (0.2 s)."""
        if packed is not None:
            self._unpack(lm, packed)
            return
        cdef dict uni = lm._uni, bi = lm._bi, unseen = lm._unseen
        cdef dict ids = {}
        cdef str key, word
        cdef Py_ssize_t cut
        cdef int n = 0
        for word in uni:
            ids[word] = n
            n += 1
        for key in bi:  # a listed pair's right word need not be a listed word
            word = key[key.find(" ") + 1:]
            if word not in ids:
                ids[word] = n
                n += 1
        self._name_words(lm, ids)
        self.n_ids = n + 2
        self.uni = <double*>malloc(self.n_ids * sizeof(double))
        self.unseen = <double*>malloc(self.n_ids * sizeof(double))
        self.vowel = <unsigned char*>malloc(self.n_ids * sizeof(unsigned char))
        if self.uni == NULL or self.unseen == NULL or self.vowel == NULL:
            raise MemoryError()
        cdef double unknown = lm._unknown
        cdef int i
        for word, i in ids.items():
            self.uni[i] = uni.get(word, unknown)
            cap = unseen.get(word)
            self.unseen[i] = NAN if cap is None else cap
            self.vowel[i] = starts_with_vowel_sound(word)
        for i, flag in ((self.unknown_vowel, 1), (self.unknown_consonant, 0)):
            self.uni[i], self.unseen[i], self.vowel[i] = unknown, NAN, flag
        # the pair table: open addressing, at most half full
        cdef uint64_t size = 1
        self.shift = 64
        while size < 2 * len(bi) + 2:
            size <<= 1
            self.shift -= 1
        self.mask = size - 1
        self.keys = <uint64_t*>malloc(size * sizeof(uint64_t))
        self.values = <double*>calloc(size, sizeof(double))  # zeros in empty slots: packed() is deterministic
        if self.keys == NULL or self.values == NULL:
            raise MemoryError()
        cdef uint64_t k
        for k in range(size):
            self.keys[k] = EMPTY
        cdef int left, right
        for key, value in bi.items():
            cut = key.find(" ")
            left = ids[key[:cut]]
            right = ids[key[cut + 1:]]
            self._insert((<uint64_t>left << 32) | <uint64_t>right, value)

    def packed(self) -> dict:
        """The tables as builtin types (words in id order, arrays as bytes), for the disk cache."""
        cdef uint64_t size = self.mask + 1
        return {"words": list(self.ids), "shift": self.shift,
                "uni": (<char*>self.uni)[:self.n_ids * sizeof(double)],
                "unseen": (<char*>self.unseen)[:self.n_ids * sizeof(double)],
                "vowel": (<char*>self.vowel)[:self.n_ids],
                "keys": (<char*>self.keys)[:size * sizeof(uint64_t)],
                "values": (<char*>self.values)[:size * sizeof(double)]}

    cdef _unpack(self, lm, dict packed):
        cdef list words = packed["words"]
        cdef bytes uni = packed["uni"], unseen = packed["unseen"], vowel = packed["vowel"]
        cdef bytes keys = packed["keys"], values = packed["values"]
        self.n_ids = len(words) + 2
        self.shift = packed["shift"]
        cdef uint64_t size = (<uint64_t>1) << (64 - self.shift)
        if (len(uni) != self.n_ids * sizeof(double) or len(unseen) != len(uni) or len(vowel) != self.n_ids
                or len(keys) != size * sizeof(uint64_t) or len(values) != size * sizeof(double)):
            raise ValueError("typed decoder tables of another layout")
        self.mask = size - 1
        self.uni = <double*>malloc(len(uni))
        self.unseen = <double*>malloc(len(unseen))
        self.vowel = <unsigned char*>malloc(len(vowel))
        self.keys = <uint64_t*>malloc(len(keys))
        self.values = <double*>malloc(len(values))
        if self.uni == NULL or self.unseen == NULL or self.vowel == NULL or self.keys == NULL or self.values == NULL:
            raise MemoryError()
        memcpy(self.uni, <char*>uni, len(uni))
        memcpy(self.unseen, <char*>unseen, len(unseen))
        memcpy(self.vowel, <char*>vowel, len(vowel))
        memcpy(self.keys, <char*>keys, len(keys))
        memcpy(self.values, <char*>values, len(values))
        self._name_words(lm, {word: i for i, word in enumerate(words)})

    cdef _name_words(self, lm, dict ids):
        """What both constructors set alike: the vocabulary, the two unknown-word ids, the article ids."""
        self.lm, self.ids, self._word_ids = lm, ids, {}
        self.unknown_vowel, self.unknown_consonant = len(ids), len(ids) + 1
        self.id_a, self.id_an = ids.get("a", -2), ids.get("an", -2)
        self.log_backoff, self.article_penalty = LOG_BACKOFF, ARTICLE_PENALTY

    def __dealloc__(self):
        free(self.uni)
        free(self.unseen)
        free(self.vowel)
        free(self.keys)
        free(self.values)

    cdef void _insert(self, uint64_t key, double value):
        cdef uint64_t slot = (key * GOLDEN) >> self.shift
        while self.keys[slot] != EMPTY and self.keys[slot] != key:
            slot = (slot + 1) & self.mask
        self.keys[slot] = key
        self.values[slot] = value

    # -- scores ------------------------------------------------------------------
    cdef double score(self, int word, int prev) noexcept:
        """log10 P(word | prev) with the article penalty: what the Python
        decoder's memo computes (`_Scores.__missing__`), same arithmetic."""
        cdef double value, cap
        if prev < 0:
            return self.uni[word]
        cdef uint64_t key = (<uint64_t>prev << 32) | <uint64_t>word
        cdef uint64_t slot = (key * GOLDEN) >> self.shift
        while True:
            if self.keys[slot] == key:
                value = self.values[slot]
                break
            if self.keys[slot] == EMPTY:
                value = self.uni[word] + self.log_backoff
                cap = self.unseen[prev]
                if not isnan(cap) and not value < cap:
                    value = cap
                break
            slot = (slot + 1) & self.mask
        if prev == self.id_a:
            if self.vowel[word]:
                value -= self.article_penalty
        elif prev == self.id_an:
            if not self.vowel[word]:
                value -= self.article_penalty
        return value

    cpdef int word_id(self, word):
        """The id of a word; None (no word: the start of a phrase) is -1."""
        if word is None:
            return -1
        found = self.ids.get(word)
        if found is not None:
            return found
        return self.unknown_vowel if starts_with_vowel_sound(word) else self.unknown_consonant

    cdef tuple _ids_of(self, tuple words):
        found = self._word_ids.get(words)
        if found is None:
            found = tuple([self.word_id(w) for w in words])
            if len(self._word_ids) >= 1_000_000:
                self._word_ids.clear()  # bounded: arcs come from the lexicon and WordNet tables
            self._word_ids[words] = found
        return <tuple>found

    def clear(self):
        """Empty the caches (what clearing the Python decoder's memo does:
        the benchmark's first pass starts cold)."""
        self._word_ids.clear()

    def __getitem__(self, key):
        """score of (word, previous word): the Python decoder's memo interface."""
        word, prev = key
        return self.score(self.word_id(word), self.word_id(prev))

    @property
    def _memo(self):
        """The subscript interface the WordNet layer scores through (`memo[(word, prev)]`)."""
        return self

    def logp(self, str word, prev):
        return self.score(self.word_id(word), self.word_id(prev))

    def fitting_one(self, str norm, prev, nxt, tuple singles, double cost, double slack):
        """The WordNet layer's pruning of one written word's one-word
        candidates (`candidates._fitting_one`, after its `singles`): those
        that score, with the written neighbours, at most `slack` below what
        they must earn. Same sums in the same order, scores from the arrays."""
        cdef int w = self.word_id(norm), p = self.word_id(prev), x, c
        cdef double base = self.score(w, p)
        cdef list found = []
        if nxt:
            x = self.word_id(nxt)
            base += self.score(x, w)
            for words in singles:
                c = self.word_id((<tuple>words)[0])
                if self.score(c, p) + self.score(x, c) - base - cost >= slack:
                    found.append(words)
        else:
            for words in singles:
                c = self.word_id((<tuple>words)[0])
                if self.score(c, p) - base - cost >= slack:
                    found.append(words)
        return tuple(found)

    def seq_score(self, tuple words, prev, next_word):
        cdef double total = 0.0
        cdef int p = self.word_id(prev), w
        for word in words:
            w = self.word_id(word)
            total += self.score(w, p)
            p = w
        if next_word is not None:
            total += self.score(self.word_id(next_word), p)
        return total

    def best_single(self, list norms, list joined, list arcs, Py_ssize_t i, context):
        """`Decoder.best_single`."""
        cdef int word = self.word_id(norms[i]), ctx = self.word_id(context), nxt = -1, left, right
        cdef bint has_next = i + 1 < len(norms) and joined[i + 1]
        if has_next:
            nxt = self.word_id(norms[i + 1])
        cdef double kept = self.score(word, ctx), score, gain, best_gain = 0.0
        if has_next:
            kept += self.score(nxt, word)
        cdef tuple ids
        cdef Py_ssize_t k, m
        best = None
        for arc in arcs:
            ids = self._ids_of(<tuple>(<tuple>arc)[2])
            m = len(ids)
            left = ids[0]
            score = self.score(left, ctx) - <double>(<tuple>arc)[4]
            for k in range(1, m):
                right = ids[k]
                score += self.score(right, left)
                left = right
            if has_next:
                score += self.score(nxt, left)
            gain = score - kept
            if best is None or gain > best_gain:
                best, best_gain = arc, gain
        if best is not None and best_gain >= 0.0:
            return _new_choice(Choice, (best, best_gain))
        return None

    def decode(self, list norms, list joined, dict by_start, Py_ssize_t lo, Py_ssize_t hi, context):
        """`Decoder.decode`: the best path over words lo..hi-1, then the local
        advantage of each changing arc on it. States are kept per position in
        the order they were first reached, and updated in place, as the
        Python decoder's dicts keep them: its ties go the same way."""
        cdef Py_ssize_t n_slots = hi - lo + 1, i, p, k, m, s, top, found
        cdef Py_ssize_t n = len(norms)
        # the island's arcs (those that end by hi), in position order, and per slot
        # how many states can end there (one per arc ending there, one for a kept word)
        cdef list arcs = []
        cdef int* capacity = <int*>calloc(n_slots + 1, sizeof(int))
        cdef int* offset = <int*>malloc((n_slots + 1) * sizeof(int))
        cdef int* count = <int*>calloc(n_slots, sizeof(int))
        cdef int* word_ids = <int*>malloc((n_slots + 1) * sizeof(int))
        cdef unsigned char* joins = <unsigned char*>malloc((n_slots + 1) * sizeof(unsigned char))
        cdef State* states = NULL
        cdef int* arc_first = NULL
        cdef int* arc_last = NULL
        cdef int* arc_end = NULL
        cdef double* arc_inner = NULL
        cdef int* arc_from = NULL   # first arc index at each position
        cdef tuple arc, ids
        cdef int a, left, right, word, n_arcs, total_states
        cdef double inner, value, total, best_score, new, old, cost
        cdef bint has_best, has_next
        cdef int key, nxt_word, prev, state_word, p_word
        cdef Py_ssize_t start, end
        cdef bint nxt
        cdef list choices
        try:
            if capacity == NULL or offset == NULL or count == NULL or word_ids == NULL or joins == NULL:
                raise MemoryError()
            for i in range(lo, hi + 1):
                word_ids[i - lo] = self.word_id(norms[i]) if i < n else -1
                joins[i - lo] = (i < n and joined[i])
            arc_from = <int*>malloc((n_slots + 1) * sizeof(int))
            if arc_from == NULL:
                raise MemoryError()
            capacity[0] = 1
            for i in range(lo, hi):
                arc_from[i - lo] = len(arcs)
                capacity[i + 1 - lo] += 1
                found_arcs = by_start.get(i)
                if found_arcs is None:
                    continue
                for arc_object in <list>found_arcs:
                    arc = <tuple>arc_object
                    if <Py_ssize_t>arc[1] > hi:
                        continue
                    arcs.append(arc)
                    capacity[<Py_ssize_t>arc[1] - lo] += 1
            arc_from[n_slots - 1] = len(arcs)
            n_arcs = len(arcs)
            total_states = 0
            for s in range(n_slots):
                offset[s] = total_states
                total_states += capacity[s]
            states = <State*>malloc(total_states * sizeof(State))
            arc_first = <int*>malloc((n_arcs + 1) * sizeof(int))
            arc_last = <int*>malloc((n_arcs + 1) * sizeof(int))
            arc_end = <int*>malloc((n_arcs + 1) * sizeof(int))
            arc_inner = <double*>malloc((n_arcs + 1) * sizeof(double))
            if states == NULL or arc_first == NULL or arc_last == NULL or arc_end == NULL or arc_inner == NULL:
                raise MemoryError()
            # per arc: first and last word, end, and the score inside it (minus its cost)
            for a in range(n_arcs):
                arc = <tuple>arcs[a]
                ids = self._ids_of(<tuple>arc[2])
                m = len(ids)
                inner = -<double>arc[4]
                left = ids[0]
                for k in range(1, m):
                    right = ids[k]
                    inner += self.score(right, left)
                    left = right
                arc_first[a], arc_last[a], arc_end[a], arc_inner[a] = ids[0], left, <int>arc[1], inner
            states[0].word, states[0].back, states[0].arc, states[0].score = self.word_id(context), -1, -1, 0.0
            count[0] = 1
            for i in range(lo, hi):
                s = i - lo
                if count[s] == 0:
                    continue
                word = word_ids[s]
                if joins[s]:
                    for a in range(arc_from[s], arc_from[s + 1]):
                        # the first best state to enter this arc from
                        top = offset[s]
                        total = states[top].score + arc_inner[a] + self.score(arc_first[a], states[top].word)
                        for p in range(offset[s] + 1, offset[s] + count[s]):
                            value = states[p].score + arc_inner[a] + self.score(arc_first[a], states[p].word)
                            if value > total:
                                total, top = value, p
                        _offer(states, offset, count, arc_end[a] - lo, arc_last[a], total, states[top].word, a)
                    top = offset[s]
                    total = states[top].score + self.score(word, states[top].word)
                    for p in range(offset[s] + 1, offset[s] + count[s]):
                        value = states[p].score + self.score(word, states[p].word)
                        if value > total:
                            total, top = value, p
                    _offer(states, offset, count, s + 1, word, total, states[top].word, -1)
                else:
                    # no context crosses punctuation: only the best state matters
                    top = offset[s]
                    for p in range(offset[s] + 1, offset[s] + count[s]):
                        if states[p].score > states[top].score:
                            top = p
                    best_score = states[top].score
                    state_word = states[top].word
                    for a in range(arc_from[s], arc_from[s + 1]):
                        total = best_score + arc_inner[a] + self.score(arc_first[a], -1)
                        _offer(states, offset, count, arc_end[a] - lo, arc_last[a], total, state_word, a)
                    total = best_score + self.score(word, -1)
                    _offer(states, offset, count, s + 1, word, total, state_word, -1)
            # backtrack from the first best final state, with each changing arc's gain
            s = n_slots - 1
            top = offset[s]
            for p in range(offset[s] + 1, offset[s] + count[s]):
                if states[p].score > states[top].score:
                    top = p
            key = states[top].word
            choices = []
            has_next = False
            nxt_word = -1
            end = hi
            while end > lo:
                found = _find(states, offset, count, end - lo, key)
                if found < 0:  # cannot happen: every back pointer names a state of the slot before
                    raise RuntimeError("typed decoder: broken back pointer")
                prev = states[found].back
                a = states[found].arc
                if a < 0:
                    start = end - 1
                    nxt_word = word_ids[start - lo]
                    has_next = True
                    end, key = start, prev
                    continue
                arc = <tuple>arcs[a]
                start = <Py_ssize_t>arc[0]
                ids = self._ids_of(<tuple>arc[2])
                if not joins[start - lo]:
                    prev = -1
                nxt = has_next and joins[end - lo]
                new = 0.0
                p_word = prev
                for k in range(len(ids)):
                    word = ids[k]
                    new += self.score(word, p_word)
                    p_word = word
                if nxt:
                    new += self.score(nxt_word, p_word)
                old = 0.0
                p_word = prev
                for k in range(start, end):
                    word = word_ids[k - lo]
                    old += self.score(word, p_word)
                    p_word = word
                if nxt:
                    old += self.score(nxt_word, p_word)
                cost = <double>arc[4]
                choices.append(_new_choice(Choice, (arc, -cost + new - old)))
                nxt_word = ids[0]
                has_next = True
                end, key = start, states[found].back
            choices.reverse()
            return choices
        finally:
            free(capacity)
            free(offset)
            free(count)
            free(word_ids)
            free(joins)
            free(states)
            free(arc_first)
            free(arc_last)
            free(arc_end)
            free(arc_inner)
            free(arc_from)


cdef inline Py_ssize_t _find(State* states, int* offset, int* count, Py_ssize_t slot, int word) noexcept:
    cdef Py_ssize_t p
    for p in range(offset[slot], offset[slot] + count[slot]):
        if states[p].word == word:
            return p
    return -1


cdef inline void _offer(State* states, int* offset, int* count, Py_ssize_t slot, int word, double total, int back,
                        int arc) noexcept:
    """Keep (total, back, arc) as the state `word` at `slot` if it beats the
    one there (strictly), or add it after the slot's states."""
    cdef Py_ssize_t p = _find(states, offset, count, slot, word)
    if p < 0:
        p = offset[slot] + count[slot]
        count[slot] += 1
    elif not total > states[p].score:
        return
    states[p].word, states[p].back, states[p].arc, states[p].score = word, back, arc, total
