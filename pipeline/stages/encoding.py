"""encoding: repair mojibake and control characters with ftfy, keep typography.

ftfy's explanations are the model for every stage's provenance: each changed
line records the steps that changed it, so a repair can be read and replayed.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import regex
from pydantic import Field

from pipeline.document import Document
from pipeline.stages.base import Stage, StageOutput, StageParams


class EncodingParams(StageParams):
    # Curly quotes are content, not damage: datatrove and NeMo keep them too.
    uncurl_quotes: bool = Field(False, description="Turn curly quotes into straight ones.")
    fix_latin_ligatures: bool = Field(True, description="Replace ligatures such as 'ﬁ' with letters.")
    fix_character_width: bool = Field(True, description="Replace full-width Latin letters with normal ones.")
    remove_control_chars: bool = Field(True, description="Drop invisible control characters.")
    normalization: str | None = Field(
        "NFC", pattern="^(NFC|NFKC|NFD|NFKD)$", description="Unicode normalization form, or null for none."
    )
    max_recorded_lines: int = Field(200, ge=0, description="Changed lines listed in provenance (rest counted).")


#: Characters none of ftfy's fixes touch on their own: printable ASCII, tab
#: and newline, the Latin-1 signs that are UTF-8 continuation bytes in Latin-1
#: and cp1252 (« » © ® ° · £ ½ ...), and the General Punctuation typography of
#: ordinary text (dashes, bullets, ellipsis, primes, angle quotes). All are
#: NFC-stable. Mojibake of UTF-8 always spans two or more non-ASCII characters
#: in a row (a lead byte and its continuation bytes; every encoding ftfy tries
#: keeps ASCII as ASCII), and some of these characters are lead bytes in other
#: encodings ftfy tries ("»º" is MacRoman for "ȼ"). So a text made only of them,
#: with no two non-ASCII characters side by side and no '&' that could start an
#: HTML entity, is returned unchanged by ftfy (tests/test_encoding_fast_path.py
#: checks that against ftfy on generated text and on every pair). Curly quotes
#: join the set unless they are to be uncurled.
_UNTOUCHED = ("\\t\\n\\x20-\\x7e\\xa1-\\xac\\xae-\\xbf"
              "\\u2010-\\u2015\\u2020-\\u2022\\u2026\\u2030\\u2032\\u2033\\u2039\\u203a")
_QUOTES = "\\u2018-\\u201f"


def _continuation_chars() -> str:
    """The characters a UTF-8 continuation byte (0x80-0xBF) becomes when read
    as cp1252 or Latin-1: what may follow a lead in intact mojibake."""
    chars = set()
    for byte in range(0x80, 0xC0):
        chars.add(bytes([byte]).decode("latin-1"))
        try:
            chars.add(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            pass  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in cp1252
    return "".join(sorted(chars))


#: "â€" is a General Punctuation mark's UTF-8 (E2 80 xx) read as cp1252. Its
#: right double quote's last byte, 0x9D, is undefined in cp1252: scrapers drop
#: it or write U+FFFD. ftfy then leaves "â€" as it is (before punctuation, a
#: line end) or takes a following space for a lost no-break-space byte (0xA0)
#: and writes a dagger: "said â€œyesâ€ and" became "said “yes† and". Where
#: "â€" is followed by no character that could be its third byte, or by U+FFFD,
#: the byte lost is taken to be 0x9D (the other bytes undefined in cp1252 make
#: a zero-width joiner, a direction mark, an em quad or a hyphen, all far rarer
#: in news than a closing quote) and restored for ftfy to decode.
_LOST_9D = regex.compile("â€(?:\ufffd|(?![" + regex.escape(_continuation_chars()) + "]))")


def restore_lost_quote_bytes(text: str) -> str:
    return _LOST_9D.sub("â€\x9d", text) if "â€" in text else text


def untouched_pattern(uncurl_quotes: bool) -> regex.Pattern:
    """Matches the first character that ftfy might change, two non-ASCII
    characters side by side (possible mojibake), or an '&' that could start
    an HTML entity (ftfy's own entity pattern: &#?[0-9A-Za-z]...;)."""
    allowed = _UNTOUCHED if uncurl_quotes else _UNTOUCHED + _QUOTES
    return regex.compile(f"[^{allowed}]|[^\\x00-\\x7f]{{2}}|&#?[0-9A-Za-z]")


class EncodingStage(Stage):
    name = "encoding"
    # 3: a right double quote whose last byte was lost ("â€" without it) is
    # restored (restore_lost_quote_bytes). 2: the fast path no longer skips
    # ftfy for two non-ASCII characters side by side (version 1 left MacRoman
    # mojibake such as "»º" unrepaired).
    version = "3"
    description = "Repair mojibake and control characters, Unicode normalization (ftfy)"
    Params = EncodingParams

    def __init__(self, params: EncodingParams | None = None):
        super().__init__(params)
        p = self.params
        # Compatibility forms (NFKC/NFKD) rewrite some of the "untouched"
        # characters (½, …, ″): no fast path then.
        self._may_change = untouched_pattern(p.uncurl_quotes).search \
            if p.normalization in (None, "NFC", "NFD") else (lambda text: True)

    @cached_property
    def _config(self):
        # ftfy is imported on first use (about 0.08 s): a run that replays
        # every document, or whose text ftfy never touches, does not need it.
        from ftfy import TextFixerConfig

        p = self.params
        return TextFixerConfig(
            uncurl_quotes=p.uncurl_quotes,
            fix_latin_ligatures=p.fix_latin_ligatures,
            fix_character_width=p.fix_character_width,
            remove_control_chars=p.remove_control_chars,
            normalization=p.normalization,
            explain=True,
        )

    def process(self, doc: Document) -> StageOutput:
        from ftfy import fix_text

        # Two fast paths: text of characters ftfy never touches (most English
        # articles) skips ftfy; otherwise fix_text, and explanations only when
        # a document actually needs fixing (most do not).
        if self._may_change(doc.text) is None:
            return StageOutput(text=doc.text, detail={"lines_changed": 0, "steps": {}})
        if (restore_lost_quote_bytes(doc.text) == doc.text
                and fix_text(doc.text, config=self._config._replace(explain=False)) == doc.text):
            return StageOutput(text=doc.text, detail={"lines_changed": 0, "steps": {}})
        return self._fix_with_explanations(doc.text)

    def _fix_with_explanations(self, text: str) -> StageOutput:
        from ftfy import fix_and_explain

        fixed_lines: list[str] = []
        changes: list[dict[str, Any]] = []
        step_counts: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(keepends=True), start=1):
            restored = restore_lost_quote_bytes(line)
            fixed, explanation = fix_and_explain(restored, config=self._config)
            if restored != line and "\x9d" in fixed:
                # ftfy did not decode the line after all: the restored byte must not stay
                restored = line
                fixed, explanation = fix_and_explain(line, config=self._config)
            fixed_lines.append(fixed)
            if fixed == line:
                continue
            steps = [["restore_lost_byte", "0x9d"]] if restored != line else []
            steps += [[step.action, step.parameter] for step in explanation or []]
            for action, parameter in steps:
                key = f"{action}:{parameter}"
                step_counts[key] = step_counts.get(key, 0) + 1
            changes.append({"line": number, "before": line.rstrip("\n"), "after": fixed.rstrip("\n"), "steps": steps})
        limit = self.params.max_recorded_lines
        detail = {
            "lines_changed": len(changes),
            "steps": dict(sorted(step_counts.items())),
            "changes": changes[:limit],
            "changes_not_listed": max(0, len(changes) - limit),
        }
        return StageOutput(text="".join(fixed_lines), detail=detail)
