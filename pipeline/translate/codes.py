"""Language codes as each component spells them.

The language stage reports langdetect's codes (`zh-cn`, `no`); Argos packages
use ISO 639-1 plus a few of their own (`zt` for traditional Chinese, `nb`);
Apertium names its modes with ISO 639-3 (`spa-eng`), older pairs with 639-1.
"""

from __future__ import annotations

import re

# Only the codes that differ; every other langdetect code is already Argos's.
_LANGDETECT_TO_ARGOS = {
    "zh-cn": "zh",
    "zh-tw": "zt",
    "no": "nb",
    "iw": "he",
}

_ISO1_TO_ISO3 = {
    "af": "afr", "an": "arg", "ar": "ara", "ast": "ast", "be": "bel", "bg": "bul",
    "br": "bre", "ca": "cat", "cs": "ces", "cy": "cym", "da": "dan", "de": "deu",
    "el": "ell", "en": "eng", "eo": "epo", "es": "spa", "et": "est", "eu": "eus",
    "fa": "fas", "fi": "fin", "fr": "fra", "ga": "gle", "gl": "glg", "he": "heb",
    "hi": "hin", "hr": "hrv", "hu": "hun", "id": "ind", "is": "isl", "it": "ita",
    "kk": "kaz", "lt": "lit", "lv": "lav", "mk": "mkd", "ms": "msa", "mt": "mlt",
    "nb": "nob", "nl": "nld", "nn": "nno", "oc": "oci", "pl": "pol", "pt": "por",
    "ro": "ron", "ru": "rus", "sk": "slk", "sl": "slv", "sq": "sqi", "sr": "srp",
    "sv": "swe", "tr": "tur", "uk": "ukr", "ur": "urd",
}

UNDETERMINED = "und"

# Every ISO 639-1 code: a target outside these (and Argos's own two) names no
# language any engine could have a model for ("xx", a typo); listed here, since
# no declared dependency ships the table.
_ISO639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz
ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii
ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi
mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw
sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk
ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())
#: Argos's own codes: traditional Chinese, Brazilian Portuguese.
_ARGOS_ONLY = frozenset({"zt", "pb"})
#: Three letters: ISO 639-2/3, for languages without a two-letter code
#: (Asturian `ast`), as Argos and Apertium name them.
_ISO639_3 = re.compile(r"[a-z]{3}")

TARGET_RULE = ("two letters of ISO 639-1 as translation models name languages (en, de, fr; Argos's zt and pb "
               "too), or three of ISO 639-2/3 for a language without a two-letter code (ast)")


def is_target_code(code: str) -> bool:
    """Whether `code` (lower case) can name a language an engine translates into."""
    if code in _ISO639_1 or code in _ARGOS_ONLY:
        return True
    return _ISO639_3.fullmatch(code) is not None and code != UNDETERMINED


def is_source_code(code: str) -> bool:
    """Whether `code` (lower case) can name a language the language stage
    reports: langdetect's codes, which are Argos's but for a few (`zh-cn`)."""
    return code in _LANGDETECT_TO_ARGOS or is_target_code(code)


def to_argos(code: str) -> str:
    """Argos code for a langdetect (or already Argos) code."""
    code = code.strip().lower()
    return _LANGDETECT_TO_ARGOS.get(code, code)


def apertium_mode_candidates(source: str, target: str) -> list[str]:
    """Mode names that may translate source→target, preferred first: current
    Debian pairs use ISO 639-3 (`spa-eng`), a few old ones ISO 639-1 (`es-en`)."""
    src, tgt = to_argos(source), to_argos(target)
    names = []
    if src in _ISO1_TO_ISO3 and tgt in _ISO1_TO_ISO3:
        names.append(f"{_ISO1_TO_ISO3[src]}-{_ISO1_TO_ISO3[tgt]}")
    names.append(f"{src}-{tgt}")
    return names


def install_command(source: str, target: str) -> str:
    """The command a user runs to get a model for this pair."""
    return f"artnorm models install {to_argos(source)} {to_argos(target)}"
