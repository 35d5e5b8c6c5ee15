"""JSON Schema errors told in plain words: "this required field is missing", "should be a list
but is text ('Working with others')", "did you mean 'observer'?"."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

from development_plans.framework.problems import PathPart

if TYPE_CHECKING:
    import jsonschema

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "null": "empty",
}


def describe_type(value: Any) -> str:
    """What kind of value this is, in words: "text", "a list", "empty", …"""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def explain_schema_error(
    error: jsonschema.ValidationError,
) -> list[tuple[list[PathPart], str]]:
    """One schema error as ``(path, message)`` pairs; an unexpected-fields error gives one pair
    per unexpected field."""
    parts: list[PathPart] = list(error.absolute_path)
    kind = error.validator
    instance = error.instance
    if kind == "required":
        match = re.match(r"^'(.+)' is a required property$", error.message)
        if match:
            return [(parts + [match.group(1)], "this required field is missing")]
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {}))
        results = []
        for key in instance:
            if key in allowed:
                continue
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            tip = f"; did you mean {hint[0]!r}?" if hint else f" (allowed: {', '.join(allowed)})"
            results.append((parts + [key], f"unexpected field {key!r}{tip}"))
        if results:
            return results
    if kind == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        return [
            (
                parts,
                f"should be {wanted} but is {describe_type(instance)} ({_short(instance)})",
            )
        ]
    if kind == "pattern":
        return [(parts, _explain_pattern(str(error.validator_value), instance))]
    if kind == "minItems":
        count = error.validator_value
        what = "behaviour" if parts and parts[-1] == "behaviours" else "entry"
        plural = what if count == 1 else ("behaviours" if what == "behaviour" else "entries")
        return [(parts, f"needs at least {count} {plural} but has {len(instance)}")]
    if kind == "minProperties":
        return [(parts, f"needs at least {error.validator_value} entry but is empty")]
    return [(parts, error.message)]


def _explain_pattern(pattern: str, value: Any) -> str:
    if pattern == r"\S":
        return "must not be blank"
    if pattern.startswith("^https?://"):
        return f"{_short(value)} is not a web address (it should start with https://)"
    if pattern.endswith(r"\.[1-9][0-9]*$"):
        return (
            f"{_short(value)} is not a valid behaviour id: use <dimension-id>.<level-id>.<number>,"
            " e.g. 'leading-with-care.essential.1'"
        )
    if pattern == "^[a-z0-9]+(-[a-z0-9]+)*$":
        return (
            f"{_short(value)} is not a valid id: use lower-case letters, digits and single"
            " hyphens, e.g. 'leading-with-care'"
        )
    return f"{_short(value)} does not match the required format {pattern}"
