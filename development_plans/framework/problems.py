"""Problems found in a content pack, each written ``<path inside the pack>: <what is wrong>``,
with the YAML line number added when the path points at something in the file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import yaml

PathPart = str | int


class Problems:
    """Collects problems as ``path: message`` lines, adding YAML line numbers when known."""

    def __init__(self) -> None:
        self._items: list[str] = []
        self.root_node: yaml.Node | None = None

    def add(self, where: Sequence[PathPart] | str, message: str) -> None:
        """Record ``message`` at ``where``: a path inside the pack, or a place such as
        ``(file)`` or ``line 3, column 1``. The same problem is kept once."""
        if isinstance(where, str):
            location = where
        else:
            location = format_path(where)
            line = line_of(self.root_node, where)
            if line is not None:
                location += f" (line {line})"
        item = f"{location}: {message}"
        if item not in self._items:
            self._items.append(item)

    def __bool__(self) -> bool:
        return bool(self._items)

    def as_tuple(self) -> tuple[str, ...]:
        """The problems in the order they were found."""
        return tuple(self._items)


def format_path(parts: Iterable[PathPart]) -> str:
    """A path inside the pack as people write it, e.g. ``dimensions[3].levels.strong``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z0-9_-]+", part):
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]"
    return text or "(top level)"


def line_of(node: yaml.Node | None, parts: Sequence[PathPart]) -> int | None:
    """1-based line of the deepest YAML node on ``parts`` that exists. None without a YAML
    tree, and for a missing top-level field (the whole file is not a useful place)."""
    if node is None:
        return None
    for depth, part in enumerate(parts):
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    child = value
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            if depth == 0:
                return None
            break
        node = child
    return node.start_mark.line + 1
