"""Detect synonym-spun English text and restore its original wording.

Modules: `tokens` (words with offsets, case), `wordnet_data` (synonym sets and
word forms from the WordNet database files), `language_model` (word and
word-pair frequencies), `lexicon` (hand-made and user spin lexicons),
`candidates` (what each span could originally have been), `decoder` (the most
plausible original sequence), `repair` (proposed edits for a paragraph),
`screen` (a cheap first look), `detector` (spin scores, spinner family and the
decision rule). The stage itself is `pipeline.stages.despin`.
"""
