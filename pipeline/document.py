"""The unit of work: one article and everything recorded about it so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class SourceInfo:
    """Where a document came from. `path` is relative to the input root so that
    the same corpus in another directory yields identical provenance."""

    path: str
    sha256: str
    bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "bytes": self.bytes}


@dataclass(slots=True)
class Document:
    """A document between stages.

    `annotations[stage_name]` holds what that stage found out (language, tags,
    the detected encoding…); `provenance` holds one record per stage applied,
    in order. `raw` carries the source bytes only until ingest has decoded them.
    """

    id: str
    text: str
    source: SourceInfo
    annotations: dict[str, dict[str, Any]] = field(default_factory=dict)
    provenance: list[dict[str, Any]] = field(default_factory=list)
    raw: bytes | None = None

    def to_state(self) -> dict[str, Any]:
        """Serializable state after a stage (what the stage store keeps)."""
        return {
            "id": self.id,
            "text": self.text,
            "source": self.source.to_dict(),
            "annotations": self.annotations,
            "provenance": self.provenance,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> "Document":
        return cls(
            id=state["id"],
            text=state["text"],
            source=SourceInfo(**state["source"]),
            annotations=state.get("annotations", {}),
            provenance=state.get("provenance", []),
        )
