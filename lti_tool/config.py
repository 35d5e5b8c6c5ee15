"""Configuration from environment variables, with defaults that run a fresh clone on SQLite."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("DP_INSTANCE_DIR", REPO_ROOT / "instance"))


def _secret_key(instance_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated on first run and kept in instance/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    instance_dir.mkdir(parents=True, exist_ok=True)
    path = instance_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, str(default)))


def _database(instance_dir: Path) -> dict[str, object]:
    """Where the tables and the shared store (launch state, caches) live."""
    default_url = f"sqlite:///{instance_dir / 'development-planner.sqlite3'}"
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {},  # liveness checks: lti_tool/database.py
        "SHARED_STORE_URL": os.environ.get("SHARED_STORE_URL", "database"),
        "MIGRATIONS_ENABLED": True,
    }


def _lti_and_sessions() -> dict[str, object]:
    """Registration, keys, proxies, and the cookies that survive a cross-site LMS frame."""
    return {
        "DYNAMIC_REGISTRATION": os.environ.get("DP_DYNAMIC_REGISTRATION", "pending"),
        "TRUSTED_PROXIES": _int("DP_TRUSTED_PROXIES", 0),
        "KEY_ROTATION_GRACE_DAYS": _int("DP_KEY_GRACE_DAYS", 7),
        "PLATFORM_JWKS_CACHE_SECONDS": _int("DP_JWKS_CACHE_SECONDS", 3600),
        "SESSION_LIFETIME_SECONDS": _int("DP_SESSION_SECONDS", 8 * 3600),
        "LAUNCH_HANDLE_SECONDS": _int("DP_LAUNCH_HANDLE_SECONDS", 60),
        "PAGE_TOKEN_SECONDS": _int("DP_PAGE_TOKEN_SECONDS", 3600),
        "SESSION_COOKIE_NAME": "dp_session",
        "SESSION_COOKIE_SAMESITE": "None",
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_PARTITIONED": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
    }


def _grades(demo_mode: bool) -> dict[str, object]:
    """The grade outbox and its sender to the LMS gradebook (AGS)."""
    return {
        "GRADES_BACKGROUND_SENDER": _flag("DP_GRADES_BACKGROUND_SENDER", demo_mode),
        "GRADES_BATCH_SIZE": _int("DP_GRADES_BATCH_SIZE", 100),
        "GRADES_PARALLEL_POSTS": _int("DP_GRADES_PARALLEL_POSTS", 4),
        "GRADES_CLAIM_SECONDS": _float("DP_GRADES_CLAIM_SECONDS", 120),
        "GRADES_HTTP_TIMEOUT": _float("DP_GRADES_HTTP_TIMEOUT", 10),
        "GRADES_RETRY_BASE_SECONDS": _float("DP_GRADES_RETRY_BASE_SECONDS", 5),
        "GRADES_RETRY_CAP_SECONDS": _float("DP_GRADES_RETRY_CAP_SECONDS", 3600),
        "GRADES_MAX_ATTEMPTS": _int("DP_GRADES_MAX_ATTEMPTS", 60),
        "GRADES_POLL_SECONDS": _float("DP_GRADES_POLL_SECONDS", 2),
        "GRADES_DISPLAY_TIMEZONE": os.environ.get("DP_GRADES_DISPLAY_TIMEZONE", "Europe/London"),
        "GRADES_SENT_RETENTION_DAYS": _float("DP_GRADES_SENT_RETENTION_DAYS", 30),
        "GRADES_PRUNE_INTERVAL_SECONDS": _float("DP_GRADES_PRUNE_INTERVAL_SECONDS", 3600),
    }


def _mail(demo_mode: bool) -> dict[str, object]:
    """The mail outbox and its sender; MAIL_ENABLED None means on exactly when MAIL_URL is set
    (decided by lti_tool.mail.init_app)."""
    enabled = os.environ.get("DP_MAIL_ENABLED")
    return {
        "MAIL_URL": os.environ.get("DP_MAIL_URL", ""),
        "MAIL_FROM": os.environ.get(
            "DP_MAIL_FROM", "Development Planner <no-reply@development-planner.invalid>"
        ),
        "MAIL_TOOL_URL": os.environ.get("DP_TOOL_URL", ""),  # links in mail sent by commands
        "MAIL_ENABLED": None if enabled is None else _flag("DP_MAIL_ENABLED", False),
        "MAIL_BACKGROUND_SENDER": _flag("DP_MAIL_BACKGROUND_SENDER", demo_mode),
        "MAIL_BATCH_SIZE": _int("DP_MAIL_BATCH_SIZE", 50),
        "MAIL_CLAIM_SECONDS": _float("DP_MAIL_CLAIM_SECONDS", 120),
        "MAIL_TIMEOUT": _float("DP_MAIL_TIMEOUT", 10),
        "MAIL_RETRY_BASE_SECONDS": _float("DP_MAIL_RETRY_BASE_SECONDS", 30),
        "MAIL_RETRY_CAP_SECONDS": _float("DP_MAIL_RETRY_CAP_SECONDS", 3600),
        "MAIL_MAX_ATTEMPTS": _int("DP_MAIL_MAX_ATTEMPTS", 30),
        "MAIL_POLL_SECONDS": _float("DP_MAIL_POLL_SECONDS", 5),
        "MAIL_SENT_RETENTION_DAYS": _float("DP_MAIL_SENT_RETENTION_DAYS", 14),
        "MAIL_FAILED_RETENTION_DAYS": _float("DP_MAIL_FAILED_RETENTION_DAYS", 90),
        "MAIL_PRUNE_INTERVAL_SECONDS": _float("DP_MAIL_PRUNE_INTERVAL_SECONDS", 3600),
    }


def _content() -> dict[str, object]:
    """Framework packs, resource catalogues and the NHS.UK frontend's files."""
    return {
        "NHSUK_ASSETS_DIR": os.environ.get(
            "DP_NHSUK_ASSETS_DIR", str(REPO_ROOT / "node_modules/nhsuk-frontend/dist/nhsuk")
        ),
        "FRAMEWORK_PACKS_DIR": os.environ.get(
            "DP_CONTENT_DIR", str(REPO_ROOT / "content" / "frameworks")
        ),
        "RESOURCE_CATALOGUE_DIR": os.environ.get(
            "DP_RESOURCES_DIR", str(REPO_ROOT / "content" / "resources")
        ),
        "FRAMEWORK_ID": os.environ.get("DP_FRAMEWORK_ID") or None,
    }


