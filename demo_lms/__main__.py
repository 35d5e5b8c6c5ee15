"""Run the demo LMS on its own for a demo: `python -m demo_lms --tool-login-url ... --help`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from werkzeug.serving import run_simple

from demo_lms.app import create_demo_lms
from demo_lms.config import DemoLmsConfig


def config_from_args(argv: Sequence[str] | None = None) -> tuple[DemoLmsConfig, str, int]:
    """Parse the command line into a config plus the host and port to serve on."""
    parser = argparse.ArgumentParser(
        prog="python -m demo_lms",
        description="Serve the demo LMS (an LTI 1.3 platform simulator; never for production).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--tool-login-url", required=True, help="the tool's OIDC login URL")
    parser.add_argument("--tool-launch-url", required=True, help="the tool's launch/redirect URL")
    parser.add_argument("--tool-jwks-url", required=True, help="the tool's public JWKS URL")
    parser.add_argument("--client-id", default="demo-client")
    parser.add_argument("--deployment-id", default="1")
    parser.add_argument(
        "--key-path",
        type=Path,
        default=Path("instance/demo-lms-key.pem"),
        help="where the platform's private key is kept (created if missing)",
    )
    parser.add_argument(
        "--no-control", action="store_true", help="hide /api/_control and /api/_state"
    )
    args = parser.parse_args(argv)
    config = DemoLmsConfig(
        issuer=f"http://{args.host}:{args.port}",
        tool_login_url=args.tool_login_url,
        tool_launch_url=args.tool_launch_url,
        tool_jwks_url=args.tool_jwks_url,
        client_id=args.client_id,
        deployment_id=args.deployment_id,
        key_path=args.key_path,
        enable_control=not args.no_control,
    )
    return config, args.host, args.port


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the demo LMS with werkzeug's development server."""
    config, host, port = config_from_args(argv)
    run_simple(host, port, create_demo_lms(config), threaded=True)


if __name__ == "__main__":
    main()
