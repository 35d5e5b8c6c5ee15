"""Hostile names and subjects reach the server as one recipient and encoded headers, never as
extra headers or addresses; the login goes to the server and its password nowhere else."""

from __future__ import annotations

import logging
from urllib.parse import quote

from aiosmtpd.smtp import AuthResult, LoginPassword
from mail_helpers import outbox, queue_mail, sender
from support.smtp import TestSmtpServer

HOSTILE_NAME = 'Eve "<eve@evil.example>", Mallory\r\nBcc: spy@evil.example'


def test_hostile_names_and_subjects_cannot_add_recipients_or_headers(mail_app, smtp):
    queue_mail(
        mail_app,
        1,
        to="ann@example.org",
        to_name=HOSTILE_NAME,
        subject="Hi\r\nBcc: spy@evil.example",
    )
    assert sender(mail_app).send_all_due().sent == 1
    [received] = smtp.messages
    assert received.rcpt_tos == ("ann@example.org",)
    assert received.message["Bcc"] is None
    to = received.message["To"]
    assert [a.addr_spec for a in to.addresses] == ["ann@example.org"]
    assert to.addresses[0].display_name == 'Eve "<eve@evil.example>", Mallory Bcc: spy@evil.example'
    assert received.subject == "Hi Bcc: spy@evil.example"
    head = received.message.as_bytes().split(b"\r\n\r\n", 1)[0]
    assert not [line for line in head.splitlines() if line.lower().startswith(b"bcc")]


def test_names_outside_ascii_are_encoded_and_read_back(mail_app, smtp):
    queue_mail(mail_app, 1, to="zoe@example.org", to_name="Zoë Ó'Brien-Ünal", subject="Café ☕")
    sender(mail_app).send_all_due()
    [received] = smtp.messages
    assert received.message["To"].addresses[0].display_name == "Zoë Ó'Brien-Ünal"
    assert received.subject == "Café ☕"
    raw = received.message.as_bytes()
    assert raw.isascii() or b"=?utf-8?" in raw


def test_the_login_reaches_the_server_and_the_password_nothing_else(make_app, caplog):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret/pass:word", handled=False)

    password = "s3cret/pass:word"
    with TestSmtpServer(authenticator=authenticator, auth_require_tls=False) as smtp:
        app = make_app(MAIL_URL=f"smtp://planner:{quote(password, safe='')}@127.0.0.1:{smtp.port}")
        queue_mail(app, 1)
        with caplog.at_level(logging.DEBUG):
            assert sender(app).send_all_due().sent == 1
            listing = app.test_cli_runner().invoke(args=["mail", "list", "--all"])
        assert logins == [(b"planner", password.encode())]
        assert len(smtp.messages) == 1
        assert password not in caplog.text and password not in listing.output
        assert password not in repr(app.extensions["mail_settings"])
        assert password not in repr(app.extensions["mail_settings"].server())


def test_a_refused_login_is_retried_not_failed(make_app):
    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=False, handled=False)

    with TestSmtpServer(authenticator=authenticator, auth_require_tls=False) as smtp:
        app = make_app(
            MAIL_URL=f"smtp://planner:wrong@127.0.0.1:{smtp.port}", MAIL_RETRY_BASE_SECONDS=60
        )
        queue_mail(app, 2)
        report = sender(app).send_all_due()
        assert (report.retrying, report.handed_back, report.failed) == (1, 1, 0)
        assert {r.status for r in outbox(app)} == {"pending"}
        assert "SMTP 535" in outbox(app)[0].last_error
        assert "wrong" not in outbox(app)[0].last_error
