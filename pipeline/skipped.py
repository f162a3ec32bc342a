"""What the input listing left out, so that a run says what it did not process.

Files whose suffix the ingest stage does not read, directories that cannot be
listed (permission denied) and symlinked directories (not followed: they may
loop, or lead out of the input) are neither documents nor failures; they are
recorded here and end in the manifest's `skipped` section and the run's
summary. Hidden files and directories (a leading ".": .git, .DS_Store) are
left out without a record, as tools' own files; a hidden file with an
accepted suffix is still read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

UNSUPPORTED_SUFFIX = "unsupported suffix"
UNREADABLE_DIRECTORY = "unreadable directory"
SYMLINKED_DIRECTORY = "symlinked directory"

#: Entries listed in the manifest: a folder of a million images must not
#: make a manifest of a hundred MB; the counts stay exact.
MAX_LISTED = 1000


@dataclass
class SkipLog:
    count: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    entries: list[dict[str, str]] = field(default_factory=list)

    def add(self, path: str, kind: str, reason: str) -> None:
        self.count += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        if len(self.entries) < MAX_LISTED:
            self.entries.append({"path": path, "kind": kind, "reason": reason})

    def to_manifest(self) -> dict[str, Any]:
        return {"count": self.count, "by_kind": dict(sorted(self.by_kind.items())),
                "entries": sorted(self.entries, key=lambda e: e["path"]),
                "entries_truncated": self.count > len(self.entries)}


def empty_manifest_section() -> dict[str, Any]:
    return SkipLog().to_manifest()


def summary_line(section: dict[str, Any] | None) -> str | None:
    """One line for the run summary, or None when nothing was skipped."""
    if not section or not section.get("count"):
        return None
    kinds = ", ".join(f"{n} {kind}" for kind, n in section["by_kind"].items())
    count = section["count"]
    return f"{count} input path{'s' * (count != 1)} skipped ({kinds}); see 'skipped' in manifest.json"
