# cython: language_level=3, boundscheck=False, wraparound=False
"""`pipeline.despin.tokens.text_words` as one C loop over the characters.

Same words, offsets, norms and joins as the regular-expression version (the
identity test, tests/test_typed_decoder.py, compares them on random text):
a word is a run of ASCII letters and digits, with inner apostrophe parts
("it's", "TikTok’s"), or a dotted abbreviation ("p.c", "U.S.A", "U.Okay":
the spinner's forms of "percent" and "U.K."); the gap before a word joins it
to the previous word when the gap is only blanks, tabs and hyphens. Why: the
capturing split and the maps after it took as long as decoding the lattice on
spun text (about 16 ms per 123 kB), most of it in the regular expression engine.
"""

from cpython.unicode cimport PyUnicode_Substring

from pipeline.despin.tokens import Words

cdef Py_UCS4 CURLY = 0x2019  # ’


cdef inline bint _alnum(Py_UCS4 c) noexcept:
    return (c >= 97 and c <= 122) or (c >= 65 and c <= 90) or (c >= 48 and c <= 57)


cdef inline bint _alpha(Py_UCS4 c) noexcept:
    return (c >= 97 and c <= 122) or (c >= 65 and c <= 90)


cdef inline bint _dot_letter(str text, Py_ssize_t i, Py_ssize_t n) noexcept:
    """A dot at i with a letter after it: the next part of a dotted abbreviation."""
    return i + 1 < n and text[i] == 46 and _alpha(text[i + 1])


cdef inline Py_ssize_t _dotted_end(str text, Py_ssize_t i, Py_ssize_t n) noexcept:
    """End of the dotted abbreviation that begins at i (a single letter, and a
    dot and a letter after it): what tokens.DOTTED_RE matches. Single letters
    go on while a dot and a letter follow; a part of two letters or more
    ("U.Okay") is the last one."""
    i += 1  # the single letter; i is on a dot with a letter after it
    while True:
        i += 2  # the dot and the part's first letter
        if i < n and _alpha(text[i]):
            while i < n and _alpha(text[i]):
                i += 1
            return i
        if not _dot_letter(text, i, n):
            return i


cdef inline Py_ssize_t _word_end(str text, Py_ssize_t i, Py_ssize_t n, bint* curly) noexcept:
    """End of the word that begins at i: a dotted abbreviation (tried first,
    as in tokens.WORD_RE), else letters and digits, then inner apostrophe
    parts (' or ’ followed by at least one letter)."""
    if _alpha(text[i]) and _dot_letter(text, i + 1, n):
        return _dotted_end(text, i, n)
    while i < n and _alnum(text[i]):
        i += 1
    while i + 1 < n and (text[i] == 39 or text[i] == CURLY) and _alpha(text[i + 1]):
        if text[i] == CURLY:
            curly[0] = True
        i += 2
        while i < n and _alpha(text[i]):
            i += 1
    return i


def word_list(str text):
    """The words of `text`, as written: what `WORD_RE.findall(text)` gives
    (the screen counts them)."""
    cdef Py_ssize_t n = len(text), i = 0, start
    cdef bint curly = False
    cdef list out = []
    while i < n:
        if not _alnum(text[i]):
            i += 1
            continue
        start = i
        i = _word_end(text, i, n, &curly)
        out.append(PyUnicode_Substring(text, start, i))
    return out


def text_words(str text):
    """The words of `text` as `Words` (what tokens.text_words gives)."""
    cdef Py_ssize_t n = len(text), i = 0, start, end, gap_start = 0, k
    cdef Py_UCS4 c
    cdef bint joins, hyphen, curly = False, first = True
    cdef list starts = [], ends = [], texts = [], norms = [], joined = [], hyphens = []
    cdef str word
    while i < n:
        c = text[i]
        if not _alnum(c):
            i += 1
            continue
        start = i
        i = _word_end(text, i, n, &curly)
        end = i
        # the gap before the word joins it when it is non-empty and only [ \t-]
        joins = gap_start < start and not first
        hyphen = False
        if joins:
            for k in range(gap_start, start):
                c = text[k]
                if c == 45:
                    hyphen = True
                elif c != 32 and c != 9:
                    joins = False
                    break
        first = False
        word = PyUnicode_Substring(text, start, end)
        starts.append(start)
        ends.append(end)
        texts.append(word)
        norms.append(word.lower())
        joined.append(joins)
        hyphens.append(joins and hyphen)
        gap_start = end
    if curly:
        norms = [w.replace("’", "'") for w in norms]
    return Words(starts, ends, texts, norms, joined, hyphens)
