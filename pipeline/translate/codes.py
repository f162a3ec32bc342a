"""Language codes as each component spells them.

The language stage reports langdetect's codes (`zh-cn`, `no`); Argos packages
use ISO 639-1 plus a few of their own (`zt` for traditional Chinese, `nb`);
Apertium names its modes with ISO 639-3 (`spa-eng`), older pairs with 639-1.
"""

from __future__ import annotations

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
