"""Benchmark: a class doing its self-assessment at once. N learners (default 200) each launch,
answer every dimension page through the real forms with their CSRF tokens, and submit, against
the tool under gunicorn on PostgreSQL. Prints errors, answers posted against answers stored (they
must be equal), p50/p95 per page, tool CPU per request (from /proc) and RSS per worker. Figures
only: it never fails on timing.

    .venv/bin/python bench/classroom.py [--learners 200] [--clients 8] [--workers 2]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_classroom]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sqlalchemy import func, select  # noqa: E402
from support.assessment_pages import Learner, assessment_id_in  # noqa: E402
from support.databases import fresh_database, migrated  # noqa: E402
from support.gunicorn import Gunicorn  # noqa: E402
from support.lti import Launcher, register  # noqa: E402

from demo_lms.config import DemoLmsConfig, Persona  # noqa: E402
from demo_lms.testing import running_platform  # noqa: E402
from development_plans.assessments import DEFAULT_FRAMEWORK_ID, BehaviourAnswer  # noqa: E402
from development_plans.framework import available_frameworks  # noqa: E402
from lti_tool.assessment.forms import rating_field_name  # noqa: E402
from lti_tool.extensions import db  # noqa: E402

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


class Timings:
    """Latency per kind of page, and counts, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.requests = 0
        self.answers_posted = 0

    def timed(self, kind: str, call):
        started = time.perf_counter()
        response = call()
        with self.lock:
            self.seconds[kind].append(time.perf_counter() - started)
            self.requests += 1 + len(response.history)
        if response.status_code != 200:
            with self.lock:
                self.errors.append(f"{kind}: HTTP {response.status_code}")
        return response


def one_learner(platform, tool, persona: str, framework, timings: Timings) -> None:
    launcher = Launcher(platform, tool)
    landed = timings.timed("launch (login, launch, home)", lambda: launcher.launch(persona))
    learner = Learner(launcher, landed)
    started = timings.timed("start assessment", learner.start)
    assessment_id = assessment_id_in(started.url)
    for number, dimension in enumerate(framework.dimensions, start=1):
        path = f"/assessment/{assessment_id}/dimensions/{number}"
        page = timings.timed("dimension page (GET)", lambda path=path: learner.get(path))
        values = [option.value for option in framework.scale]
        ratings = {
            b.id: values[hash((persona, b.id)) % len(values)] for b in dimension.all_behaviours()
        }
        data = {rating_field_name(behaviour): value for behaviour, value in ratings.items()}
        data.update(importance=3, action="continue", csrf_token=learner.csrf(page.text))
        timings.timed("dimension answers (POST)", lambda p=path, d=data: learner.post(p, d))
        with timings.lock:
            timings.answers_posted += len(ratings)
    check = timings.timed(
        "check answers", lambda: learner.get(f"/assessment/{assessment_id}/check")
    )
    submit = {"csrf_token": learner.csrf(check.text)}
    timings.timed("submit", lambda: learner.post(f"/assessment/{assessment_id}/submit", submit))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_classroom"
    )
    args = parser.parse_args()
    personas = tuple(
        Persona(f"p{i}", f"class-{i}", "Learner", f"Number {i}", f"l{i}@example.nhs.uk", (LEARNER,))
        for i in range(args.learners)
    )
    framework = available_frameworks(ROOT / "content" / "frameworks")[DEFAULT_FRAMEWORK_ID]
    timings = Timings()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = fresh_database(args.database_url, workdir)
        app = migrated(url, workdir)
        env = {"DATABASE_URL": url, "DP_INSTANCE_DIR": str(workdir / "i"), "SECRET_KEY": "bench"}
        with Gunicorn(env, workers=args.workers) as tool:
            config = lambda issuer: DemoLmsConfig(  # noqa: E731
                issuer=issuer,
                tool_login_url=f"{tool.url}/lti/login",
                tool_launch_url=f"{tool.url}/lti/launch",
                tool_jwks_url=f"{tool.url}/lti/jwks",
                personas=personas,
            )
            with running_platform(config) as platform:
                register(app, platform)
                cpu_before = tool.cpu_seconds()
                started = time.perf_counter()
                with ThreadPoolExecutor(args.clients) as pool:
                    list(
                        pool.map(
                            lambda p: one_learner(platform, tool, p.id, framework, timings),
                            personas,
                        )
                    )
                elapsed = time.perf_counter() - started
                cpu = tool.cpu_seconds() - cpu_before
                rss = tool.worker_rss_mb()
        with app.app_context():
            stored = db.session.scalar(select(func.count()).select_from(BehaviourAnswer))
    print(f"{args.learners} learners, {args.clients} at a time, {args.workers} gunicorn workers")
    print(f"  {timings.requests} requests in {elapsed:.1f} s; errors: {len(timings.errors)}")
    print(f"  answers posted {timings.answers_posted}, stored {stored}")
    print(f"  tool CPU per request {cpu / timings.requests * 1000:.2f} ms")
    print("  RSS per worker " + ", ".join(f"{mb:.0f} MB" for mb in rss))
    for kind, seconds in timings.seconds.items():
        seconds.sort()
        p95 = seconds[max(0, int(len(seconds) * 0.95) - 1)]
        print(
            f"  {kind:32} n={len(seconds):5}  p50 {statistics.median(seconds) * 1000:7.1f} ms"
            f"  p95 {p95 * 1000:7.1f} ms"
        )
    for error in timings.errors[:10]:
        print("  error:", error)


if __name__ == "__main__":
    main()
