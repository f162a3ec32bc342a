"""The translate stage's parameters (`stages.translate` in the YAML config).

Defaults follow argostranslate where it has one (beam 4, length penalty 0.2,
compute type `auto`), so a package translates here as it does in Argos, and
the guards are set so they only act on output that is clearly broken.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.stages.base import StageParams
from pipeline.translate.codes import TARGET_RULE, is_source_code, is_target_code

EngineName = Literal["argos", "apertium"]


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ArgosOptions(_Options):
    packages_dir: str | None = Field(
        None, description="Directory of installed Argos packages; unset: $ARGOS_PACKAGES_DIR, "
                          "else argostranslate's default (~/.local/share/argos-translate/packages).")
    allow_pivot: bool = Field(True, description="Translate through a third language when no direct "
                                                "package to English is installed (e.g. ca→es→en).")
    device: Literal["cpu", "cuda", "auto"] = Field("cpu", description="CTranslate2 device.")
    compute_type: str = Field("auto", description="CTranslate2 compute type (auto, int8, float32, float16...).")
    # Measured on 2 cores (bench/translate): one batch per core with one
    # thread each was the fastest setting, a little ahead of one batch on
    # CTranslate2's default threads (the stage submits batches asynchronously,
    # so they do run in parallel).
    inter_threads: int = Field(0, ge=0, le=64, description="Batches translated in parallel (0: one per "
                                                          "available CPU core, at most 4; 1 on cuda).")
    intra_threads: int = Field(1, ge=0, le=256, description="Threads per batch (0: CTranslate2 decides).")
    beam_size: int = Field(4, ge=1, le=16, description="Beam size (argostranslate's default is 4).")
    length_penalty: float = Field(0.2, description="Beam length penalty (argostranslate's value).")
    max_batch_tokens: int = Field(1024, ge=16, description="Source tokens per batch, padding included "
                                                           "(1024 was fastest on CPU; raise it on a GPU).")
    max_batch_sentences: int = Field(512, ge=1, description="Sentences per batch at most.")
    max_input_tokens: int = Field(
        400, ge=8, description="Sentences still longer after the character cut are truncated to this many "
                               "tokens before decoding, with a warning in provenance.")


class GuardOptions(_Options):
    length_ratio: float = Field(
        2.0, ge=0, description="Decoding stops at ratio × source tokens (rounded up to the sentence's length "
                               "group, so batching never changes a result) + extra: a sentence that reaches it "
                               "without an end token counts as truncated.")
    length_extra: int = Field(10, ge=1, description="Added to the ratio limit (short sentences).")
    max_decoding_length: int = Field(512, ge=1, description="Hard ceiling on decoded tokens, retries included.")
    loop_repeats: int = Field(4, ge=2, description="An n-gram (n ≤ 4) repeated this many times in a row in "
                                                   "an output, more than in its source, counts as a runaway loop.")
    retries: int = Field(1, ge=0, le=3, description="Re-decodes of a truncated or looping sentence.")
    retry_repetition_penalty: float = Field(1.2, ge=1.0, description="repetition_penalty when retrying.")
    retry_no_repeat_ngram_size: int = Field(3, ge=0, description="no_repeat_ngram_size when retrying.")


class ApertiumOptions(_Options):
    command: str = Field("apertium", description="The apertium executable.")
    mark_unknown: bool = Field(False, description="Keep Apertium's '*' marks on words it does not know.")
    timeout_s: float = Field(120.0, gt=0, description="Seconds one apertium call may take.")


class TranslateParams(StageParams):
    target: str = Field("en", description="Target language: a two-letter ISO 639-1 code as Argos names "
                                          "languages (en, de; Argos's zt, pb), or three letters (ISO 639-3) "
                                          "for one without (case ignored).")
    engines: list[EngineName] = Field(
        default_factory=lambda: ["argos", "apertium"],
        description="Engines in priority order; the first one with a model for a language is used.")
    engines_by_language: dict[str, list[EngineName]] = Field(
        default_factory=dict, description="Per source language (langdetect code) priority, e.g. {es: [apertium]}.")
    on_missing_model: Literal["keep", "fail"] = Field(
        "keep", description="No model for a language: 'keep' the text untranslated and mark it, or 'fail' "
                            "the document with the command that installs one.")
    undetermined: Literal["keep", "document"] = Field(
        "keep", description="Paragraphs of undetermined language: 'keep' them, or translate them from the "
                            "document's language.")
    splitter: Literal["sentencex", "pysbd"] = Field("sentencex", description="Sentence splitter.")
    max_sentence_chars: int = Field(600, ge=50, description="Longer sentences are cut at a blank first.")
    localize_numbers: bool = Field(
        True, description="Into English: numbers the engine copied in the source language's style "
                          "('50.000', '3,5', '10 000') are written the English way ('50,000', '3.5').")
    protect_names: list[Literal["apertium"]] = Field(
        default_factory=lambda: ["apertium"],
        description="Engines whose input has personal names masked and restored after translation, so "
                    "'Carlos del Castillo' is not translated word by word (argos, neural, keeps names itself "
                    "and offers no placeholders); [] turns it off.")
    ensure_languages: list[str] = Field(
        default_factory=list, description="Languages whose models `artnorm models ensure` installs when online.")
    argos: ArgosOptions = Field(default_factory=ArgosOptions, description="Argos/CTranslate2 engine options.")
    guards: GuardOptions = Field(default_factory=GuardOptions, description="Truncation and loop guards.")
    apertium: ApertiumOptions = Field(default_factory=ApertiumOptions, description="Apertium engine options.")

    @field_validator("target", "ensure_languages", "engines_by_language", mode="before")
    @classmethod
    def _no_yaml_booleans(cls, value):
        # YAML reads an unquoted `no` (Norwegian) as false, and pydantic then
        # complained about a boolean the user never wrote.
        items = list(value) if isinstance(value, (list, tuple, dict)) else [value]
        if any(isinstance(item, bool) for item in items):
            raise ValueError("YAML reads an unquoted no, yes, on or off as true/false: write the language "
                             "code in quotes ('no' for Norwegian)")
        return value

    @field_validator("target")
    @classmethod
    def _language_code(cls, value: str) -> str:
        # Anything else ("english", "xx") found no model for any language and
        # left every paragraph untranslated without saying why.
        code = value.strip().lower()
        if not is_target_code(code):
            raise ValueError(f"{value!r} is not a language code; accepted: {TARGET_RULE}")
        return code

    @field_validator("ensure_languages")
    @classmethod
    def _source_codes(cls, value: list[str]) -> list[str]:
        # A name ("dutch") or a typo installed nothing and matched no document.
        return [_source_code(code) for code in value]

    @field_validator("engines_by_language")
    @classmethod
    def _source_code_keys(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return {_source_code(code): engines for code, engines in value.items()}

    def engines_for(self, lang: str) -> list[str]:
        return list(self.engines_by_language.get(lang, self.engines))


def _source_code(value: str) -> str:
    code = value.strip().lower()
    if not is_source_code(code):
        raise ValueError(f"{value!r} is not a language code as the language stage reports them "
                         f"(nl, de, zh-cn); accepted: {TARGET_RULE}, or langdetect's zh-cn, zh-tw")
    return code
