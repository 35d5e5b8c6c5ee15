"""Heavy libraries load only where they are used, so a worker stays small: the PDF renderer
(WeasyPrint and its font tools, ~25 MB) is imported by the first PDF, not by the app."""

from __future__ import annotations

import subprocess
import sys


def test_the_app_does_not_import_the_pdf_renderer(tmp_path):
    code = (
        "import sys, lti_tool.wsgi; "
        "print(sorted(m for m in ('weasyprint', 'fontTools') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"DP_INSTANCE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "[]"
