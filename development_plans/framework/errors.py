"""The error a content pack that cannot be loaded raises, naming its file, path and problem."""

from __future__ import annotations

import os
from collections.abc import Iterable


class ContentError(ValueError):
    """A content pack could not be loaded.

    ``str(error)`` names the file and lists every problem found; ``problems`` holds the same
    problems one per item, each written as ``<path inside the pack>: <what is wrong>``, for
    example ``dimensions[3].levels.strong.behaviours[1].self: this required field is missing``.
    """

    def __init__(self, source: str | os.PathLike[str], problems: Iterable[str]) -> None:
        self.source = os.fspath(source)
        self.problems: list[str] = list(problems)
        count = len(self.problems)
        heading = f"{self.source}: {count} problem{'' if count == 1 else 's'} in content pack"
        super().__init__(heading + ":\n" + "\n".join(f"  - {p}" for p in self.problems))
