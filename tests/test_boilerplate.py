"""The boilerplate stage: seeds, golden cases, provenance, parameters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.boilerplate.clean import CleanOptions, clean_text
from pipeline.boilerplate.repair import GlueContext, document_token_counts, repair_line
from pipeline.boilerplate.site_lines import main as site_lines_main
from pipeline.boilerplate.site_lines import repeated_lines
from pipeline.boilerplate.stopwords import guess_language
from pipeline.document import Document, SourceInfo
from pipeline.stages.base import StageError
from pipeline.stages.boilerplate import BoilerplateParams, BoilerplateStage
from pipeline.stages.registry import stage_names

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
SEED_ANNOTATION = json.loads((ROOT / "bench/boilerplate/data/seeds.json").read_text(encoding="utf-8"))["seeds"]


def make_doc(text: str, name: str = "doc") -> Document:
    return Document(id=name, text=text, source=SourceInfo(path=name, sha256="0" * 64, bytes=len(text)))


def golden(name: str) -> list[dict]:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stage() -> BoilerplateStage:
    return BoilerplateStage()


def test_registered_between_encoding_and_language():
    names = stage_names()
    assert names.index("encoding") < names.index("boilerplate") < names.index("language")


@pytest.mark.parametrize("seed", sorted(SEED_ANNOTATION))
def test_seed_chrome_removed_and_content_kept(stage, seed):
    text = (ROOT / "seeds" / seed).read_text(encoding="utf-8")
    output = stage.process(make_doc(text, seed))
    removed = {item["line"] for item in output.detail["removed"]}
    assert removed == {int(n) for n in SEED_ANNOTATION[seed]["chrome"]}


def test_seed_hashtags_become_tags(stage):
    text = (ROOT / "seeds/001_f0fbc5df84bc32dc.txt").read_text(encoding="utf-8")
    output = stage.process(make_doc(text))
    assert output.annotations["tags"] == ["TikTok", "ByteDance", "Ecommerce", "Leadership", "SalesGoals"]
    assert "#TikTok" not in output.text
    assert output.detail["removed"][-1]["rule"] == "hashtags"


def test_seed_glue_repaired_with_provenance(stage):
    text = (ROOT / "seeds/003_f00ee928b0cbf7d7.txt").read_text(encoding="utf-8")
    output = stage.process(make_doc(text))
    assert "Larry Ellison Michael Dell" in output.text
    assert "geherstructureerd waardoor" in output.text
    rules = {(r["rule"], r["after"]) for r in output.detail["repairs"]}
    assert ("camel_glue", "Ellison Michael") in {(rule, after.split(",")[0]) for rule, after in rules}
    assert output.annotations["language_guess"] == "nl"


@pytest.mark.parametrize("case", golden("boilerplate_repairs.json"), ids=lambda c: c["label"])
def test_golden_repairs(case):
    ctx = GlueContext(guess_language(case["input"]) or "en", document_token_counts(case["input"]))
    repaired, repairs = repair_line(case["input"], 1, ctx)
    assert repaired == case["expected"]
    assert bool(repairs) == (case["input"] != case["expected"])


@pytest.mark.parametrize("case", golden("boilerplate_lines.json"), ids=lambda c: c["label"])
def test_golden_documents(stage, case):
    assert stage.process(make_doc(case["input"])).text == case["expected"]


def test_every_removed_line_is_in_provenance(stage):
    text = (ROOT / "seeds/000_28afa1faeea84dac.txt").read_text(encoding="utf-8")
    output = stage.process(make_doc(text))
    lines = text.splitlines()
    kept = set(output.text.splitlines())
    for item in output.detail["removed"]:
        assert item["rule"] and " ".join(lines[item["line"] - 1].split()) == item["text"]
        assert item["text"] not in kept
    assert sum(output.detail["removed_by_rule"].values()) == output.detail["lines_removed"]


def test_detail_is_json_and_deterministic(stage):
    text = (ROOT / "seeds/003_f00ee928b0cbf7d7.txt").read_text(encoding="utf-8")
    first, second = stage.process(make_doc(text)), BoilerplateStage().process(make_doc(text))
    assert json.dumps(first.detail, sort_keys=True) == json.dumps(second.detail, sort_keys=True)
    assert first.text == second.text


def test_all_chrome_is_a_stage_error(stage):
    with pytest.raises(StageError, match="remove_lines: false"):
        stage.process(make_doc("Home\nShare\n12\nLeave a comment\n"))


def test_empty_document_passes(stage):
    assert stage.process(make_doc("")).text == ""


def test_known_site_lines_param():
    paragraph = "The council approved the repairs to the bridge on Thursday after a long delay.\n"
    text = "Westbury Gazette, since 1887\n" + paragraph * 2
    params = BoilerplateParams(known_site_lines=["westbury gazette, since 1887"], remove_duplicates=False)
    output = BoilerplateStage(params).process(make_doc(text))
    assert output.detail["removed"][0]["rule"] == "known_site_line"
    assert output.text.startswith("The council")


def test_switches_turn_steps_off():
    text = (ROOT / "seeds/001_f0fbc5df84bc32dc.txt").read_text(encoding="utf-8")
    out = BoilerplateStage(BoilerplateParams(remove_lines=False, repair_glue=False)).process(make_doc(text))
    assert out.detail["removed"] == [] and out.detail["repairs"] == []
    assert "#SalesGoals" in out.text
    glued = "She said it was done.The board agreed with the plan that was presented on Monday.\n"
    out = BoilerplateStage(BoilerplateParams(repair_glue=False)).process(make_doc(glued))
    assert "done.The" in out.text


def test_sentence_glue_puts_the_space_on_the_right_side_of_a_quote():
    """A quote mark after the full stop opens the next sentence when the
    quotes before it are paired, else it closes this one; curly opening
    quotes always open."""
    cases = {
        'The coach."They played well," he said of the team after the game on Sunday night.':
            'The coach. "They played well," he said',
        'He said "we were beaten."The team went home after the final whistle on Saturday.':
            'beaten." The team',
        'Prices rose by three percent.“We think it will ease,” she said at the meeting in May.':
            'percent. “We think',
        'He shook his head.‘Not yet,’ was all the manager would say to the reporters there.':
            'head. ‘Not yet,’',
        'The vote was close.”The council then adjourned the meeting until next Thursday.':
            'close.” The council',
    }
    assert_glue_repaired(cases, only_rule="sentence_glue")


def assert_glue_repaired(cases: dict[str, str], only_rule: str | None = None) -> None:
    """Each glued line (key), cleaned, holds its repaired part (value)."""
    for glued, expected in cases.items():
        out = BoilerplateStage().process(make_doc(glued + "\n"))
        assert expected in out.text, (glued, out.text)
        if only_rule:
            assert [r["rule"] for r in out.detail["repairs"]] == [only_rule]


BODY = (
    "The visitors led for most of the second half, and the home side needed a late run to close the gap "
    "before the final whistle.\n\n"
    "Their coach said afterwards that the team had played its best game of the season but ran out of time.\n\n"
    "The two sides meet again next month, when the home team will be without its injured captain.\n\n"
)


def test_sentence_glue_before_opening_marks_elisions_and_one_letter_words():
    """Glue a smoke run on Romance and Germanic pages found left: an opening
    guillemet, ¿ ¡ or „; an elided article; a one-letter word; an acronym
    before the stop. Identifiers and abbreviations stay as they are."""
    cases = {
        "Les syndicats ont dénoncé les propositions patronales.« C’est inacceptable », a dit la CGT.":
            "patronales. « C’est",
        "La reunión terminó el jueves.¿La razón? Nadie quiso dar explicaciones a los periodistas.":
            "jueves. ¿La razón?",
        "Das sagte der Minister Wintergerst.„Wer jetzt zögert, verliert“, fügte er noch hinzu.":
            "Wintergerst. „Wer",
        "Le projet concerne toute l’Île-de-France.L’objectif est de réduire les bouchons de moitié.":
            "Île-de-France. L’objectif",
        "O sindicato não aceitou a proposta, afirmou.A CGTP convocou uma greve para a semana.":
            "afirmou. A CGTP",
        "Le service s’appuie sur ChatGPT.Selon la société, les réponses sont vérifiées par des juristes.":
            "ChatGPT. Selon",
    }
    assert_glue_repaired(cases)
    kept = "The U.S.Army and console.WriteLine(x) and Booking.Com stay as written in this sentence here.\n"
    assert BoilerplateStage().process(make_doc(kept)).text == kept


def test_short_last_sentences_after_the_body_stay():
    """A kicker ("Not bad." / "Just not enough.") right after the last paragraph is
    the article's, though chrome follows it; a question or label there is not."""
    text = BODY + "Not bad.\n\nJust not enough.\n\nShare this article\n\nCopy link\n\n312 comments\n"
    out = BoilerplateStage().process(make_doc(text))
    assert "Not bad.\n" in out.text and "Just not enough." in out.text
    assert "Share this article" not in out.text and "Copy link" not in out.text
    cta = BoilerplateStage().process(make_doc(BODY + "Did you make this recipe?\n\nShare this article\n\nCopy link\n"))
    assert "Did you make this recipe?" not in cta.text


