"""ingest: source bytes → text. Text files are decoded (BOM, UTF-8, UTF-16,
legacy code pages via charset-normalizer); HTML goes through trafilatura's
main-text extraction."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

from pydantic import Field, field_validator, model_validator

from pipeline.document import Document
from pipeline.hashing import stable_hash
from pipeline.sources import path_suffix
from pipeline.stages.base import Stage, StageError, StageOutput, StageParams

# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)

TEXT_SUFFIXES = (".txt", ".md")
PREFERRED_LEGACY = "cp1252"
HTML_SUFFIXES = (".html", ".htm")


class IngestParams(StageParams):
    text_extensions: tuple[str, ...] = Field(
        TEXT_SUFFIXES, description="File suffixes read as plain text; case ignored, the dot optional ('TXT' is '.txt'); "
        "a suffix may be in only one of the two lists.")
    html_extensions: tuple[str, ...] = Field(
        HTML_SUFFIXES, description="File suffixes read as HTML; case ignored, the dot optional ('HTM' is '.htm').")
    html_include_tables: bool = Field(True, description="Keep table text when extracting HTML main text.")
    html_favor: str = Field(
        "balanced", pattern="^(balanced|precision|recall)$",
        description="trafilatura trade-off: balanced, precision (less chrome) or recall (less loss).",
    )

    @field_validator("text_extensions", "html_extensions")
    @classmethod
    def _normalize_suffixes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Files are matched on their lower-cased last suffix, dot included
        # (`accepts`): "txt" or ".TXT" as written would silently match nothing.
        normalized: list[str] = []
        for given in value:
            suffix = "." + given.strip().lower().lstrip(".")
            if suffix == "." or "." in suffix[1:] or "/" in suffix or any(c.isspace() for c in suffix):
                raise ValueError(f"{given!r} is not a file suffix: give one suffix such as '.txt' or 'txt' "
                                 "(only a file name's last suffix is compared)")
            if suffix not in normalized:
                normalized.append(suffix)
        return tuple(normalized)

    @model_validator(mode="after")
    def _suffix_in_one_list_only(self) -> "IngestParams":
        # `source_format` tries html_extensions first, so a suffix in both was
        # silently read as HTML; which one was meant cannot be guessed.
        both = [suffix for suffix in self.text_extensions if suffix in self.html_extensions]
        if both:
            listed = ", ".join(repr(suffix) for suffix in both)
            raise ValueError(f"stages.ingest.text_extensions and stages.ingest.html_extensions both list {listed}: "
                             "a file is read one way only, so keep each suffix in one list (html_extensions "
                             f"defaults to {list(HTML_SUFFIXES)}; to read one of those as text, set html_extensions "
                             "without it)")
        return self


def decode_bytes(data: bytes) -> tuple[str, str, bool]:
    """Return (text, encoding name, had_bom)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding, True
    mixed = None
    # NUL bytes are valid UTF-8 but mean UTF-16/32 without a BOM, or binary.
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf_8", False
        except UnicodeDecodeError:
            mixed = MixedReading.of(data)
            if mixed.utf8_at_least_as_many:
                return mixed.text(), MIXED_UTF8, False
    try:
        best = _detect(data)
    except StageError:
        # no code page fits either: UTF-8 with more stray bytes still reads so
        if mixed is None or mixed.valid_multibyte == 0:
            raise
        return mixed.text(), MIXED_UTF8, False
    return str(best), best.encoding, False


@dataclass(frozen=True)
class MixedReading:
    """UTF-8 text with a few bytes of a legacy code page pasted in (a cp1252
    apostrophe 0x92 or dash 0x97 in an otherwise UTF-8 page): the stray bytes
    read as cp1252, the rest as UTF-8. Used first when the valid multi-byte
    UTF-8 characters are at least as many as the stray bytes (a legacy-encoded
    file almost never holds valid UTF-8 sequences, and a charset detector would
    read the whole file in some code page: "starís" for "star's"); with fewer,
    only where no code page reads the file."""

    escaped: str  # the bytes as UTF-8, invalid ones as U+DC80..U+DCFF (surrogateescape)
    stray: int
    valid_multibyte: int

    @classmethod
    def of(cls, data: bytes) -> "MixedReading":
        escaped = data.decode("utf-8", "surrogateescape")
        stray = len(_STRAY_BYTE.findall(escaped))
        return cls(escaped, stray, sum(1 for char in escaped if char > "\x7f") - stray)

    @property
    def utf8_at_least_as_many(self) -> bool:
        return self.valid_multibyte >= max(1, self.stray)

    def text(self) -> str:
        return _STRAY_BYTE.sub(lambda m: _legacy_char(ord(m.group()) - 0xDC00), self.escaped)


def _legacy_char(byte: int) -> str:
    """The byte in cp1252; its five undefined bytes as Latin-1 (C1 controls)."""
    try:
        return bytes([byte]).decode(PREFERRED_LEGACY)
    except UnicodeDecodeError:
        return chr(byte)


_STRAY_BYTE = re.compile("[\udc80-\udcff]")
#: the encoding recorded for UTF-8 text with stray cp1252 bytes
MIXED_UTF8 = "utf_8+cp1252"


