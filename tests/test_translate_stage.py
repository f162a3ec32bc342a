"""The translate stage on a real (random-weight) Argos package: structure,
alignment, provenance, batching across documents, failures, guards, pivots."""

from __future__ import annotations

import hashlib
import socket

import pytest

from pipeline.stages.base import StageError
from pipeline.stages.translate import TranslateStage
from pipeline.text.paragraphs import split_paragraphs
from pipeline.translate.install import install_from_file
from pipeline.translate.segment import split_sentences
from translate_fixtures import DUTCH, DUTCH_LANGS, argos_dir, built_archive, make_document, nl_en_installed  # noqa: F401


def stage(**params) -> TranslateStage:
    return TranslateStage(TranslateStage.Params(**params))


def test_dutch_paragraphs_are_translated_and_english_kept(nl_en_installed):
    out = stage().process(make_document(DUTCH, DUTCH_LANGS))
    source, english = split_paragraphs(DUTCH), split_paragraphs(out.text)
    assert len(english) == len(source)
    assert english[1].text == source[1].text  # the English paragraph, untouched
    assert all(e.text != s.text for e, s, lang in zip(english, source, DUTCH_LANGS) if lang == "nl")
    # Line structure: blank lines and indentation stay where they were.
    assert [line.strip() == "" for line in out.text.splitlines()] == \
           [line.strip() == "" for line in DUTCH.splitlines()]
    assert out.text.splitlines()[3].startswith("  ")


def test_provenance_names_package_and_accounts_for_every_sentence(nl_en_installed):
    detail = stage().process(make_document(DUTCH, DUTCH_LANGS)).detail
    model = detail["models"][0]["models"][0]
    assert (model["package"], model["version"], model["from"], model["to"]) == ("translate-nl_en", "1.0", "nl", "en")
    package_dir = nl_en_installed / "translate-nl_en-1_0"
    assert model["sha256"]["model/model.bin"] == hashlib.sha256((package_dir / "model/model.bin").read_bytes()).hexdigest()
    assert detail["status"] == "translated" and detail["languages"]["nl"]["paragraphs"] == 3
    translated = [p for p in detail["paragraphs"] if p["action"] == "translated"]
    expected = [split_sentences(p.text, "nl") for p, lang in zip(split_paragraphs(DUTCH), DUTCH_LANGS) if lang == "nl"]
    assert [[s["source"] for s in p["sentences"]] for p in translated] == [[s.text for s in e] for e in expected]
    assert detail["sentence_count"] == sum(len(e) for e in expected) == 5
    assert all(p["source"] for p in translated)  # the source text stays in provenance
    assert [p["action"] for p in detail["paragraphs"]][1] == "kept_target_language"


def test_batching_across_documents_changes_nothing(nl_en_installed):
    docs = [make_document(DUTCH, DUTCH_LANGS, doc_id=f"d{i}") for i in range(2)]
    docs.append(make_document("Een korte zin.\nNog een zin hier, met een komma.", ["nl", "nl"], doc_id="d2"))
    together = stage().process_batch(docs)
    alone = [stage(argos={"max_batch_sentences": 1}).process(doc) for doc in docs]
    assert [r.text for r in together] == [r.text for r in alone]
    assert [r.detail for r in together] == [r.detail for r in alone]


def test_a_failing_document_does_not_affect_the_others(nl_en_installed):
    broken = make_document(DUTCH, DUTCH_LANGS, doc_id="broken")
    broken.annotations.clear()  # as if the language stage had not run
    results = stage().process_batch([make_document(DUTCH, DUTCH_LANGS), broken])
    assert isinstance(results[1], StageError) and "language stage" in str(results[1])
    assert results[0].detail["status"] == "translated"


def test_missing_model_keeps_text_and_names_the_install_command(argos_dir):
    out = stage(engines=["argos"]).process(make_document(DUTCH, DUTCH_LANGS))
    assert out.text == DUTCH
    assert out.detail["status"] == "untranslated"
    assert out.detail["untranslated"]["nl"]["install"] == "artnorm models install nl en"
    assert out.detail["untranslated"]["nl"]["paragraphs"] == [0, 2, 3]
    assert out.annotations["untranslated_languages"] == ["nl"]


def test_missing_model_can_fail_the_document_instead(argos_dir):
    with pytest.raises(StageError, match="artnorm models install nl en"):
        stage(on_missing_model="fail").process(make_document(DUTCH, DUTCH_LANGS))


def test_no_network_attempt_during_a_run(argos_dir, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network unreachable (test)")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    missing = stage().process(make_document(DUTCH, DUTCH_LANGS))
    install_from_file(built_archive("nl", "en"), argos_dir)
    present = stage().process(make_document(DUTCH, DUTCH_LANGS))
    assert (missing.detail["status"], present.detail["status"]) == ("untranslated", "translated")
    assert attempts == []


def test_installing_a_package_changes_the_cache_key(argos_dir):
    doc = make_document(DUTCH, DUTCH_LANGS)
    before = stage().input_fingerprint(doc)
    install_from_file(built_archive("nl", "en"), argos_dir)
    assert stage().input_fingerprint(doc) != before


def test_looping_output_is_detected_retried_and_recorded(argos_dir):
    install_from_file(built_archive("nl", "en", eos_bias=0.0), argos_dir)  # random weights that never stop
    doc = make_document("Het bedrijf heeft ook zijn team geherstructureerd.", ["nl"])
    out = stage(guards={"length_ratio": 1.0, "length_extra": 4, "max_decoding_length": 40}).process(doc)
    notes = out.detail["paragraphs"][0]["sentences"][0]["warnings"]
    assert "retried" in notes and ("truncated" in notes or "looping" in notes)
    assert out.detail["warnings"] and out.detail["warnings"][0].startswith("paragraph 0: sentence 0:")
    unguarded = stage(guards={"retries": 0, "max_decoding_length": 40}).process(doc)
    assert "retried" not in unguarded.detail["paragraphs"][0]["sentences"][0]["warnings"]


def test_pivot_through_a_third_language(argos_dir):
    install_from_file(built_archive("ca", "es"), argos_dir)
    install_from_file(built_archive("es", "en"), argos_dir)
    out = stage(engines=["argos"]).process(make_document("El govern ha anunciat noves mesures.", ["ca"], "ca"))
    route = [m["package"] for m in out.detail["models"][0]["models"]]
    assert route == ["translate-ca_es", "translate-es_en"]
    assert out.detail["status"] == "translated" and out.text.strip()
    assert stage(engines=["argos"], argos={"allow_pivot": False}).process(
        make_document("El govern ha anunciat noves mesures.", ["ca"], "ca")).detail["status"] == "untranslated"


def test_undetermined_paragraphs_are_kept_unless_configured(nl_en_installed):
    text = "12 345\nHet bedrijf heeft zijn team geherstructureerd."
    doc = make_document(text, ["und", "nl"])
    assert split_paragraphs(stage().process(doc).text)[0].text == "12 345"
    out = stage(undetermined="document").process(doc)
    assert out.detail["paragraphs"][0]["action"] == "translated"


def test_unknown_parameter_is_rejected():
    with pytest.raises(ValueError):
        TranslateStage.Params(engine=["argos"])