def test_article_text_that_mentions_chrome_words_stays():
    """Content that chrome cues cut into: a lede about "your inbox", a repeated
    short answer, and a heading ("More features") followed by a list and then
    the article's prose again."""
    lede = "If a message about a missed delivery lands in your inbox this week, do not click the link.\n\n"
    out = BoilerplateStage().process(make_doc("By Ravi Mehta\n\n" + lede + BODY))
    assert out.text.startswith("If a message") and "By Ravi Mehta" not in out.text
    interview = ("Asked whether she expected the government to listen, the nurse was blunt about it.\n\n\"No.\"\n\n"
                 "Would she vote for the government parties at the next general election this year?\n\n\"No.\"\n\n")
    out = BoilerplateStage().process(make_doc(BODY + interview + BODY.replace("The", "Later the")))
    assert out.text.count('"No."') == 2
    listed = ("More features\n\n- Usernames instead of phone numbers\n- Encrypted backups to your own cloud\n\n"
              "Analysts were sceptical that enough people would pay for it, since the rivals are all free.\n\n"
              "Related\nSignal president says app will leave countries\nWhatsApp adds usernames in privacy update\n")
    long_body = "".join(f"In its {n} year the club also changed how it trains, and the players say the new "
                        f"sessions suit a squad that travels often and plays twice a week.\n\n"
                        for n in ("first", "second", "third", "fourth", "fifth", "sixth"))
    out = BoilerplateStage().process(make_doc(BODY + long_body + listed))
    assert "- Encrypted backups" in out.text and "Analysts were sceptical" in out.text
    assert "WhatsApp adds usernames" not in out.text
    # a quotation naming chrome, and a paragraph with a cue phrase before a list and a last sentence
    quote = ('"Sign up, log in, accept cookies, subscribe to the newsletter: every site asks for four things '
             'before you can read a sentence," said Dutch MEP Kim van Sparrentak.\n\n')
    scam = ("Fraudsters also send fake offers asking people to subscribe now to a premium service, or to sign "
            "up for a newsletter to claim a voucher.\n\nHow to protect yourself:\n\n- Do not click links in "
            "unexpected messages.\n- Check the sender's address carefully.\n\n"
            "Anyone who thinks they have been scammed should contact their bank.\n\n© 2025 Northern Post\n")
    out = BoilerplateStage().process(make_doc(BODY + quote + BODY.replace("The", "Later the") + scam))
    assert "accept cookies, subscribe" in out.text and "to claim a voucher" in out.text
    assert "How to protect yourself:" in out.text and "© 2025" not in out.text
    # a subheading that is also a footer link, between paragraphs; an ad label there still goes
    later = BODY.replace("The", "Later the")
    out = BoilerplateStage().process(make_doc(BODY + "Privacy\n\n" + later + "Advertisement\n\n" + later))
    assert "\nPrivacy\n" in out.text and "Advertisement" not in out.text


