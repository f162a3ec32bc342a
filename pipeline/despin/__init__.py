"""Detect synonym-spun English text and restore its original wording.

Modules: `tokens` (words with offsets, case), `wordnet_data` (synonym sets and
word forms from the WordNet database files), `language_model` (word and
word-pair frequencies), `lexicon` (hand-made and user spin lexicons),
`candidates` (what each span could originally have been), `decoder` (the most
plausible original sequence), `repair` (proposed edits for a paragraph),
`screen` (a cheap first look), `detector` (spin scores, spinner family and the
decision rule). The stage itself is `pipeline.stages.despin`.

`compiled` says whether the hot modules (`compiled.HOT_MODULES`) and the typed
ones (`compiled.TYPED_MODULES`) run compiled by Cython (setup.py) or from
their Python source.
"""

# Before any submodule is imported: bypass compiled modules built from other
# source than the .py files now here, or all of them under ARTNORM_PURE_PYTHON=1.
from pipeline.despin import compiled as _compiled

_compiled.select()
