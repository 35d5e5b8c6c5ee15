"""Benchmark: how long the learner's long pages are inside the demo LMS frame. A learner with
every dimension below Exemplary answers everything, opens "Check your answers", submits, drafts
the plan and opens it; each page's height (``document.documentElement.scrollHeight`` of the
tool's document) is printed at a 900 px wide viewport in Debian's chromium. Figures only.

    .venv/bin/python bench/page_heights.py [--width 900]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import select  # noqa: E402
from support.e2e import CHROMIUM_ARGS, launch_in_iframe, navigate  # noqa: E402
from support.plan_data import hlm  # noqa: E402
from werkzeug.exceptions import NotFound  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from demo_lms.with_tool import build  # noqa: E402
from development_plans import assessments  # noqa: E402
from development_plans.courses import Course, Placement  # noqa: E402
from development_plans.people import User  # noqa: E402
from lti_tool.config import Config  # noqa: E402
from lti_tool.extensions import db  # noqa: E402


class Site:
    def __init__(self, app, port: int) -> None:
        self.app, self.port = app, port
        self.lms_url = f"http://127.0.0.1:{port}/demo-lms"
        self.tool_url = f"http://localhost:{port}"


def answer_everything(app, subject: str) -> int:
    """An open assessment with every answer given: each dimension's Essential and Proficient
    behaviours shown, the rest not, and importance varying by dimension."""
    framework = hlm()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.subject == subject))
        course_id = db.session.scalar(select(Course.id).order_by(Course.id).limit(1))
        placement_id = db.session.scalar(select(Placement.id).limit(1))
        cycle = assessments.start_or_resume(
            db.session,
            user_id=user.id,
            course_id=course_id,
            placement_id=placement_id,
            framework=framework,
        )
        for number, dimension in enumerate(framework.dimensions):
            ratings = {
                b.id: 3 if entry.level.rank <= 1 + number % 2 else 1
                for entry in dimension.levels
                for b in entry.behaviours
            }
            assessments.save_dimension_answers(
                db.session, cycle, framework, dimension.id, ratings, 1 + number % 4
            )
        db.session.commit()
        return cycle.id


def height(frame) -> int:
    return frame.evaluate("() => document.documentElement.scrollHeight")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=int, default=900)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = make_server("127.0.0.1", 0, NotFound(), threaded=True)
        config = Config(
            INSTANCE_DIR=Path(folder),
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/heights.sqlite3",
            SECRET_KEY="bench-heights",  # noqa: S106 (a throwaway demo instance)
            DEMO_MODE=True,
        )
        tool, wsgi, _ = build(server.server_port, config)
        server.app = wsgi
        threading.Thread(target=server.serve_forever, daemon=True).start()
        site = Site(tool, server.server_port)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": args.width, "height": 900})
            frame = launch_in_iframe(page, site, "asha")
            assessment_id = answer_everything(tool, "demo-learner-asha")
            frame.goto(f"{site.tool_url}/assessment/{assessment_id}/check")
            print(f"check your answers: {height(frame)} px")
            navigate(frame, frame.get_by_role("button", name="Submit self-assessment"))
            print(f"results: {height(frame)} px")
            frame.goto(f"{site.tool_url}/plan/")
            navigate(frame, frame.get_by_test_id("draft-plan"))
            print(f"drafted plan: {height(frame)} px")
            frame.goto(f"{site.tool_url}/")
            print(f"home: {height(frame)} px")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