def test_captions_credits_and_common_chrome_lines_go():
    """Lines a smoke run found kept: a caption ending in its credit, a footer
    starting with ©, a follow-us line naming several networks, a newsletter
    box with a word before "newsletter", an affiliate disclosure."""
    chrome = [
        "The Dom Luis I bridge at sunset. (Photo: Getty Images)",
        "Marisol Ortega photographed at her home in Brooklyn. Photograph: Ana Reyes for the Sentinel",
        "© 2025 Northern Post",
        "Follow us on Twitter, Facebook and Instagram",
        "Sign up to our travel newsletter for the latest deals and inspiration.",
        "This article contains affiliate links. We may earn a commission if you book through them.",
        "Story continues below",
        "Le premier ministre, Gabriel Attal, à Paris, le 19 mars 2024. LUDOVIC MARIN / AFP",
        "Le marché des Lices accueille chaque samedi près de 300 exposants. | ARCHIVES OUEST-FRANCE",
        "Faenza, le strade del quartiere Borgo invase dal fango nel maggio 2023 (foto Fantini)",
        "Rua alagada no bairro de Afogados, na Zona Oeste do Recife — Foto: Reprodução/TV Globo",
        "Image caption, A car makes its way through flood water in Tewkesbury",
        "ANP",
    ]
    text = chrome[0] + "\n\n" + BODY + "\n\n".join(chrome[1:]) + "\n"
    out = BoilerplateStage().process(make_doc(text))
    for line in chrome:
        assert line not in out.text, line
    assert out.text.startswith("The visitors led")
    quoted = BoilerplateStage().process(make_doc(BODY + "He said the photo: a blurry shape, was all they had.\n"))
    assert "a blurry shape" in quoted.text
    for prose in ("Prices rose 5% in the EU / UK.", "The race (photo finish) was close, the stewards said."):
        assert prose in BoilerplateStage().process(make_doc(BODY + prose + "\n")).text


