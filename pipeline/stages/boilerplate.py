"""boilerplate: drop site chrome line by line and repair scrape glue.

The method lives in `pipeline.boilerplate`; this module maps the stage's
parameters onto it and its result onto provenance and annotations.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from importlib import resources

from pydantic import Field, field_validator

from pipeline.boilerplate.cues import cue_languages
from pipeline.boilerplate.stopwords import DEFAULT_LANGUAGES
from pipeline.document import Document
from pipeline.hashing import sha256_bytes, stable_hash
from pipeline.stages.base import Stage, StageError, StageOutput, StageParams


class BoilerplateParams(StageParams):
    remove_lines: bool = Field(True, description="Remove site-chrome lines (menus, counters, comment forms...).")
    repair_glue: bool = Field(
        True, description="Repair scrape glue: 'end.Start', 'EllisonMichael', 'geherstructureerdwaardoor'."
    )
    extract_hashtags: bool = Field(True, description="Move lines made only of hashtags into annotations as tags.")
    remove_duplicates: bool = Field(True, description="Remove a line that repeats an earlier kept line (titles).")
    languages: list[str] = Field(
        default_factory=lambda: list(DEFAULT_LANGUAGES),
        description="Candidate languages (wordfreq codes) for the stop-word statistics; the best-scoring one is used.",
    )
    cue_languages: list[str] = Field(
        default_factory=lambda: ["de", "en", "es", "fr", "it", "nl", "pt"],
        description="Languages whose chrome cue phrases are checked; all at once, since sites mix them.",
    )
    known_site_lines: list[str] = Field(
        default_factory=list,
        description="Lines known to be chrome of your sites (case and edge punctuation ignored); "
        "`python -m pipeline.boilerplate.site_lines DIR` lists lines repeated across documents.",
    )
    protected_words: list[str] = Field(
        default_factory=list, description="Tokens glue repair must never split (brand names such as 'OptimixedMedia')."
    )
    section_tail_share: float = Field(
        0.2,
        ge=0.0,
        le=1.0,
        description="A comments/related/footer header cuts the page to its end only if at most this share "
        "of the prose comes after it.",
    )

    @field_validator("languages")
    @classmethod
    def _known_to_wordfreq(cls, value: list[str]) -> list[str]:
        import wordfreq

        available = wordfreq.available_languages()
        unknown = [lang for lang in value if lang not in available]
        if unknown:
            raise ValueError(f"no word list for {unknown}; wordfreq has: {', '.join(sorted(available))}")
        return value

    @field_validator("cue_languages")
    @classmethod
    def _has_cue_list(cls, value: list[str]) -> list[str]:
        unknown = [lang for lang in value if lang not in cue_languages()]
        if unknown:
            raise ValueError(f"no cue list for {unknown}; pipeline/boilerplate/data/cues.json has: {cue_languages()}")
        return value


class BoilerplateStage(Stage):
    name = "boilerplate"
    # 2: sentence glue before a word that is also a two-letter country code
    # ("closure.It is", Dutch "markt.De") is repaired; such a code is a domain's
    # only in lower case or capitals
    # 3: sentence glue before a quote mark puts the space on the right side of
    # it ('coach."They' -> 'coach. "They'; 'beaten."The' -> 'beaten." The'), and
    # glue before a curly opening quote is repaired ('percent.“We'); article
    # text that chrome cues cut into stays: opening paragraphs above the first
    # anchor that read as prose are the body's, a short last sentence after the
    # body ("Not bad."), a repeated short reply ("No."), and the list and prose
    # after a heading such as "More features"; a caption ending in its credit
    # goes (rule caption_credit), as do "©" footers and a few more cue phrases
    # 4: below the article, author bios ("X is the Sentinel's deputy books
    # editor", "email her at"; rule cue_bio), republishing notes ("This article
    # originally appeared on ...") and calls to register go; "Trending Now" and
    # "Top stories" open a related-links section like "Most read"; a one- to
    # three-word subheading between paragraphs that only a footer cue removed
    # ("Privacy" in a story about an app) stays, as does a quotation with its
    # speaker that names chrome ("accept cookies," said ...); a short last
    # paragraph after a list anchors the body, so a cue phrase above it stays;
    # the headline right after a "Lesen Sie auch" header goes (rule
    # related_link), and a box of them inside the article no longer cuts the
    # rest of the article as a related-links section; a repeated speaker label
    # ("KWONG:", "Q:") is no duplicate line, and "#1" no hashtag; sentence glue
    # before « ¿ ¡ „, an elided article ("France.L’objectif"), a one-letter
    # word ("afirmou.A") or after an acronym ("ChatGPT.Selon") is repaired;
    # camel glue is split only before a function word ("ReutersThe") or when
    # a name goes on ("EllisonMichael Dell"), so brands stay ("TotalEnergies");
    # more paywall, consent, newsletter, app and comment cues in de, fr, es,
    # it, pt, nl and en; captions with a credit after a dash, a bar or in
    # capitals ("... LUDOVIC MARIN / AFP"), "Image caption," and agency lines ("ANP")
    # 5: a headline or news sentence naming cookies that does not speak to
    # the reader or as the site stays (the banner's "we use cookies" goes);
    # "We and our partners store ..." consent text, reading times, "listen to
    # this article" and share labels in more languages go; on a page where
    # three or more times each head a kept entry (a live blog's "15h47", a
    # ticker's "78." and "90.+4") they all stay; a fact box of three or more
    # "Label: value" lines right after the article is the article's (a match
    # report's referee and attendance), a row of them is no breadcrumb;
    # "Comments: (12)" is a comments line; a caption credited "| NAME / PAPER" goes
    version = "5"
    description = "Remove site chrome line by line, move hashtag lines to tags, repair scrape glue"
    Params = BoilerplateParams

    @cached_property
    def _options(self):
        # The method's modules are imported on first use (about 0.05 s of
        # regex compiling): a run that replays every document never needs them.
        from pipeline.boilerplate.clean import CleanOptions

        p = self.params
        return CleanOptions(
            languages=tuple(p.languages),
            cue_languages=tuple(p.cue_languages),
            known_lines=tuple(p.known_site_lines),
            protected_words=tuple(p.protected_words),
            remove_lines=p.remove_lines,
            remove_duplicates=p.remove_duplicates,
            extract_hashtags=p.extract_hashtags,
            repair_glue=p.repair_glue,
            section_tail_share=p.section_tail_share,
        )

    def environment_fingerprint(self) -> str:
        """The cue and glue-word tables the rules read (`pipeline/boilerplate/data`):
        editing one re-runs the stage instead of replaying cached results."""
        return _data_fingerprint()

    def input_fingerprint(self, doc: Document) -> str:
        return stable_hash({"input": super().input_fingerprint(doc), "data": self.environment_fingerprint()})

    def process(self, doc: Document) -> StageOutput:
        from pipeline.boilerplate.clean import NothingLeftError, clean_text

        try:
            result = clean_text(doc.text, self._options)
        except NothingLeftError as exc:
            raise StageError(
                f"{exc}, nothing of an article would be left. Check the ingest output of this document; "
                "if it is an article, set `stages: {boilerplate: {remove_lines: false}}` for its batch."
            ) from exc
        annotations = {"tags": result.tags, "language_guess": result.language, "lines_removed": len(result.removed)}
        return StageOutput(text=result.text, detail=result.detail(), annotations=annotations)


@lru_cache(maxsize=1)
def _data_fingerprint() -> str:
    folder = resources.files("pipeline.boilerplate").joinpath("data")
    files = sorted((entry.name, entry) for entry in folder.iterdir() if entry.name.endswith(".json"))
    return stable_hash({name: sha256_bytes(entry.read_bytes()) for name, entry in files})
