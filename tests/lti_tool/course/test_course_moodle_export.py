"""The course's framework as a Moodle competency CSV, for course staff only."""

from __future__ import annotations

import requests
from support.packs import HLM_PACK

from development_plans.framework import load_framework
from development_plans.framework.moodle_csv import MOODLE_HEADER, competency_framework
from development_plans.framework.moodle_csv_reading import read_moodle_csv

PATH = "/plan/course/framework/moodle-competencies.csv"


def test_managers_download_the_framework_for_moodles_competency_import(launch):
    carys = launch("carys")
    index = carys.get("/plan/")
    assert f'href="{PATH}"' in index.text and "Import competency framework" in index.text
    download = carys.get(PATH)
    assert download.status_code == 200
    assert download.headers["Content-Type"].startswith("text/csv")
    assert download.headers["Content-Disposition"] == (
        'attachment; filename="nhs-healthcare-leadership-model-1.0.0-moodle-competencies.csv"'
    )
    text = download.content.decode("utf-8")
    assert text.split("\r\n", 1)[0] == ",".join(MOODLE_HEADER)
    assert read_moodle_csv(text) == competency_framework(load_framework(HLM_PACK))


def test_learners_and_strangers_cannot_download_it(asha, tool):
    assert asha.get(PATH).status_code == 403
    assert requests.get(tool.url + PATH, timeout=10).status_code == 401
