"""The demo LMS's Mailbox page over its SMTP server: what arrived, newest first, each message's
body with its web addresses as links, and nothing a message says is taken as markup."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from demo_lms import DemoLmsConfig, create_demo_lms
from demo_lms.mailbox import Mailbox


def _config(tmp_path) -> DemoLmsConfig:
    return DemoLmsConfig(
        issuer="http://127.0.0.1:9/demo-lms",
        tool_login_url="https://tool.example.test/lti/login",
        tool_launch_url="https://tool.example.test/lti/launch",
        tool_jwks_url="https://tool.example.test/lti/jwks",
        key_path=tmp_path / "key.pem",
    )


def _send(box: Mailbox, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = "planner@localhost"
    message["To"] = '"Eve <script>" <eve@example.org>'
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", box.port, timeout=5) as smtp:
        smtp.send_message(message)


def test_the_mailbox_lists_messages_and_links_only_web_addresses(tmp_path):
    with Mailbox() as box:
        lms = create_demo_lms(_config(tmp_path), mailbox=box)
        client = lms.test_client()
        assert b"No email yet" in client.get("/mailbox").data
        _send(box, "First", "Hello")
        _send(
            box,
            "<img src=x onerror=alert(1)>",
            "Open https://tool.example/plan/1?a=1&b=2 now\njavascript:alert(1) <b>bold</b>",
        )
        listing = client.get("/mailbox").data.decode()
        assert listing.index("&lt;img src=x") < listing.index("First"), "newest first"
        assert "<img src=x" not in listing
        link = '<a href="https://tool.example/plan/1?a=1&amp;b=2" data-testid="mail-link">'
        assert link in listing
        assert 'href="javascript' not in listing

        page = client.get("/mailbox/2").data.decode()
        assert '<a href="https://tool.example/plan/1?a=1&amp;b=2">' in page
        assert "javascript:alert(1) &lt;b&gt;bold&lt;/b&gt;" in page
        assert 'href="javascript' not in page
        assert "Eve &lt;script&gt;" in page
        assert client.get("/mailbox/9").status_code == 404


def test_without_a_mailbox_the_page_says_no_mail_is_sent(tmp_path):
    lms = create_demo_lms(_config(tmp_path))
    assert b"without a mail server" in lms.test_client().get("/mailbox").data
