"""Browser fixtures: the tool and its demo LMS served together (LMS at http://127.0.0.1:PORT,
tool at http://localhost:PORT: two sites, as with a real Moodle) and Debian's chromium."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from support.e2e import CHROMIUM, CHROMIUM_ARGS
from werkzeug.serving import make_server


@dataclass
class DemoSite:
    app: object
    port: int
    mailbox: object  # demo_lms.mailbox.Mailbox: the SMTP server the tool's mail goes to
    wsgi: object = None  # the tool and the LMS together, to serve on another port too
    institution_port: int | None = None

    @property
    def institution_url(self) -> str:
        """The demo LMS at a third origin (the ``canvas_site``'s institution host)."""
        return f"http://127.0.0.1:{self.institution_port}/demo-lms"

    @property
    def lms_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/demo-lms"

    @property
    def tool_url(self) -> str:
        return f"http://localhost:{self.port}"


@contextmanager
def serving_demo(make_app, database_url, tmp_path, **build_options):
    """The tool and its demo LMS (``demo_lms.with_tool.build``) on one free port."""
    from werkzeug.exceptions import NotFound

    from demo_lms.mailbox import Mailbox
    from demo_lms.with_tool import build
    from lti_tool.config import Config

    make_app()  # empties the test database
    server = make_server("127.0.0.1", 0, NotFound(), threaded=True)
    config = Config(
        INSTANCE_DIR=tmp_path / "demo-instance",
        SQLALCHEMY_DATABASE_URI=database_url,
        SECRET_KEY="e2e-secret",
        DEMO_MODE=True,
    )
    mailbox = Mailbox()
    tool, wsgi, _ = build(server.server_port, config, mailbox=mailbox, **build_options)
    server.app = wsgi
    with serving(server):
        yield DemoSite(app=tool, port=server.server_port, mailbox=mailbox, wsgi=wsgi)
    mailbox.stop()
    from lti_tool.extensions import db

    with tool.app_context():
        db.engine.dispose()


@contextmanager
def serving(server):
    """Serve ``server`` on a thread of its own until the block ends."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def demo_site(make_app, database_url, tmp_path):
    with serving_demo(make_app, database_url, tmp_path) as site:
        yield site


@pytest.fixture
def moodle_site(make_app, database_url, tmp_path):
    """A Moodle-flavoured demo LMS."""
    with serving_demo(make_app, database_url, tmp_path, flavour="moodle") as site:
        yield site


@pytest.fixture
def canvas_site(make_app, database_url, tmp_path):
    """A Canvas-flavoured demo LMS whose course pages are also served from a third origin,
    http://127.0.0.1:OTHER_PORT (``site.institution_url``), as Canvas cloud frames the tool from
    the institution's host while its issuer and login are elsewhere."""
    with serving_demo(make_app, database_url, tmp_path, flavour="canvas") as site:
        institution = make_server("127.0.0.1", 0, site.wsgi, threaded=True)
        with serving(institution):
            site.institution_port = institution.server_port
            yield site


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
