"""The self-assessment journey: start or resume, one page per dimension, check, submit, results."""
