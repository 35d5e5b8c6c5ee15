"""Why a delivery failed, whether trying again could help, and how long to wait: a 4xx other than
401/408/429 is permanent (the LMS's message kept); timeouts, connection errors, 401s that survive
a token refresh, 429s and 5xxs are retried with exponential backoff and jitter."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import requests

from development_plans.db import utcnow
from lti_tool.grades.line_items import LineItemUnavailable

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 500
MAX_RETRY_AFTER_SECONDS = 24 * 3600.0


class DeliveryProblem(Exception):
    """Why an attempt failed: ``permanent`` failures are not retried; ``platform_wide`` ones
    (the LMS is down, timing out or throttling) make the sender rest that LMS, with its own
    exponential backoff, rather than try every other learner's grade against it."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        http_status: int | None = None,
        retry_after: float | None = None,
        platform_wide: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.http_status = http_status
        self.retry_after = retry_after
        self.platform_wide = platform_wide


def backoff_delay(
    attempt: int,
    *,
    base: float,
    cap: float,
    retry_after: float | None = None,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before attempt ``attempt + 1``: exponential from ``base``, capped, with
    "equal jitter" (half fixed, half random); never sooner than the LMS's Retry-After (which is
    honoured beyond the cap, up to a day)."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    delay = ceiling / 2 + rand() * ceiling / 2
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER_SECONDS))
    return delay


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - utcnow()).total_seconds(), 0.0) if when.tzinfo else None


def platform_message(response: requests.Response) -> str:
    """The LMS's own explanation of a refused request, short enough to store and show."""
    text = response.text or ""
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    detail = None
    if isinstance(body, dict):
        for key in ("error_description", "message", "error", "reason"):
            if isinstance(body.get(key), str) and body[key].strip():
                detail = body[key].strip()
                break
    detail = detail or text.strip() or response.reason or "no explanation given"
    return f"HTTP {response.status_code}: {detail}"[:MESSAGE_LIMIT]


def http_status_of(error: Exception) -> int | None:
    """The HTTP status of the LMS's answer that ``error`` carries, if any."""
    response = getattr(error, "response", None)
    return response.status_code if isinstance(response, requests.Response) else None


def _refused(response: requests.Response) -> DeliveryProblem:
    status = response.status_code
    message = platform_message(response)
    if status in (401, 408, 429) or status >= 500:
        return DeliveryProblem(
            message,
            permanent=False,
            http_status=status,
            retry_after=_retry_after(response),
            platform_wide=status != 401,
        )
    return DeliveryProblem(message, permanent=400 <= status < 500, http_status=status)


def classify(error: Exception) -> DeliveryProblem:
    """Turn whatever an attempt raised into a retryable or permanent problem."""
    if isinstance(error, DeliveryProblem):
        return error
    if isinstance(error, LineItemUnavailable):
        return DeliveryProblem(str(error), permanent=error.permanent, retry_after=error.retry_after)
    if isinstance(error, requests.Timeout):
        return DeliveryProblem(
            f"The LMS did not answer in time ({error.__class__.__name__}).",
            permanent=False,
            platform_wide=True,
        )
    if isinstance(error, requests.ConnectionError):
        return DeliveryProblem(
            f"Could not connect to the LMS: {error}"[:MESSAGE_LIMIT],
            permanent=False,
            platform_wide=True,
        )
    response = getattr(error, "response", None)
    if isinstance(response, requests.Response):
        return _refused(response)
    log.exception("Unexpected error while sending a grade", exc_info=error)
    return DeliveryProblem(f"{error.__class__.__name__}: {error}"[:MESSAGE_LIMIT], permanent=False)
