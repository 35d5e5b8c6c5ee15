"""Heavy libraries load only where they are used, so a web worker stays small: the PDF renderer
(WeasyPrint and its font tools, ~25 MB) is imported by the first PDF, and the migration tooling
(Alembic, Mako, Pygments, ~11 MB) only by ``flask db``, never by the WSGI app, and the XLSX reader
(openpyxl) only by a spreadsheet import."""

from __future__ import annotations

import subprocess
import sys


def test_the_wsgi_app_imports_neither_the_pdf_renderer_nor_alembic(tmp_path):
    code = (
        "import sys, lti_tool.wsgi; "
        "heavy = ('weasyprint', 'fontTools', 'alembic', 'openpyxl'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"DP_INSTANCE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "[]"
