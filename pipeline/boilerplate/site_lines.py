"""Lines that repeat across documents of one site: candidate `known_site_lines`.

The stage itself looks at one document at a time (its cached output must
depend only on that document and the parameters), so repetition across a
site's pages is measured here, offline, and fed back as configuration:

    python -m pipeline.boilerplate.site_lines seeds/ --min-docs 3

prints a YAML block to paste under `stages: boilerplate:`. Review it first: a
line every page shares is chrome ("Lees ook:", "Deel dit artikel"), but
a standard disclaimer a user wants to keep would show up too.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable

from pipeline.boilerplate.classify import line_key


def repeated_lines(texts: Iterable[str], min_docs: int = 3, max_words: int = 30) -> list[tuple[str, int]]:
    """(line, number of documents) for lines in at least `min_docs` documents,
    most frequent first. Long lines are skipped: shared paragraphs between
    articles are syndication, not chrome."""
    doc_counts: Counter = Counter()
    spelling: dict[str, str] = {}
    for text in texts:
        keys = set()
        for line in text.splitlines():
            key = line_key(line)
            if key and len(key.split()) <= max_words:
                keys.add(key)
                spelling.setdefault(key, " ".join(line.split()))
        doc_counts.update(keys)
    found = [(spelling[k], n) for k, n in doc_counts.items() if n >= min_docs]
    return sorted(found, key=lambda item: (-item[1], item[0]))


def _quote(line: str) -> str:
    return "'" + line.replace("'", "''") + "'"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of .txt/.md documents of one site")
    parser.add_argument("--min-docs", type=int, default=3, help="documents a line must appear in (default 3)")
    args = parser.parse_args(argv)
    paths = sorted(p for p in args.folder.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())
    if not paths:
        print(f"no .txt or .md files under {args.folder}", file=sys.stderr)
        return 2
    texts = (p.read_text(encoding="utf-8", errors="replace") for p in paths)
    print("known_site_lines:")
    for line, n in repeated_lines(texts, args.min_docs):
        print(f"  - {_quote(line)}  # in {n} of {len(paths)} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
