"""Offline translation to English: Argos packages run through CTranslate2,
Apertium as a rule-based engine, and the model management behind
`artnorm models`. The stage itself lives in `pipeline.stages.translate`."""
