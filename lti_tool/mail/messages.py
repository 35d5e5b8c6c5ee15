"""Writing messages: templates rendered to (subject, text, html), addresses checked, and the
outgoing ``EmailMessage`` built with every name and address encoded by the standard library.

Templates live in ``lti_tool/mail/templates/mail/<purpose>.txt`` (plain text, with the subject set
at the top as ``{% set subject = "…" %}``) and ``<purpose>.html`` (optional; autoescaped, like
every page). Undefined names are errors, so a message never goes out with a hole in it.

Names and addresses never reach a header as raw text: ``email.headerregistry.Address`` quotes and
RFC 2047-encodes display names, refuses an address with more than one mailbox in it, and control
characters (CR, LF…) are removed from names and subjects first, so no header can be injected."""

from __future__ import annotations

import re
from datetime import datetime
from email import policy
from email.errors import HeaderParseError, MessageDefect
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from functools import cache
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    select_autoescape,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
MAX_SUBJECT = 200


class MailAddressInvalid(ValueError):
    """An address that cannot be sent to: not one plain mailbox (``name@domain``)."""


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def one_line(text: str | None) -> str:
    """``text`` with control characters (line breaks included) turned into single spaces."""
    return CONTROL.sub(" ", text or "").strip()


def render_message(purpose: str, **context) -> tuple[str, str, str | None]:
    """Render ``mail/<purpose>.txt`` (and ``.html`` when there is one) with ``context``; returns
    (subject, text, html or None). The HTML template sees ``subject`` too."""
    env = _environment()
    module = env.get_template(f"mail/{purpose}.txt").make_module(context)
    subject = one_line(getattr(module, "subject", ""))[:MAX_SUBJECT]
    if not subject:
        raise ValueError(f"mail/{purpose}.txt sets no subject")
    text = str(module).strip() + "\n"
    try:
        html_template = env.get_template(f"mail/{purpose}.html")
    except TemplateNotFound:  # a purpose may have plain text only
        return subject, text, None
    return subject, text, html_template.render(subject=subject, **context)


def check_address(address: str) -> str:
    """The address as it will be sent (one mailbox, its domain in IDNA ASCII); raises
    :class:`MailAddressInvalid` for anything else, say two addresses or a header in disguise."""
    candidate = (address or "").strip()
    if not candidate or CONTROL.search(candidate) or candidate.count("@") != 1:
        raise MailAddressInvalid("Enter one email address, like name@example.org.")
    local, _, domain = candidate.rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii").lower()
        parsed = Address(addr_spec=f"{local}@{domain}")
    except (ValueError, UnicodeError, HeaderParseError, MessageDefect) as error:
        raise MailAddressInvalid("Enter one email address, like name@example.org.") from error
    if not parsed.username or not parsed.domain or not parsed.addr_spec.isascii():
        raise MailAddressInvalid("Enter one email address, like name@example.org.")
    return parsed.addr_spec


def mailbox(address: str, name: str | None = None) -> Address:
    """A header-safe mailbox: the checked address with the name cleaned of control characters
    (quoting and encoding are left to the email package)."""
    return Address(display_name=one_line(name)[:200], addr_spec=check_address(address))


def parse_sender(value: str) -> Address:
    """``MAIL_FROM`` (``Name <address>`` or a bare address) as a mailbox."""
    value = value.strip()
    if value.endswith(">") and "<" in value:
        name, _, address = value[:-1].rpartition("<")
        return mailbox(address, name.strip().strip('"'))
    return mailbox(value)


def message_id(row_id: int, created_at: datetime, domain: str) -> str:
    """The Message-ID of outbox row ``row_id``: the same on every attempt, so a receiver that sees
    the message twice (after a crash between sending and recording it) can drop the copy."""
    return f"<dp-mail.{row_id}.{int(created_at.timestamp())}@{domain}>"


def build_message(
    *,
    row_id: int,
    created_at: datetime,
    sender: Address,
    to_address: str,
    to_name: str | None,
    subject: str,
    text: str,
    html: str | None,
) -> EmailMessage:
    """The email for one outbox row, ready for ``smtplib.SMTP.send_message``."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = mailbox(to_address, to_name)
    message["Subject"] = one_line(subject)[:MAX_SUBJECT]
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(row_id, created_at, sender.domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message