def _team_and_feedback() -> dict[str, object]:
    """Managers' team pages (roster sync, summaries) and 360 feedback's emailed links."""
    return {
        "TEAM_SYNC_INTERVAL_SECONDS": _int("DP_TEAM_SYNC_SECONDS", 300),
        "TEAM_SUMMARY_MIN_GROUP": _int("DP_TEAM_SUMMARY_MIN_GROUP", 5),
        "TEAM_PAGE_SIZE": _int("DP_TEAM_PAGE_SIZE", 50),
        "TEAM_HTTP_TIMEOUT": _int("DP_TEAM_HTTP_TIMEOUT", 10),
        "TEAM_REVIEW_DAYS": _int("DP_TEAM_REVIEW_DAYS", 7),
        "FEEDBACK_LINK_REQUESTS_PER_MINUTE": _int("DP_FEEDBACK_LINK_REQUESTS_PER_MINUTE", 60),
    }


class Config:
    """Production-minded defaults; every value can be overridden by an environment variable, and
    by keyword (tests, the demo)."""

    def __init__(self, **overrides: object) -> None:
        instance_dir = Path(str(overrides.pop("INSTANCE_DIR", INSTANCE_DIR)))
        self.INSTANCE_DIR = instance_dir
        self.SECRET_KEY = _secret_key(instance_dir)
        self.DEMO_MODE = _flag("DP_DEMO_MODE", False)
        settings = {
            **_database(instance_dir),
            **_lti_and_sessions(),
            **_grades(self.DEMO_MODE),
            **_mail(self.DEMO_MODE),
            **_content(),
            **_team_and_feedback(),
            **overrides,
        }
        for name, value in settings.items():
            setattr(self, name, value)
