"""Reading pack files (development_plans.framework.reading): bad YAML or JSON, keys given twice,
unreadable or unsupported files."""

from __future__ import annotations

import re
from pathlib import Path

from support.packs import (
    SMALL_PACK,
    problems_of,
)


def test_yaml_problems(tmp_path: Path) -> None:
    bad_syntax = tmp_path / "syntax.yaml"
    bad_syntax.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    (problem,) = problems_of(bad_syntax)
    assert problem.startswith("line 3, column 1: not valid YAML")

    text = SMALL_PACK.read_text(encoding="utf-8")
    duplicate_key = tmp_path / "dupkey.yaml"
    duplicate_key.write_text(
        text.replace(
            "        title: Reviewing\n", "        title: Reviewing\n        title: Again\n"
        ),
        encoding="utf-8",
    )
    (problem,) = problems_of(duplicate_key)
    assert re.fullmatch(
        r"dimensions\[2\]\.levels\.developing\.title \(line \d+\): the key 'title' appears"
        r" more than once here; only one is allowed",
        problem,
    )

    yes_no = tmp_path / "yesno.yaml"
    yes_no.write_text(text.replace("id: seldom", "id: no"), encoding="utf-8")
    assert problems_of(yes_no) == [
        "scale[0].id (line 14): should be text but is a true/false value (False)"
    ]

    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert problems_of(empty) == [
        "(top level): should be a mapping of fields (id, title, …) but is empty"
    ]


def test_file_problems(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "absent.yaml") == [
        "(file): cannot be read (No such file or directory)"
    ]
    other = tmp_path / "pack.toml"
    other.write_text("id = 'x'\n", encoding="utf-8")
    assert problems_of(other) == ["(file): unsupported file type '.toml'; use .yaml or .json"]
    bad_json = tmp_path / "pack.json"
    bad_json.write_text('{"id": "x",}', encoding="utf-8")
    (problem,) = problems_of(bad_json)
    assert problem.startswith("line 1, column 12: not valid JSON")
    dup_json = tmp_path / "dup.json"
    dup_json.write_text('{"id": "x", "id": "y"}', encoding="utf-8")
    assert problems_of(dup_json) == ["(file): the key 'id' appears more than once in one object"]
