"""Keep names as written through an engine that would translate them.

Each name span of a sentence is replaced by a placeholder the engine copies
unchanged, and put back in its place after translation. A placeholder is a
word the engine itself knows as a proper noun (the engine offers them,
`name_placeholders`): an unknown token would change the sentence around it
(Apertium capitalises the word after an unknown one at a sentence start, "Zhou
Arrived"), a proper noun is read as the name it stands for. Placeholders are
distinct within a sentence, so a name comes back in its place even when the
engine reorders words.

When a placeholder does not come back exactly once, the sentence is
translated again without masking: protection can cost a name, never a
sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex


@dataclass(frozen=True, slots=True)
class Masked:
    text: str
    #: (placeholder, original) in the order of the source.
    names: tuple[tuple[str, str], ...] = ()


def mask(sentence: str, spans: list[tuple[int, int]], placeholders: tuple[str, ...]) -> Masked:
    """The sentence with each span replaced by a placeholder it does not
    already contain; spans beyond the free placeholders stay as they are."""
    lowered = sentence.lower()
    free = [p for p in placeholders if not _find(p.lower(), lowered)]
    pieces, names, cursor = [], [], 0
    for (start, end), placeholder in zip(spans, free):
        pieces.append(sentence[cursor:start] + placeholder)
        names.append((placeholder, sentence[start:end]))
        cursor = end
    pieces.append(sentence[cursor:])
    return Masked("".join(pieces), tuple(names))


def unmask(translation: str, masked: Masked) -> str | None:
    """The translation with the names put back; None when a placeholder is
    missing or repeated (the caller translates the sentence unmasked)."""
    for placeholder, original in masked.names:
        found = _find(placeholder, translation)
        if len(found) != 1:
            return None
        start, end = found[0]
        translation = translation[:start] + original + translation[end:]
    return translation


def _find(word: str, text: str) -> list[tuple[int, int]]:
    # Whole words only: "Pedro" must not match inside "Pedrosa".
    return [m.span() for m in regex.finditer(rf"(?<![\p{{L}}\p{{M}}\p{{N}}]){regex.escape(word)}"
                                            rf"(?![\p{{L}}\p{{M}}\p{{N}}])", text)]