def _detect(data: bytes):
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise StageError("cannot decode: the bytes match no text encoding (binary file?)")
    # Short Western European texts often tie between single-byte code pages
    # (cp1250 reads "coûte" as "coűte" just as coherently). Windows-1252 is by
    # far the most common legacy encoding on the web, so it wins such ties.
    if best.encoding != PREFERRED_LEGACY:
        preferred = from_bytes(data, cp_isolation=[PREFERRED_LEGACY]).best()
        if preferred is not None and preferred.chaos <= best.chaos and preferred.coherence >= best.coherence:
            return preferred
    return best


def extract_html(html: str, params: IngestParams) -> tuple[str, dict[str, Any]]:
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=params.html_include_tables,
        favor_precision=params.html_favor == "precision",
        favor_recall=params.html_favor == "recall",
        with_metadata=True,
        deduplicate=False,
        # htmldate's extensive search guesses a date from page text such as
        # "© 2025", which yields an invented 2025-01-01 for an undated page;
        # only dates the page's markup states are recorded.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(result, "text", None) if result is not None else None
    if not text:
        raise StageError("HTML page has no extractable main text (trafilatura found none)")
    info = {"extractor": f"trafilatura {trafilatura.__version__}"}
    for key in ("title", "date", "author", "sitename"):
        value = getattr(result, key, None)
        if key == "author" and value:
            value = clean_author(value)
        if value:
            info[key] = value
    return text, info


_MONTHS_AND_DAYS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday mon tue tues wed thu thurs fri sat sun today yesterday updated published"
).split()
# a piece that is only a month or weekday name ("June"), possibly with a dot
_DATE_WORD = re.compile(r"(?i)^(%s)\.?$" % "|".join(_MONTHS_AND_DAYS))


# "Par Léa Martin", "Geschreven door Erik Peeters": the byline's word, not the name
# (Italian "di" only in lower case: "Di Maio" is a name; "de", "da" always are.)
_BYLINE_WORD = re.compile(
    r"^((?i:by|written by|par|von|door|geschreven door|por|autor:?|auteur:?|author:?)|di)\s+(?=\w)"
)


def clean_author(author: str) -> str:
    """trafilatura splits a byline such as "By Elena Ramirez | June 14, 2025"
    at the bar and keeps the pieces as "Elena Ramirez; June": pieces that are
    dates or times (a month or weekday name alone, or anything with a digit) are not
    authors. Names that begin with a month ("June Carter") are kept, and the
    byline's "By" / "Par" / "Von" goes."""
    names = [
        _BYLINE_WORD.sub("", part.strip()) for part in author.split(";")
        if part.strip() and not _DATE_WORD.match(part.strip()) and not re.search(r"\d", part)
    ]
    return "; ".join(name for name in names if name)


class IngestStage(Stage):
    name = "ingest"
    # 2: UTF-8 text with a few stray cp1252 bytes is read as UTF-8, the stray
    # bytes as cp1252 (encoding "utf_8+cp1252"), not as a whole legacy code page
    # 3: HTML metadata no longer has a date guessed from page text (an
    # undated page got 2025-01-01 from its "© 2025") nor date pieces in the author,
    # nor the byline word ("Par Léa Martin")
    version = "3"
    description = "Decode source bytes (BOM, UTF-8/16/32, legacy code pages) and extract HTML main text"
    Params = IngestParams

    def source_format(self, path: str) -> str:
        suffix = path_suffix(path).lower()
        if suffix in self.params.html_extensions:
            return "html"
        if suffix in self.params.text_extensions:
            return "text"
        raise StageError(f"unsupported file type {suffix!r}; add it to stages.ingest.text_extensions")

    def accepts(self, path: str) -> bool:
        suffix = path_suffix(path).lower()
        return suffix in self.params.html_extensions or suffix in self.params.text_extensions

    def input_fingerprint(self, doc: Document) -> str:
        return stable_hash({"sha256": doc.source.sha256, "format": self.source_format(doc.source.path)})

    def process(self, doc: Document) -> StageOutput:
        if doc.raw is None:
            raise StageError("no source bytes to ingest")
        if not doc.raw.strip():
            raise StageError("empty file: nothing to normalize")
        fmt = self.source_format(doc.source.path)
        text, encoding, had_bom = decode_bytes(doc.raw)
        if "\x00" in text:
            raise StageError(f"binary content: NUL characters after decoding as {encoding}")
        detail: dict[str, Any] = {"format": fmt, "encoding": encoding, "bom": had_bom}
        normalized = text.replace("\r\n", "\n").replace("\r", "\n")
        detail["newlines_normalized"] = normalized != text
        if fmt == "html":
            normalized, detail["html"] = extract_html(normalized, self.params)
        annotations = {"encoding": encoding, "format": fmt}
        if fmt == "html" and "title" in detail["html"]:
            annotations["title"] = detail["html"]["title"]
        changed = had_bom or detail["newlines_normalized"] or fmt == "html"
        return StageOutput(text=normalized, detail=detail, annotations=annotations, changed=changed)
