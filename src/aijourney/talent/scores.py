"""The numbers the talent tools compute from one trainee's evidence, each a share in [0, 1].

- **Competency score** of competency *c*: the weighted mean, over the assignments that count (at
  least one graded submission in the gradebook) and are mapped to *c*, of the share of the
  assignment's points the trainee earned; the weight of an assignment is the number of its
  outcomes mapped to *c* in the competency map (``competencies.weights_of``). An assignment not
  submitted counts 0. No assignment mapped to *c*: no score (``None``).
- **Track share**: points earned over points available on the track's assignments that count.
- **Contest points**: the mean, over every contest given, of ``(entrants - rank + 1) / entrants``;
  a contest not entered counts 0, and so does a flagged result unless flagged results are counted.
- **Project points**: 1 for a valid proposal with nothing left to improve, ``PROJECT_WITH_ADVICE``
  for a valid proposal the advice (``proposal.problems``) still has something to say about, else 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .competencies import COMPETENCIES, Competency, weights_of
from .evidence import Evidence, Track

PROJECT_WITH_ADVICE = 0.5
EPSILON = 1e-9  # on the 0–100 scale: a share computed as 0.7 - 1e-16 still reaches level 70


@dataclass(frozen=True)
class CompetencyScore:
    competency: Competency
    share: float | None  # None: no graded assignment is mapped to it
    weights: tuple[tuple[str, int], ...]  # (assignment, weight) that went into it

    @property
    def points(self) -> float | None:
        """The score on the 0–100 scale the pages and the openings use."""
        return None if self.share is None else 100 * self.share


def competency_scores(evidence: Evidence) -> dict[str, CompetencyScore]:
    """slug -> score, for all twelve competencies (in the framework's order)."""
    out = {}
    weights = {a: weights_of(a) for a in sorted(evidence.assignments)}
    for competency in COMPETENCIES:
        used = [(a, w.get(competency.slug, 0)) for a, w in weights.items()]
        used = [(a, w) for a, w in used if w > 0]
        total = sum(w for _, w in used)
        share = sum(w * evidence.assignments[a].share for a, w in used) / total if total else None
        out[competency.slug] = CompetencyScore(competency, share, tuple(used))
    return out


def track_share(evidence: Evidence, track: Track) -> float | None:
    results = [r for r in evidence.assignments.values() if r.track is track]
    available = sum(r.max_score for r in results)
    return sum(r.score for r in results) / available if available else None


def contest_points(evidence: Evidence, contests: list[str], count_flagged: bool = False) -> float | None:
    if not contests:
        return None
    points = []
    for contest in contests:
        result = evidence.contests.get(contest)
        counted = result is not None and (count_flagged or not result.flagged)
        points.append(result.rank_points if counted else 0.0)
    return sum(points) / len(points)


def project_points(evidence: Evidence) -> float:
    if evidence.proposal is None:
        return 0.0
    return PROJECT_WITH_ADVICE if evidence.proposal.advice else 1.0


def reaches(points: float | None, level: int) -> bool:
    """Whether a 0–100 score reaches a whole-number level (the same test ``floor_points`` shows)."""
    return points is not None and points + EPSILON >= level


def floor_points(points: float | None) -> str:
    """A 0–100 score as the pages show it: rounded down to one decimal (``69.96`` -> ``"69.9"``), so
    a shown score is at or above a whole-number level exactly when the score itself is."""
    if points is None or math.isnan(points):
        return "–"
    shown = math.floor((points + EPSILON) * 10) / 10
    return f"{shown:.1f}".removesuffix(".0")
