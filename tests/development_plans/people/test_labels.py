"""People without a name are shown by a stable label that does not reveal their LMS account."""

from __future__ import annotations

import re

from development_plans.people.labels import person_label


def test_a_label_is_stable_keyed_and_never_the_subject():
    label = person_label("https://d2l.example", "4411", b"key")
    assert re.fullmatch(r"Person [0-9A-F]{4}-[0-9A-F]{4}", label)
    assert person_label("https://d2l.example", "4411", b"key") == label
    assert "4411" not in label
    others = {
        person_label("https://d2l.example", "4412", b"key"),
        person_label("https://other.example", "4411", b"key"),
        person_label("https://d2l.example", "4411", b"another key"),
    }
    assert label not in others and len(others) == 3


def test_labels_of_a_large_course_are_distinct():
    labels = {person_label("https://d2l.example", str(n), b"key") for n in range(3000)}
    assert len(labels) == 3000
