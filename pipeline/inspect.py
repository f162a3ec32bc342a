"""Reading a finished run: find a document, render its provenance trail."""

from __future__ import annotations

import json
from typing import Any

from pipeline.rundir import RunLayout
from pipeline.storage import read_json


def find_document(layout: RunLayout, ref: str) -> dict[str, Any]:
    """Metadata of the exported (or failed) document whose id is `ref` or
    starts with it."""
    for folder in (layout.docs_dir, layout.failed_dir):
        exact = folder / f"{ref}.json"
        if exact.is_file():
            return read_json(exact)
    matches = sorted({p for folder in (layout.docs_dir, layout.failed_dir) for p in folder.glob(f"{ref}*.json")})
    if len(matches) == 1:
        return read_json(matches[0])
    if not matches:
        raise LookupError(f"no document {ref!r} in run {layout.name}; list them with `ls {layout.docs_dir}`")
    names = ", ".join(p.stem for p in matches[:10])
    raise LookupError(f"{ref!r} matches several documents ({names}); give more of the id")


def _short(value: Any, width: int = 100) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= width else text[: width - 1] + "…"


def render_trail(metadata: dict[str, Any]) -> str:
    if "reason" in metadata and "stages" not in metadata:
        return (f"{metadata['id']}  ({metadata['source']})\n"
                f"  FAILED at {metadata['stage']}: {metadata['reason']} [{metadata['error']}]")
    source, pipeline = metadata["source"], metadata["pipeline"]
    lines = [
        f"{metadata['id']}",
        f"  source      {source['path']}  ({source['bytes']} bytes, {source.get('encoding')}, "
        f"{source.get('format')}, sha256 {source['sha256'][:16]}…)",
        f"  pipeline    {pipeline['version']}  config {pipeline['config_hash']}",
        f"  language    {metadata.get('language')}",
        "  stages:",
    ]
    for number, record in enumerate(metadata["stages"], start=1):
        mark = "changed" if record["changed"] else "unchanged"
        lines.append(f"   {number}. {record['stage']} v{record['version']}  params {record['params_hash']}  {mark}")
        for key, value in sorted(record["detail"].items()):
            lines.append(f"        {key}: {_short(value)}")
    return "\n".join(lines)
