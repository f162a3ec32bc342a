"""YAML read safely, with duplicate keys refused.

PyYAML keeps the last of two equal keys without a word, so a config that sets
`workers:` twice, or repeats a `translate:` section, runs with half of what
its author wrote. `load_checked` reads like `yaml.safe_load` and also walks
the composed node tree for every repeated key, with its dotted path and lines,
for the caller to report with its other errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class DuplicateKey:
    path: str  # dotted, as config errors name keys
    line: int  # 1-based, of the repeat
    first_line: int


def load_checked(text: str) -> tuple[Any, list[DuplicateKey]]:
    """`yaml.safe_load(text)` (the last of equal keys kept) and the repeated
    keys in line order, so that a caller can report them with its other errors."""
    # The check walks nodes rather than hooking construct_mapping, because a
    # mapping being constructed does not know its dotted path in the config.
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        duplicates = sorted(_duplicates(loader, node, ""), key=lambda d: d.line)
        return loader.construct_document(node), duplicates
    finally:
        loader.dispose()


def _duplicates(loader: yaml.SafeLoader, root: Node, root_path: str) -> Iterator[DuplicateKey]:
    # Iterative, and each node once: aliases may point at a node many times
    # (or form a cycle), which must not make the walk explode.
    seen: set[int] = set()
    stack = [(root, root_path)]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(node.value))
        elif isinstance(node, MappingNode):
            first: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == MERGE_TAG:
                    continue  # `<<: *defaults`: keys written beside it override it on purpose
                key = _key(loader, key_node)
                line = key_node.start_mark.line + 1
                name = f"{path}.{key}" if path else str(key)
                if key in first:
                    yield DuplicateKey(name, line, first[key])
                else:
                    first[key] = line
                stack.append((value_node, name))


def _key(loader: yaml.SafeLoader, node: Node) -> Any:
    """The key as Python sees it (so `1` and `"1"` differ, `yes` and `true` do not)."""
    try:
        key = loader.construct_object(node, deep=True)
        hash(key)
        return key
    except (TypeError, yaml.YAMLError):
        return f"<{node.tag} at line {node.start_mark.line + 1}>"  # unhashable: yaml.safe_load rejects it later
