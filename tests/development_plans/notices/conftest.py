"""Fixtures for the notice rules: a session rolled back after each test, the HLM pack, people."""

from support.plan_data import db, fw, people

__all__ = ["db", "fw", "people"]
