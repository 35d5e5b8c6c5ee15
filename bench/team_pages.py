"""Benchmark: how big the manager's pages are inside the demo LMS frame. A team of 30 (Asha with
a plan submitted for review, a goal with a progress update and a thread of a comment and a reply,
and 28 more members in every state) is opened by the manager; the team dashboard's and Asha's
member page's width and height (``scrollWidth``/``scrollHeight`` of the tool's document) are
printed at a 900 px wide viewport in Debian's chromium (the dashboard twice: in its compact
columns, then with every column ticked), and full-page screenshots saved. Figures only.

    .venv/bin/python bench/team_pages.py [--width 900] [--screenshots /tmp/team]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import select  # noqa: E402
from support.e2e import CHROMIUM_ARGS, launch_in_iframe  # noqa: E402
from support.plan_data import hlm  # noqa: E402
from support.team_data import ASHA, add_bulk_members, submitted_plan, user_id  # noqa: E402
from werkzeug.exceptions import NotFound  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from demo_lms.with_tool import build  # noqa: E402
from development_plans import conversations  # noqa: E402
from development_plans.courses import Course  # noqa: E402
from development_plans.db import utcnow  # noqa: E402
from development_plans.goals import Goal, ProgressUpdate  # noqa: E402
from development_plans.people import User  # noqa: E402
from development_plans.team import Team, choose_columns, column_keys  # noqa: E402
from lti_tool.config import Config  # noqa: E402
from lti_tool.extensions import db  # noqa: E402


class Site:
    def __init__(self, app, port: int) -> None:
        self.app, self.port = app, port
        self.lms_url = f"http://127.0.0.1:{port}/demo-lms"
        self.tool_url = f"http://localhost:{port}"


def fill_team(app) -> None:
    """Asha's submitted plan with a progress update and a thread on its goal, and 28 more
    members."""
    _, goal_id = submitted_plan(app, ASHA)
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        goal.updates.append(
            ProgressUpdate(
                author_id=goal.plan.user_id,
                occurred_on=utcnow().date() - timedelta(days=2),
                note="Ran the first huddle; four ideas came up",
                evidence_text="Notes of the huddle",
                evidence_links=["https://example.nhs.uk/huddle-notes"],
            )
        )
        manager = db.session.get(User, user_id(app, "demo-manager-carys"))
        opening = conversations.add_comment(db.session, goal.plan, manager, "Which day?", goal)
        conversations.reply(db.session, goal.plan, opening, goal.plan.user, "Mondays at 9")
        db.session.commit()
        course = db.session.scalars(select(Course).order_by(Course.id).limit(1)).one()
        add_bulk_members(db.session, course, hlm(), 28)


def show_every_column(app) -> None:
    """The manager ticks every column of the dashboard."""
    with app.app_context():
        course = db.session.scalars(select(Course).order_by(Course.id).limit(1)).one()
        manager = Team(course.id, user_id(app, "demo-manager-carys"))
        choose_columns(db.session, manager, hlm(), column_keys(hlm()))
        db.session.commit()


def size(frame) -> tuple[int, int]:
    return tuple(
        frame.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=int, default=900)
    parser.add_argument("--screenshots", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = make_server("127.0.0.1", 0, NotFound(), threaded=True)
        config = Config(
            INSTANCE_DIR=Path(folder),
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/team.sqlite3",
            SECRET_KEY="bench-team",  # noqa: S106 (a throwaway demo instance)
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
            launch_in_iframe(page, site, "asha")
            frame = launch_in_iframe(page, site, "carys")
            frame.goto(f"{site.tool_url}/team/")  # the roster sync, before the bulk members
            fill_team(tool)
            pages = {
                "dashboard": "/team/",
                "member": f"/team/members/{user_id(tool, ASHA)}",
                "dashboard-every-column": "/team/",
            }
            for name, path in pages.items():
                if name == "dashboard-every-column":
                    show_every_column(tool)
                frame.goto(site.tool_url + path)
                page.wait_for_timeout(500)
                width, height = size(frame)
                print(f"{name}: {width} px wide, {height} px high")
                if args.screenshots:
                    page.set_viewport_size({"width": args.width, "height": height + 400})
                    page.wait_for_timeout(300)
                    page.screenshot(path=f"{args.screenshots}-{name}.png", full_page=True)
                    page.set_viewport_size({"width": args.width, "height": 900})
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
