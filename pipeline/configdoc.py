"""The README's config reference, generated from the config models so that it
cannot drift: `python -m pipeline.configdoc --write README.md` refreshes it, a
test fails when it is stale."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from pydantic import BaseModel

from pipeline.config import PipelineConfig
from pipeline.stages.registry import stage_classes

START, END = "<!-- config-reference:start -->", "<!-- config-reference:end -->"


def _default(field) -> str:
    if field.is_required():
        return "required"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "(section)"
    if isinstance(value, tuple):
        value = list(value)
    return f"`{json.dumps(value, default=str, ensure_ascii=False)}`"


def _rows(model: type[BaseModel], prefix: str) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            rows.extend(_rows(annotation, f"{prefix}{name}."))
            continue
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{prefix}{name}` | {_default(field)} | {description} |")
    return rows


def render() -> str:
    header = "| key | default | meaning |\n|---|---|---|"
    top = [r for r in _rows(PipelineConfig, "") if not r.startswith("| `stages`")]
    parts = [header, *top]
    for cls in stage_classes():
        parts.append(f"| **`stages.{cls.name}`** | | {cls.description} (v{cls.version}) |")
        parts.extend(_rows(cls.Params, f"stages.{cls.name}."))
    return "\n".join(parts)


def write(readme: Path) -> bool:
    text = readme.read_text(encoding="utf-8")
    block = f"{START}\n{render()}\n{END}"
    updated = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    readme.write_text(updated, encoding="utf-8")
    return updated != text


def main() -> None:
    parser = argparse.ArgumentParser(description="Print (or --write into README.md) the config reference.")
    parser.add_argument("--write", type=Path, metavar="README", help="Replace the reference block in this file.")
    args = parser.parse_args()
    if args.write:
        print("updated" if write(args.write) else "already current")
    else:
        print(render())


if __name__ == "__main__":
    main()
