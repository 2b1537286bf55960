"""The shortlist rule: a weighted combination of four components, each a share in [0, 1].

    total = Σ weight(c) · component(c) / Σ weight(c)     over the *active* components c

Components (``scores`` defines each): basic-track share, advanced-track share, contest points,
project points. A component is active when its weight is above 0 and its source exists (a graded
assignment of the track, at least one contest file, a proposals folder); an inactive one is left
out of both sums, so the total stays a share of what could be earned.

Order: total, then advanced share, basic share, contest points, project points (all higher first,
whatever their weights), then trainee id (ascending) — deterministic, whatever order the inputs came in. The shortlist is
the first ``top`` trainees with a total above 0, and the first ``top_per_site`` of each site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ..i18n import t
from ..templating import format_number
from .evidence import Cohort, Evidence, TalentError, Track, Trainee
from .scores import CompetencyScore, competency_scores, contest_points, project_points, track_share


class Component(Enum):
    BASIC = "basic"
    ADVANCED = "advanced"
    CONTEST = "contest"
    PROJECT = "project"

    @property
    def label(self) -> str:
        return t(f"talent.component.{self.value}")


DEFAULT_WEIGHTS = {Component.BASIC: 0.3, Component.ADVANCED: 0.4, Component.CONTEST: 0.2, Component.PROJECT: 0.1}
TIE_ORDER = (Component.ADVANCED, Component.BASIC, Component.CONTEST, Component.PROJECT)


@dataclass(frozen=True)
class Rule:
    weights: dict[Component, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    top: int = 20
    top_per_site: int = 3
    count_flagged: bool = False  # count contest results flagged as identical to another trainee's

    def __post_init__(self) -> None:
        if any(w < 0 for w in self.weights.values()) or self.top < 0 or self.top_per_site < 0:
            raise TalentError(t("talent.error.negative"))


@dataclass(frozen=True)
class Standing:
    evidence: Evidence
    components: dict[Component, float]  # active components only
    total: float
    competencies: dict[str, CompetencyScore]
    rank: int  # in the whole cohort, 1 = first
    site_rank: int  # among the trainees of the same site

    @property
    def trainee(self) -> Trainee:
        return self.evidence.trainee


@dataclass
class Shortlist:
    rule: Rule
    active: dict[Component, float]  # active component -> its normalised weight (they sum to 1)
    standings: list[Standing]  # the whole cohort, in rank order
    top: list[Standing]
    per_site: dict[str, list[Standing]]  # site ("" when unknown) -> its first trainees


def active_weights(cohort: Cohort, rule: Rule) -> dict[Component, float]:
    tracks = {r.track for e in cohort.evidence for r in e.assignments.values()}
    has_source = {Component.BASIC: Track.BASIC in tracks, Component.ADVANCED: Track.ADVANCED in tracks,
                  Component.CONTEST: bool(cohort.contests), Component.PROJECT: cohort.proposals_given}
    active = {c: rule.weights.get(c, 0.0) for c in Component if has_source[c] and rule.weights.get(c, 0.0) > 0}
    total = sum(active.values())
    if not total:
        raise TalentError(t("talent.error.no_component"))
    return {c: w / total for c, w in active.items()}


def components_of(evidence: Evidence, cohort: Cohort, rule: Rule) -> dict[Component, float]:
    """All four components of one trainee (0 where there is no data)."""
    return {
        Component.BASIC: track_share(evidence, Track.BASIC) or 0.0,
        Component.ADVANCED: track_share(evidence, Track.ADVANCED) or 0.0,
        Component.CONTEST: contest_points(evidence, cohort.contests, rule.count_flagged) or 0.0,
        Component.PROJECT: project_points(evidence),
    }


def order_key(total: float, components: dict[Component, float], trainee_id: str) -> tuple:
    return (-total, *(-components[c] for c in TIE_ORDER), trainee_id)


def rank(cohort: Cohort, rule: Rule) -> Shortlist:
    """Rank the whole cohort by the rule and pick the shortlist."""
    active = active_weights(cohort, rule)
    scored = []
    for evidence in cohort.evidence:
        components = components_of(evidence, cohort, rule)
        total = sum(w * components[c] for c, w in active.items())
        scored.append((order_key(total, components, evidence.trainee.id), evidence,
                       {c: components[c] for c in active}, total))
    scored.sort(key=lambda item: item[0])
    standings, seen_per_site = [], {}
    for position, (_, evidence, components, total) in enumerate(scored, start=1):
        site = evidence.trainee.site
        seen_per_site[site] = seen_per_site.get(site, 0) + 1
        standings.append(Standing(evidence, components, total, competency_scores(evidence), position,
                                  seen_per_site[site]))
    eligible = [s for s in standings if s.total > 0]
    per_site: dict[str, list[Standing]] = {}
    for standing in eligible:
        if standing.site_rank <= rule.top_per_site:
            per_site.setdefault(standing.trainee.site, []).append(standing)
    return Shortlist(rule, active, standings, eligible[:rule.top], dict(sorted(per_site.items())))


def rule_text(shortlist: Shortlist) -> list[str]:
    """The rule as the pages state it, one sentence per line, in the current language."""
    terms = " + ".join(t("talent.rule.term", weight=f"{format_number(100 * w)}%", component=c.label)
                       for c, w in shortlist.active.items())
    lines = [t("talent.rule.total", terms=terms)]
    lines += [t(f"talent.rule.{c.value}") for c in shortlist.active]
    inactive = [c.label for c in Component if c not in shortlist.active]
    if inactive:
        lines.append(t("talent.rule.inactive", components=", ".join(inactive)))
    if Component.CONTEST in shortlist.active and not shortlist.rule.count_flagged:
        lines.append(t("talent.rule.flagged"))
    lines.append(t("talent.rule.ties"))
    lines.append(t("talent.rule.pick", top=shortlist.rule.top, per_site=shortlist.rule.top_per_site))
    return lines
