"""Contests: a trainee submits from a notebook (``submit``, ``my_entries``, ``mark``); the organiser scores,
publishes and finalizes with ``aijourney contest …`` (``organiser``); see docs/contests.md."""

from .trainee import load, mark, my_entries, rules, submit

__all__ = ["load", "submit", "my_entries", "mark", "rules"]
