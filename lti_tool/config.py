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


class Config:
    """Production-minded defaults; every value can be overridden by an environment variable."""

    def __init__(self, **overrides: object) -> None:
        instance_dir = Path(str(overrides.pop("INSTANCE_DIR", INSTANCE_DIR)))
        self.INSTANCE_DIR = instance_dir
        self.SECRET_KEY = _secret_key(instance_dir)
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance_dir / 'development-planner.sqlite3'}"
        )
        self.SHARED_STORE_URL = os.environ.get("SHARED_STORE_URL", "database")
        self.DEMO_MODE = _flag("DP_DEMO_MODE", False)
        self.DYNAMIC_REGISTRATION = os.environ.get("DP_DYNAMIC_REGISTRATION", "pending")
        self.GRADES_BACKGROUND_SENDER = _flag("DP_GRADES_BACKGROUND_SENDER", self.DEMO_MODE)
        self.GRADES_BATCH_SIZE = int(os.environ.get("DP_GRADES_BATCH_SIZE", "100"))
        self.GRADES_PARALLEL_POSTS = int(os.environ.get("DP_GRADES_PARALLEL_POSTS", "4"))
        self.GRADES_CLAIM_SECONDS = float(os.environ.get("DP_GRADES_CLAIM_SECONDS", "120"))
        self.GRADES_HTTP_TIMEOUT = float(os.environ.get("DP_GRADES_HTTP_TIMEOUT", "10"))
        self.GRADES_RETRY_BASE_SECONDS = float(os.environ.get("DP_GRADES_RETRY_BASE_SECONDS", "5"))
        self.GRADES_RETRY_CAP_SECONDS = float(os.environ.get("DP_GRADES_RETRY_CAP_SECONDS", "3600"))
        self.GRADES_MAX_ATTEMPTS = int(os.environ.get("DP_GRADES_MAX_ATTEMPTS", "60"))
        self.GRADES_POLL_SECONDS = float(os.environ.get("DP_GRADES_POLL_SECONDS", "2"))
        self.GRADES_DISPLAY_TIMEZONE = os.environ.get("DP_GRADES_DISPLAY_TIMEZONE", "Europe/London")
        self.GRADES_SENT_RETENTION_DAYS = float(
            os.environ.get("DP_GRADES_SENT_RETENTION_DAYS", "30")
        )
        self.GRADES_PRUNE_INTERVAL_SECONDS = float(
            os.environ.get("DP_GRADES_PRUNE_INTERVAL_SECONDS", "3600")
        )
        self.MAIL_URL = os.environ.get("DP_MAIL_URL", "")
        self.MAIL_FROM = os.environ.get(
            "DP_MAIL_FROM", "Development Planner <no-reply@development-planner.invalid>"
        )
        # None: on exactly when MAIL_URL is set (decided by lti_tool.mail.init_app)
        self.MAIL_TOOL_URL = os.environ.get("DP_TOOL_URL", "")  # links in mail sent by commands
        self.MAIL_ENABLED = (
            None if "DP_MAIL_ENABLED" not in os.environ else _flag("DP_MAIL_ENABLED", False)
        )
        self.MAIL_BACKGROUND_SENDER = _flag("DP_MAIL_BACKGROUND_SENDER", self.DEMO_MODE)
        self.MAIL_BATCH_SIZE = int(os.environ.get("DP_MAIL_BATCH_SIZE", "50"))
        self.MAIL_CLAIM_SECONDS = float(os.environ.get("DP_MAIL_CLAIM_SECONDS", "120"))
        self.MAIL_TIMEOUT = float(os.environ.get("DP_MAIL_TIMEOUT", "10"))
        self.MAIL_RETRY_BASE_SECONDS = float(os.environ.get("DP_MAIL_RETRY_BASE_SECONDS", "30"))
        self.MAIL_RETRY_CAP_SECONDS = float(os.environ.get("DP_MAIL_RETRY_CAP_SECONDS", "3600"))
        self.MAIL_MAX_ATTEMPTS = int(os.environ.get("DP_MAIL_MAX_ATTEMPTS", "30"))
        self.MAIL_POLL_SECONDS = float(os.environ.get("DP_MAIL_POLL_SECONDS", "5"))
        self.MAIL_SENT_RETENTION_DAYS = float(os.environ.get("DP_MAIL_SENT_RETENTION_DAYS", "14"))
        self.MAIL_FAILED_RETENTION_DAYS = float(
            os.environ.get("DP_MAIL_FAILED_RETENTION_DAYS", "90")
        )
        self.MAIL_PRUNE_INTERVAL_SECONDS = float(
            os.environ.get("DP_MAIL_PRUNE_INTERVAL_SECONDS", "3600")
        )
        self.FEEDBACK_LINK_REQUESTS_PER_MINUTE = int(
            os.environ.get("DP_FEEDBACK_LINK_REQUESTS_PER_MINUTE", "60")
        )
        self.TRUSTED_PROXIES = int(os.environ.get("DP_TRUSTED_PROXIES", "0"))
        self.KEY_ROTATION_GRACE_DAYS = int(os.environ.get("DP_KEY_GRACE_DAYS", "7"))
        self.PLATFORM_JWKS_CACHE_SECONDS = int(os.environ.get("DP_JWKS_CACHE_SECONDS", "3600"))
        self.SESSION_LIFETIME_SECONDS = int(os.environ.get("DP_SESSION_SECONDS", str(8 * 3600)))
        self.LAUNCH_HANDLE_SECONDS = int(os.environ.get("DP_LAUNCH_HANDLE_SECONDS", "60"))
        self.PAGE_TOKEN_SECONDS = int(os.environ.get("DP_PAGE_TOKEN_SECONDS", "3600"))
        self.SESSION_COOKIE_NAME = "dp_session"
        self.SESSION_COOKIE_SAMESITE = "None"
        self.SESSION_COOKIE_SECURE = True
        self.SESSION_COOKIE_PARTITIONED = True
        self.SESSION_COOKIE_HTTPONLY = True
        self.WTF_CSRF_TIME_LIMIT = None
        self.NHSUK_ASSETS_DIR = os.environ.get(
            "DP_NHSUK_ASSETS_DIR", str(REPO_ROOT / "node_modules/nhsuk-frontend/dist/nhsuk")
        )
        self.FRAMEWORK_PACKS_DIR = os.environ.get(
            "DP_CONTENT_DIR", str(REPO_ROOT / "content" / "frameworks")
        )
        self.RESOURCE_CATALOGUE_DIR = os.environ.get(
            "DP_RESOURCES_DIR", str(REPO_ROOT / "content" / "resources")
        )
        self.FRAMEWORK_ID = os.environ.get("DP_FRAMEWORK_ID") or None
        self.MAX_CONTENT_LENGTH = 1024 * 1024
        self.MIGRATIONS_ENABLED = True
        self.TEAM_SYNC_INTERVAL_SECONDS = int(os.environ.get("DP_TEAM_SYNC_SECONDS", "300"))
        self.TEAM_SUMMARY_MIN_GROUP = int(os.environ.get("DP_TEAM_SUMMARY_MIN_GROUP", "5"))
        self.TEAM_PAGE_SIZE = int(os.environ.get("DP_TEAM_PAGE_SIZE", "50"))
        self.TEAM_HTTP_TIMEOUT = int(os.environ.get("DP_TEAM_HTTP_TIMEOUT", "10"))
        self.TEAM_REVIEW_DAYS = int(os.environ.get("DP_TEAM_REVIEW_DAYS", "7"))
        self.SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # liveness checks: lti_tool/database.py
        for name, value in overrides.items():
            setattr(self, name, value)
