"""ContentError (development_plans.framework.errors) names the file, the path and the problem."""

from __future__ import annotations

import pytest
from support.packs import (
    BROKEN,
)

from development_plans.framework import (
    ContentError,
    load_framework,
)


def test_content_error_message_names_file_path_and_problem() -> None:
    path = BROKEN / "missing-fields.yaml"
    with pytest.raises(ContentError) as caught:
        load_framework(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: 2 problems in content pack:\n")
    assert "  - dimensions[0].levels.basic.behaviours[1].self (line 31): this required field" in (
        message
    )
    assert caught.value.source == str(path)
