"""Benchmark: deliver queued email to a local SMTP server (aiosmtpd, in a process of its own).

Queues N messages (default 1,000) through ``lti_tool.mail.send_later``, each in its own
transaction as a notice would be, then lets mail senders deliver them to a real SMTP server on
127.0.0.1, run in a child process (in this one it would fight the senders for the GIL). Runs on
SQLite and on PostgreSQL, in throwaway databases (tests/support/databases.py), and prints for
each: seconds to queue, seconds to deliver, messages per second, and duplicates and messages
missing at the server (both must be 0). Figures only: it never fails on timing.

    .venv/bin/python bench/mail_delivery.py [--messages 1000] [--senders 1] [--batch-size 50]
        [--runs sqlite,pg]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_mail]
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support.databases import fresh_database, migrated  # noqa: E402

from demo_lms.mailbox import Mailbox, RecordingHandler, free_port  # noqa: E402
from lti_tool.extensions import db  # noqa: E402
from lti_tool.mail import send_later  # noqa: E402
from lti_tool.mail.sender import MailReport, MailSender  # noqa: E402
from lti_tool.mail.settings import MailSettings  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_mail"
RUNS = ("sqlite", "pg")


@dataclass
class Figures:
    name: str
    queued_seconds: float
    seconds: float
    delivered: int
    duplicates: int
    missing: int

    def row(self) -> str:
        rate = self.delivered / self.seconds if self.seconds else 0.0
        return (
            f"| {self.name:<10} | {self.delivered:>9} | {self.queued_seconds:>9.2f} | "
            f"{self.seconds:>11.2f} | {rate:>10.0f} | {self.duplicates:>10} | {self.missing:>7} |"
        )


def queue(app, count: int) -> float:
    started = time.perf_counter()
    with app.app_context():
        for n in range(count):
            send_later(
                db.session,
                to_address=f"person{n}@example.org",
                to_name=f"Person {n}",
                subject=f"Your goal is due in a week ({n})",
                text=f"Hello Person {n},\n\nYour goal is due soon.\nhttps://tool.example/g/{n}\n",
                html=f"<p>Hello Person {n},</p><p>Your goal is due soon.</p>",
                purpose="bench",
                dedupe_key=f"bench:{n}",
            )
            db.session.commit()
    return time.perf_counter() - started


def deliver(app, settings: MailSettings, senders: int) -> tuple[float, MailReport]:
    with app.app_context():
        engine = db.engine
    workers = [MailSender(engine, settings, sender_id=f"bench-{i}") for i in range(senders)]
    reports: list[MailReport] = []
    started = time.perf_counter()
    threads = [
        threading.Thread(target=lambda w=w: reports.append(w.run_until_settled(timeout=600)))
        for w in workers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = MailReport()
    for report in reports:
        total.add(report)
    return time.perf_counter() - started, total


def serve(port: int, out: str) -> int:
    """The SMTP server process: receive until SIGTERM, then write the Message-IDs received."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with Mailbox(RecordingHandler(keep=10**7), port=port) as box:
        print("ready", flush=True)
        stop.wait()
        Path(out).write_text(json.dumps([m.message_id for m in box.messages]))
    return 0


class ServerProcess:
    """``serve`` in a child process on a free port."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"smtp://127.0.0.1:{self.port}"
        self.out = workdir / "received.json"
        self.process = subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, __file__, "--serve", str(self.port), str(self.out)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def received(self) -> list[str]:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)
        return json.loads(self.out.read_text())


def run(name: str, url: str | None, args, workdir: Path) -> Figures:
    database = fresh_database(url, workdir)
    box = ServerProcess(workdir)
    app = migrated(database, workdir)
    app.config.update(MAIL_URL=box.url, MAIL_ENABLED=True)
    settings = MailSettings(
        url=box.url, enabled=True, batch_size=args.batch_size, sender="Bench <bench@localhost>"
    )
    queued = queue(app, args.messages)
    seconds, report = deliver(app, settings, args.senders)
    ids = Counter(box.received())
    with app.app_context():
        db.engine.dispose()
    return Figures(
        name=name,
        queued_seconds=queued,
        seconds=seconds,
        delivered=report.sent,
        duplicates=sum(c - 1 for c in ids.values() if c > 1),
        missing=args.messages - len(ids),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--runs", default=",".join(RUNS))
    parser.add_argument("--database-url", default=DEFAULT_PG)
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(int(args.serve[0]), args.serve[1])
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    print(
        f"{args.messages} messages, {args.senders} sender(s), batches of {args.batch_size}\n\n"
        "| database   | delivered | queue (s) | deliver (s) | messages/s | duplicates | missing |\n"
        "|------------|-----------|-----------|-------------|------------|------------|---------|"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.runs.split(","):
            url = None if name == "sqlite" else args.database_url
            print(run(name, url, args, Path(tmp)).row(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
