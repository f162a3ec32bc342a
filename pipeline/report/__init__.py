"""Review pages: a run, or the difference of two runs, as one self-contained
static HTML file (inline CSS and JavaScript, no network needed to view it).

    collect.py   read a run directory into plain objects
    views.py     what each known stage did, on the document's text
    tree.py      any other detail as a bounded key/value tree
    textdiff.py  word-level differences as segments
    summary.py   the run summary (languages, stages, spin, failures, models)
    runpage.py   `artnorm report RUN`
    diffpage.py  `artnorm diff RUN_A RUN_B --html`
    fieldsdiff.py  metadata differences of two runs, grouped by stage
    render.py    Jinja2 environment, inlined assets, Content Security Policy
    cli.py       the `report` command, and the writer behind `diff --html`
    synthetic.py a run of any size in the real layout, for tests and measurements
    templates/, assets/  the page's Jinja2 templates, CSS and JavaScript
"""
