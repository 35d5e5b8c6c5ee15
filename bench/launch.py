"""Benchmark: full LTI 1.3 launches (OIDC login -> authentication request -> id_token POST -> first
page) against the tool under gunicorn, side by side in one run with a reference tool written the
way pylti1p3's own Flask example is (bench/reference_tool.py, one worker, state in memory), all
driven by the same demo LMS, which really signs id_tokens. Prints tool CPU per launch (from
/proc), launches per second, p50/p95 latency, RSS per worker and the ratio to the reference.
Figures only: it never fails on timing.

    .venv/bin/python bench/launch.py [--launches 250] [--clients 4] [--workers 2]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_launch]
        [--redis-url redis://127.0.0.1:6379/14] [--sqlite]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support.databases import fresh_database, migrated  # noqa: E402
from support.gunicorn import Gunicorn  # noqa: E402
from support.lti import Launcher, register  # noqa: E402

from demo_lms.config import DemoLmsConfig, Persona  # noqa: E402
from demo_lms.testing import running_platform  # noqa: E402

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
WARM_UP = 40
PERSONAS = tuple(
    Persona(
        id=f"p{i}",
        sub=f"bench-learner-{i}",
        given_name="Learner",
        family_name=f"Number {i}",
        email=f"learner{i}@example.nhs.uk",
        roles=(LEARNER,),
    )
    for i in range(40)
)


class Target:
    """Where the platform sends launches: the tool's login and launch URLs."""

    def __init__(self, url: str, login: str, launch: str) -> None:
        self.url = url
        self.login = login
        self.launch = launch


def one_launch(platform, target: Target, persona: str) -> float:
    started = time.perf_counter()
    launcher = Launcher(platform, target)
    launcher.login(persona)
    action, fields = launcher.authenticate()
    response = launcher.session.post(action, data=fields)
    if response.status_code != 200 or "Number" not in response.text:
        raise RuntimeError(f"launch failed: {response.status_code} {response.text[:300]}")
    return time.perf_counter() - started


def drive(platform, target: Target, server: Gunicorn, launches: int, clients: int) -> dict:
    """Warm every worker and thread first (templates compiled, statements cached, connections
    open: a one-off cost of ~0.2 s per worker that would otherwise land in the figure), then
    measure ``launches``."""
    with ThreadPoolExecutor(clients) as pool:
        persona = lambda i: PERSONAS[i % len(PERSONAS)].id  # noqa: E731
        list(pool.map(lambda i: one_launch(platform, target, persona(i)), range(WARM_UP)))
    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        times = list(
            pool.map(
                lambda i: one_launch(platform, target, PERSONAS[i % len(PERSONAS)].id),
                range(launches),
            )
        )
    elapsed = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu_before
    times.sort()
    return {
        "cpu_ms": cpu / launches * 1000,
        "per_second": launches / elapsed,
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
        "rss_mb": server.worker_rss_mb(),
    }


def platform_config(target: Target):
    return lambda issuer: DemoLmsConfig(
        issuer=issuer,
        tool_login_url=target.login,
        tool_launch_url=target.launch,
        tool_jwks_url=f"{target.url}/lti/jwks",
        personas=PERSONAS,
    )


def run_tool(label: str, database_url: str, store: str, args, workdir: Path) -> dict:
    migrated(database_url, workdir)
    env = {
        "DATABASE_URL": database_url,
        "SHARED_STORE_URL": store,
        "DP_INSTANCE_DIR": str(workdir / "instance"),
        "SECRET_KEY": "bench",
    }
    with Gunicorn(env, workers=args.workers) as server:
        target = Target(server.url, f"{server.url}/lti/login", f"{server.url}/lti/launch")
        with running_platform(platform_config(target)) as platform:
            app = migrated(database_url, workdir)
            register(app, platform)
            result = drive(platform, target, server, args.launches, args.clients)
    return {"label": label, "workers": args.workers, **result}


def run_reference(args, workdir: Path) -> dict:
    holder: dict = {}
    conf_path = workdir / "reference.json"
    conf_path.write_text("{}")
    with Gunicorn(
        {"REFERENCE_TOOL_CONF": str(conf_path)},
        app="bench.reference_tool:app",
        workers=1,
        extra_args=("--worker-class=sync",),
    ) as server:
        target = Target(server.url, f"{server.url}/login", f"{server.url}/launch")
        with running_platform(platform_config(target)) as platform:
            holder["platform"] = platform
            write_reference_conf(conf_path, platform)
            result = drive(platform, target, server, args.launches, args.clients)
    return {"label": "reference (pylti1p3 Flask example pattern)", "workers": 1, **result}


def write_reference_conf(path: Path, platform) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    registration = {
        "default": True,
        "client_id": platform.client_id,
        "auth_login_url": platform.auth_url,
        "auth_token_url": platform.token_url,
        "key_set_url": platform.jwks_url,
        "deployment_ids": [platform.deployment_id],
    }
    path.write_text(
        json.dumps(
            {
                "registrations": {platform.issuer: [registration]},
                "private_key": private,
                "public_key": public,
            }
        )
    )


def report(rows: list[dict]) -> None:
    reference = next(r for r in rows if r["label"].startswith("reference"))
    print(
        f"{'':44} {'workers':>7} {'CPU/launch':>11} {'x ref':>6} {'launch/s':>9}"
        f" {'p50':>8} {'p95':>8}  RSS per worker"
    )
    for row in rows:
        rss = ", ".join(f"{mb:.0f} MB" for mb in row["rss_mb"])
        print(
            f"{row['label']:44} {row['workers']:>7} {row['cpu_ms']:>8.2f} ms"
            f" {row['cpu_ms'] / reference['cpu_ms']:>6.2f} {row['per_second']:>9.1f}"
            f" {row['p50_ms']:>5.1f} ms {row['p95_ms']:>5.1f} ms  {rss}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=250)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_launch"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--sqlite", action="store_true", help="also run on SQLite")
    parser.add_argument(
        "--only", choices=("database", "redis"), help="only this tool configuration on PostgreSQL"
    )
    args = parser.parse_args()
    print(
        f"{args.launches} full launches from {args.clients} clients"
        f" (login -> auth request -> id_token POST -> first page)\n"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        rows.append(run_reference(args, workdir))
        for label, store in (
            ("this tool, PostgreSQL, database store", "database"),
            ("this tool, PostgreSQL, Redis store", args.redis_url),
        ):
            if args.only and args.only != ("database" if store == "database" else "redis"):
                continue
            url = fresh_database(args.database_url, workdir)
            rows.append(run_tool(label, url, store, args, workdir))
        if args.sqlite:
            url = fresh_database(None, workdir)
            label = "this tool, SQLite, database store"
            rows.append(run_tool(label, url, "database", args, workdir))
    report(rows)


if __name__ == "__main__":
    threading.excepthook = lambda hook: None
    main()
