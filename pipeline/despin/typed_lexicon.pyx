# cython: language_level=3, boundscheck=False, wraparound=False
"""The word walk of `pipeline.despin.candidates.lexicon_arcs` as one typed loop.

Same arcs in the same order as the Python walk (tests/test_typed_decoder.py
compares the two on cases and on random word sequences; bench.despin.identity
and tests/test_despin_compiled.py compare whole outputs). Why: two thirds of
a spun paragraph's words begin some spun form ("the", "of", "in" begin
phrases), so the walk visits most words, and as generic Python it was the
stage's largest single cost on the lexicon family's text (about 16 % of the
instructions of a first pass).

A word begins a spun form exactly when the prefix tree has a node for it. A
node is `[templates or None, next word
-> node]`, the templates `(original words, cost, strong)` as
`candidates._entry_templates` makes them. Possessives ("crew's" looked up as
"crew") are rare and go through `possessive(i, length)`, the Python code's own.
The weak arcs that cut into a strong multi-word form are then dropped as
`candidates._strong_phrases_first` drops them, over a flag per position.
"""

cdef str LEXICON = "lexicon"


cdef inline bint _possessive(str norm) noexcept:
    """norm.endswith("'s")"""
    cdef Py_ssize_t k = len(norm)
    return k >= 2 and norm[k - 1] == 115 and norm[k - 2] == 39


cdef inline void _add(list arcs, object arc_new, object arc_class, Py_ssize_t start, Py_ssize_t end,
                      list found):
    cdef tuple template
    for template in found:
        arcs.append(arc_new(arc_class, (start, end, template[0], LEXICON, template[1], template[2])))


cdef inline bint _compound(list texts, list hyphen, Py_ssize_t i, Py_ssize_t n):
    """tokens.in_lowercase_compound: a lower-case word joined to another by a hyphen"""
    return (<bint>hyphen[i] or (i + 1 < n and <bint>hyphen[i + 1])) and (<str>texts[i]).islower()


def lexicon_walk(list norms, list texts, list hyphen, list joined, dict trie,
                 Py_ssize_t max_len, object possessive, object arc_class, object arc_new):
    """The lexicon's arcs of one paragraph, `_strong_phrases_first` applied.
    `possessive(i, length)`: the arcs of the possessive form of
    norms[i:i + length] (a list), called where the Python walk looks one up."""
    cdef list arcs = []
    cdef Py_ssize_t n = len(norms)
    cdef Py_ssize_t i, length
    cdef bint hyphens = True in hyphen  # without a hyphen no word is part of a compound
    cdef bint compound
    cdef str norm
    cdef object node, found
    for i in range(n):
        norm = <str>norms[i]
        node = trie.get(norm)
        if node is None:
            # not a first word: only a possessive of one ("crew's") is looked at
            if _possessive(norm) and norm[:len(norm) - 2] in trie:
                if not (hyphens and _compound(texts, hyphen, i, n)):
                    arcs.extend(possessive(i, 1))
            continue
        compound = hyphens and _compound(texts, hyphen, i, n)
        length = 1
        while True:
            if length > 1 or not compound:  # a part of "data-driven" stays; "on-line" as a whole may not
                found = (<list>node)[0] if node is not None else None
                if found is not None:
                    _add(arcs, arc_new, arc_class, i, i + length, <list>found)
                elif _possessive(<str>norms[i + length - 1]):
                    arcs.extend(possessive(i, length))
            if node is None:
                break  # no spun form begins with these words
            length += 1
            if length > max_len or i + length > n or not <bint>joined[i + length - 1]:
                break
            node = (<dict>(<list>node)[1]).get(norms[i + length - 1])
    return strong_phrases_first(arcs, n)


def strong_phrases_first(list arcs, Py_ssize_t n):
    """candidates._strong_phrases_first over arcs of a paragraph of n words:
    the weak arcs that cut into a strong multi-word form are dropped."""
    cdef bytearray covered = bytearray(n + 1)
    cdef unsigned char* inside = covered
    cdef bint any_covered = False
    cdef object item
    cdef tuple arc  # an Arc: a tuple subclass, read as its tuple (exact-type checks would refuse it)
    cdef Py_ssize_t start, end, k
    for item in arcs:
        arc = <tuple>item
        start, end = arc[0], arc[1]
        if <bint>arc[5] and end - start > 1:
            any_covered = True
            for k in range(start, end):
                inside[k] = 1
    if not any_covered:
        return arcs
    cdef list kept = []
    for item in arcs:
        arc = <tuple>item
        if not <bint>arc[5]:
            start, end = arc[0], arc[1]
            for k in range(start, end):
                if inside[k]:
                    break
            else:
                kept.append(item)
            continue
        kept.append(item)
    return kept
