"""Reading a pack file (YAML or JSON) into plain data, noting what makes it unreadable: wrong
file type, not UTF-8, bad syntax, a key given twice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from development_plans.framework.explanation import describe_type
from development_plans.framework.problems import PathPart, Problems, format_path

#: File name endings recognised as packs (YAML or JSON).
PACK_SUFFIXES = (".yaml", ".yml", ".json")


def read_pack_file(path: Path, problems: Problems) -> Any:
    """The pack's data, or None with the reasons added to ``problems``. For YAML the node tree
    is kept on ``problems`` so later problems can name their line."""
    suffix = path.suffix.lower()
    if suffix not in PACK_SUFFIXES:
        problems.add("(file)", f"unsupported file type {suffix or '(none)'!r}; use .yaml or .json")
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add("(file)", "is not UTF-8 text")
        return None
    except OSError as exc:
        problems.add("(file)", f"cannot be read ({exc.strerror or exc})")
        return None
    data = _read_json(text, problems) if suffix == ".json" else _read_yaml(text, problems)
    if not problems and not isinstance(data, dict):
        problems.add(
            "(top level)",
            f"should be a mapping of fields (id, title, …) but is {describe_type(data)}",
        )
    return data


def _read_yaml(text: str, problems: Problems) -> Any:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        what = getattr(exc, "problem", None) or str(exc)
        problems.add(where, f"not valid YAML: {what}")
        return None
    problems.root_node = root
    for parts, key, line in _duplicate_yaml_keys(root, []):
        problems.add(
            f"{format_path(parts)} (line {line})",
            f"the key {key!r} appears more than once here; only one is allowed",
        )
    return data


def _duplicate_yaml_keys(
    node: yaml.Node | None, parts: list[PathPart]
) -> Iterator[tuple[list[PathPart], str, int]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            if name in seen:
                yield parts + [name], name, key.start_mark.line + 1
            seen.add(name)
            yield from _duplicate_yaml_keys(value, parts + [name])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_yaml_keys(item, parts + [index])


def _read_json(text: str, problems: Problems) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                problems.add("(file)", f"the key {key!r} appears more than once in one object")
            result[key] = value
        return result

    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        problems.add(f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}")
        return None
