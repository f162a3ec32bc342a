"""Personal names kept as written through Apertium: found without NER
(pipeline.translate.names), masked with placeholders the engine copies and
restored (pipeline.translate.protect)."""

from __future__ import annotations

import os
import shutil

import pytest

from pipeline.stages.translate import TranslateStage
from pipeline.text.paragraphs import split_paragraphs
from pipeline.translate.engine_apertium import installed_modes
from pipeline.translate.names import DocumentNames, person_spans
from pipeline.translate.protect import Masked, mask, unmask
from translate_fixtures import argos_dir, make_document  # noqa: F401


def _names(text: str, surnames: frozenset[str] = frozenset()) -> list[str]:
    return [text[a:b] for a, b in person_spans(text, "es", surnames)]


def test_full_names_with_particles_are_found_anywhere_in_a_sentence():
    assert _names("Según Carlos del Castillo, el contrato nunca se firmó.") == ["Carlos del Castillo"]
    assert _names("Carlos del Castillo llegó a Madrid.") == ["Carlos del Castillo"]
    assert _names("El entrenador Luis de la Fuente convocó a Javier Prieto Rubio.") == [
        "Luis de la Fuente", "Javier Prieto Rubio"]


def test_what_is_not_a_personal_name_is_left_alone():
    # sentence-initial word, lowercase words, institutions, a first name inside a body's name
    assert _names("Rosa es el color favorito de muchos niños.") == []
    assert _names("El castillo de la ciudad recibió más visitas.") == []
    assert _names("El Banco de España y el Gobierno lo aprobaron.") == []
    assert _names("La Organización Mundial de la Salud emitió una alerta.") == []
    # "y" joins no names: masked, it would stay untranslated
    assert _names("Se reunieron con Pedro Sánchez y Alberto Núñez Feijóo.") == [
        "Pedro Sánchez", "Alberto Núñez Feijóo"]


def test_headline_case_is_left_to_the_engine():
    assert _names("Carlos Del Castillo Gana El Premio De Periodismo") == []
    assert _names("Nuevas Medidas Para Proteger A Carlos Castillo") == []


def test_a_surname_alone_is_known_from_the_full_name_elsewhere_in_the_document():
    names = DocumentNames(["El periodista Carlos del Castillo publicó una investigación.",
                           "Castillo añadió que no piensa dimitir."], "es")
    sentence = "Castillo añadió que no piensa dimitir."
    assert [sentence[a:b] for a, b in names.spans(sentence)] == ["Castillo"]
    assert _names(sentence) == []  # without the document it is only a capitalised word


def test_masking_round_trip_and_its_refusals():
    sentence = "Pedro dijo que Carlos del Castillo y Ana Vega llegaron."
    masked = mask(sentence, [(15, 34), (37, 45)], ("Pedro", "Pablo", "Marta"))
    # "Pedro" is in the sentence, so it is not used as a placeholder
    assert masked == Masked("Pedro dijo que Pablo y Marta llegaron.",
                            (("Pablo", "Carlos del Castillo"), ("Marta", "Ana Vega")))
    assert unmask("Pedro said that Marta and Pablo arrived.", masked) == (
        "Pedro said that Ana Vega and Carlos del Castillo arrived.")
    assert unmask("Pedro said that Pablo and Pablo arrived.", masked) is None  # one lost, one doubled
    assert unmask("Pedro said that Pablos and Marta arrived.", masked) is None  # whole words only


MISSING = shutil.which("apertium") is None or "spa-eng" not in installed_modes()
apertium = pytest.mark.skipif(MISSING and not os.environ.get("ARTNORM_REQUIRE_DEBIAN"),
                              reason="needs Debian's apertium and apertium-eng-spa (apt-get install them)")

ARTICLE = ("El periodista Carlos del Castillo publicó ayer una investigación sobre Ana Campos Blanco.\n"
           "\n"
           "Castillo añadió que el Banco de España y el castillo de la ciudad no tienen nada que ver.\n")


@apertium
def test_apertium_keeps_personal_names_and_translates_the_rest(argos_dir):
    doc = make_document(ARTICLE, ["es", "es"], "es")
    out = TranslateStage(TranslateStage.Params(engines_by_language={"es": ["apertium"]})).process(doc)
    first, second = [p.text for p in split_paragraphs(out.text)]
    assert "Carlos del Castillo" in first and "Ana Campos Blanco" in first
    assert "Castle" not in first and "White" not in first
    assert second.startswith("Castillo added")
    assert "Bank of Spain" in second and "castle of the city" in second
    sentence = out.detail["paragraphs"][0]["sentences"][0]
    assert sentence["kept_names"] == ["Carlos del Castillo", "Ana Campos Blanco"]


@apertium
def test_name_protection_can_be_turned_off(argos_dir):
    doc = make_document(ARTICLE, ["es", "es"], "es")
    params = TranslateStage.Params(engines_by_language={"es": ["apertium"]}, protect_names=[])
    out = TranslateStage(params).process(doc)
    assert "Carlos of the Castle" in out.text
    assert "kept_names" not in out.detail["paragraphs"][0]["sentences"][0]


def test_the_name_lists_version_keys_the_cache_only_when_names_are_protected(argos_dir):
    """Faker's first-name lists decide what is masked: a new release may
    change translations, so its version is part of the stage's environment."""
    from importlib.metadata import version  # noqa: PLC0415

    protected = TranslateStage(TranslateStage.Params()).environment_fingerprint()
    plain = TranslateStage(TranslateStage.Params(protect_names=[])).environment_fingerprint()
    assert protected["person_names"] == version("faker") and "person_names" not in plain
