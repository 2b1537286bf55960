"""Contests (issue: contests, minigame, talent): the contest definition so far (``definition``)."""