def test_author_bios_republishing_notes_and_trending_lists_go():
    """Chrome a smoke run found kept below the article: an author bio, a
    republishing note, a call to register, and the headlines under "Trending
    Now"; an article sentence about a reporter stays."""
    reporter = ("The letter was first reported by a correspondent for the local paper, who said the "
                "council had known about the cracks since the spring inspection last year.\n\n")
    chrome = [
        "Mascaro is AP's chief congressional correspondent, covering Congress and politics in Washington.",
        "Nadia Ferreira is a freelance journalist who writes about fintech. Follow her on X @nadiaferreira.",
        "James Ellery is the Sentinel's deputy books editor.",
        "This article originally appeared on CityLab Weekly.",
        "This article is republished from The Conversation under a Creative Commons license.",
        "Register now",
        "Trending Now",
        "Costco is making a big change to its membership policy",
        "The one kitchen gadget chefs say you should never buy",
    ]
    out = BoilerplateStage().process(make_doc(BODY + reporter + BODY.replace("The", "Later the")
                                              + "\n\n".join(chrome) + "\n"))
    for line in chrome:
        assert line not in out.text, line
    assert "first reported by a correspondent" in out.text


def test_a_related_box_inside_the_article_goes_and_the_article_goes_on():
    """A smoke run's g1/Spiegel-style box: "Veja também" and the headline it
    links to, then a subheading and the article's last paragraph. The header
    and the headline go; the rest of the article stays (it was cut as the
    start of a related-links section to the page's end)."""
    article = "".join(
        f"A chuva forte que atingiu o Recife durante a madrugada deixou ruas alagadas em {n} bairros e "
        f"provocou deslizamentos de barreiras em áreas de morro, segundo a Defesa Civil.\n"
        for n in ("vários", "muitos", "doze")
    )
    box = "Veja também\nHomem é preso suspeito de matar vizinho em Olinda\nPrevisão do tempo\n"
    last = ("Segundo a Apac, a previsão é de chuvas moderadas a fortes até quinta-feira. Quem precisar de ajuda "
            "deve ligar para o telefone 199 da Defesa Civil.\n")
    footer = "Mais do g1\nPolítica de privacidade\n© Copyright 2000-2024 Globo Comunicação e Participações S.A.\n"
    out = BoilerplateStage().process(make_doc(article + box + last + footer))
    assert "Veja também" not in out.text and "Homem é preso" not in out.text
    assert "Previsão do tempo\nSegundo a Apac" in out.text and "Mais do g1" not in out.text
    lesen = BoilerplateStage().process(make_doc(
        BODY + "Lesen Sie auch\n\nAmpel-Koalition: Warum der Haushalt 2025 zur Zerreißprobe wird\n\n"
        + BODY.replace("The", "Later the")))
    assert "Ampel-Koalition" not in lesen.text and "Later the two sides meet again" in lesen.text


def test_transcript_speaker_labels_and_numbered_posts_stay():
    """Found by a smoke run: a repeated speaker label ("KWONG:") went as a
    duplicate line, so the host's questions read as the guest's; forum post
    numbers ("#1") were moved to the tags as if they were hashtags."""
    turns = ("KWONG:\n\nWhat did you find in the samples you took from the river last spring?\n\n"
             "ALGER:\n\nMostly fragments of packaging, and far more of them than we had expected.\n\n"
             "KWONG:\n\nAnd what happens to those fragments once they reach the sea, in your view?\n\n"
             "ALGER:\n\nThey break down further, but they never really go away, which is the worry.\n\n")
    out = BoilerplateStage().process(make_doc(BODY + turns))
    assert out.text.count("KWONG:") == 2 and out.text.count("ALGER:") == 2
    out = BoilerplateStage().process(make_doc(BODY + "#1\n\n" + BODY.replace("The", "Later the") + "#TikTok #Ecommerce\n"))
    assert out.annotations["tags"] == ["TikTok", "Ecommerce"] and "#1\n" in out.text


