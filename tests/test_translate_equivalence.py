"""Our fast path changes speed, not results: for the same package and the
same sentences, the stage's English equals what argostranslate's own
translation path produces (its sentence splitter replaced by ours, since its
splitters try to download models offline; its decoding limit, a flat 256
tokens, given to ours)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from pipeline.stages.translate import TranslateStage
from pipeline.text.paragraphs import split_paragraphs
from translate_fixtures import REPO, argos_dir, make_document, nl_en_installed  # noqa: F401

# argostranslate reads its settings when first imported, so it runs in a
# child process with the test's ARGOS_PACKAGES_DIR.
ARGOS_SIDE = textwrap.dedent("""
    import json, sys
    from argostranslate import translate
    from pipeline.translate.segment import split_sentences

    class OurSplitter:
        def split_sentences(self, text):
            return [s.text for s in split_sentences(text, "nl")]

    translation = translate.get_translation_from_codes("nl", "en")
    translation.underlying.sentencizer = OurSplitter()
    paragraphs = json.load(sys.stdin)
    # One translate() call per document, as a user would.
    print(json.dumps(translation.translate("\\n".join(paragraphs)).split("\\n")))
""")

ARGOS_DECODING = {"length_ratio": 0, "length_extra": 256, "max_decoding_length": 256, "retries": 0}


def argos_translate(paragraphs: list[str]) -> list[str]:
    env = dict(os.environ, ARGOS_DEVICE_TYPE="cpu", ARGOS_BEAM_SIZE="4",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", ARGOS_SIDE], input=json.dumps(paragraphs), env=env,
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # imports argostranslate.translate (stanza, torch): several seconds
def test_stage_output_equals_argostranslate(nl_en_installed):
    seed = next((REPO / "seeds").glob("003_*.txt")).read_text(encoding="utf-8")
    dutch = list(dict.fromkeys(line for line in seed.splitlines() if len(line.split()) > 3))[:12]
    expected = argos_translate(dutch)
    assert all(expected) and len(set(expected)) > len(expected) // 2  # real, varied output
    doc = make_document("\n".join(dutch), ["nl"] * len(dutch))
    out = TranslateStage(TranslateStage.Params(guards=ARGOS_DECODING)).process(doc)
    ours = [p.text for p in split_paragraphs(out.text)]
    assert out.detail["sentence_count"] > len(dutch)  # several multi-sentence paragraphs
    assert ours == expected
