"""CLD2 as the language stage's second opinion: codes, refusals, fallbacks."""

from pipeline.document import Document, SourceInfo
from pipeline.stages.language import LanguageParams, LanguageStage
from pipeline.text.compact_detector import detect_compact

HEADLINE = "TikTok Restructures Leadership, Prioritizing Chinese Executives"


def test_headline_is_decided_by_cld2():
    answer = detect_compact(HEADLINE)
    assert answer is not None and answer.lang == "en" and answer.percent >= 80


def test_control_characters_and_surrogates_do_not_make_it_fail():
    # CLD2 itself raises "invalid UTF-8" on these; they carry no language.
    assert detect_compact("Dit is een\x00 Nederlandse zin over het \x85weer van morgen.").lang == "nl"
    assert detect_compact("Esta es una frase \ud800 en español sobre el tiempo de mañana.").lang == "es"


def test_hebrew_comes_back_in_langdetect_code():
    assert detect_compact("הממשלה החליטה היום על תקציב חדש לחינוך ולבריאות").lang == "he"


def test_chinese_is_left_to_langdetect():
    # CLD2 calls simplified Chinese traditional: no answer, langdetect decides.
    assert detect_compact("今天天气很好，我们去公园散步吧。") is None


def test_unreliable_or_unknown_is_no_answer():
    assert detect_compact("12:45 | 08/02/2025") is None
    assert detect_compact("") is None


def test_stage_records_which_detector_decided_each_paragraph():
    text = (HEADLINE + "\n\nThe company said on Monday that it would move several of its managers to new roles "
            "in the coming months, and that the changes were part of a wider plan.")
    doc = Document("d", text, SourceInfo("a.txt", "0", len(text)))
    paragraphs = LanguageStage(LanguageParams()).process(doc).annotations["paragraphs"]
    assert [p["how"] for p in paragraphs] == ["cld2", "function-words"]
    without = LanguageStage(LanguageParams(compact_detector=False)).process(doc).annotations["paragraphs"]
    assert [p["how"] for p in without] == ["detected", "function-words"]
    assert [p["lang"] for p in paragraphs] == [p["lang"] for p in without] == ["en", "en"]