def test_paywall_consent_and_app_prompts_in_several_languages_go():
    """Chrome a smoke run on German, French, Spanish, Italian, Portuguese and
    Dutch pages found kept (the same kinds of line recur across those sites)."""
    chrome = [
        "Wir brauchen Ihre Zustimmung",
        "Jetzt herunterladen im App Store und bei Google Play",
        "Il vous reste 58.21% de cet article à lire. La suite est réservée aux abonnés.",
        "Connectez-vous à votre compte franceinfo pour commenter.",
        "Regístrate gratis para seguir leyendo",
        "Leggi tutti i contenuti di Repubblica a 1€ al mese",
        "Continue lendo com acesso ilimitado.",
        "Os comentários deste artigo estão fechados.",
        "NU.nl gebruikt cookies en vergelijkbare technieken om je een betere gebruikservaring te bieden.",
        "Support the Guardian",
    ]
    out = BoilerplateStage().process(make_doc(BODY + "\n\n".join(chrome) + "\n"))
    for line in chrome:
        assert line not in out.text, line


def test_edited_cue_tables_invalidate_cached_results(monkeypatch):
    """The stage's cache key covers its data files, so editing cues.json
    re-runs it rather than replaying results of the old tables."""
    from pipeline.stages import boilerplate as module

    doc = make_doc(BODY)
    before = BoilerplateStage().input_fingerprint(doc)
    module._data_fingerprint.cache_clear()
    monkeypatch.setattr(module, "sha256_bytes", lambda data: "edited")
    try:
        assert BoilerplateStage().input_fingerprint(doc) != before
    finally:
        module._data_fingerprint.cache_clear()


def test_params_reject_unknown_keys_and_document_fields():
    with pytest.raises(ValidationError):
        BoilerplateParams(remove_line=True)
    with pytest.raises(ValidationError, match="no word list"):
        BoilerplateParams(languages=["en", "xx"])
    with pytest.raises(ValidationError, match="no cue list"):
        BoilerplateParams(cue_languages=["tlh"])
    for name, field in BoilerplateParams.model_fields.items():
        if name != "enabled":
            assert field.description, name


def test_language_guess():
    assert guess_language("Het bedrijf heeft ook zijn teams geherstructureerd, volgens de memo.") == "nl"
    assert guess_language("Die Bahn sperrt die Strecke zwischen Hamburg und Berlin.") == "de"
    assert guess_language("12 34") is None


def test_repeated_site_lines(tmp_path, capsys):
    pages = [f"Lees ook: meer nieuws\nArtikel {i} gaat over iets anders.\nDeel dit artikel\n" for i in range(3)]
    assert repeated_lines(pages, min_docs=3) == [("Deel dit artikel", 3), ("Lees ook: meer nieuws", 3)]
    for i, page in enumerate(pages):
        (tmp_path / f"{i}.txt").write_text(page, encoding="utf-8")
    assert site_lines_main([str(tmp_path)]) == 0
    assert "  - 'Deel dit artikel'  # in 3 of 3 documents" in capsys.readouterr().out


def test_clean_text_without_stage():
    prose = "A long enough sentence of prose that belongs to the article body here.\n"
    result = clean_text("Share\n" + prose, CleanOptions())
    assert result.text == prose
    assert result.removed[0].rule == "cue_share"


@pytest.mark.slow
def test_benchmark_meets_the_issue_targets(tmp_path, monkeypatch):
    """bench/boilerplate end to end: seeds exact, F1 >= 0.9 in three or more
    languages on plain-text pages and on HTML through trafilatura."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("bp_bench_run", ROOT / "bench/boilerplate/run.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bp_bench_run"] = bench
    spec.loader.exec_module(bench)
    monkeypatch.setattr(bench, "ROOT", tmp_path)  # results file goes to tmp
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    assert bench.main([]) == 0
    summary = json.loads((tmp_path / "bench/results/boilerplate.json").read_text(encoding="utf-8"))["per_language"]
    languages = ("de", "en", "es", "fr", "nl")
    assert sum(summary[lang]["text_f1_after"] >= 0.9 for lang in languages) >= 3
    assert sum(summary[lang]["html_f1_trafilatura_then_stage"] >= 0.9 for lang in languages) >= 3
    assert summary["[dev]"]["removal_precision"] == 1.0
