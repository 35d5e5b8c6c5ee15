"""Which web links the tool accepts (http and https only), for resources and progress evidence."""

from __future__ import annotations

from urllib.parse import urlsplit

URL_MAX = 2000


def web_url_problem(url: str) -> str | None:
    """Why ``url`` is not an acceptable web link (only http and https), or None if it is."""
    if not url:
        return "Enter a web address"
    if len(url) > URL_MAX:
        return f"Web address must be {URL_MAX} characters or fewer"
    if any(ch.isspace() for ch in url):
        return "Web address must not contain spaces"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "Enter a web address in the correct format, like https://www.example.nhs.uk/page"
    if parts.scheme.lower() not in ("http", "https"):
        return "Web address must start with https:// or http://"
    if not parts.hostname or "." not in parts.hostname and parts.hostname != "localhost":
        return "Enter a web address in the correct format, like https://www.example.nhs.uk/page"
    return None
