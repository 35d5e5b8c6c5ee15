"""Count the SQL statements an app runs, for fixed-query-count tests."""

from __future__ import annotations

from sqlalchemy import event


class QueryCounter:
    """Counts SQL statements the app's engine runs while active."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0

    def _count(self, *args) -> None:
        self.count += 1

    def __enter__(self):
        self.count = 0
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)
