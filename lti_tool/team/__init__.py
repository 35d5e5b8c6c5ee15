"""Managers' pages: the team dashboard, a member's results and plan, review and sign-off."""
