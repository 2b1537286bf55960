"""The shortlist page, one skills profile page per trainee, and two CSV files for Excel:

    <out>/index.html        the rule, the shortlist overall and per site, skipped proposal files
    <out>/profiles/<id>.html one page per trainee (``output.page_name``)
    <out>/shortlist.csv      one row per trainee: ranks, total, components, shortlisted or not
    <out>/profiles.csv       one row per trainee: the twelve competency scores, contests, project
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..course import Course
from ..i18n import t
from ..templating import render
from ..toolkit.proposal import OPTIONAL, REQUIRED, label
from .competencies import COMPETENCIES
from .evidence import Cohort, gather
from .output import csv_bytes, page_name, write_files
from .scores import floor_points
from .shortlist import Component, Rule, Shortlist, Standing, rank, rule_text

COMPONENT_COLUMNS = {Component.BASIC: "co_ban", Component.ADVANCED: "nang_cao", Component.CONTEST: "cuoc_thi",
                     Component.PROJECT: "du_an"}


def _hundred(share: float | None) -> float | str:
    return "" if share is None else round(100 * share, 2)


def shortlist_csv(shortlist: Shortlist) -> bytes:
    top = {s.trainee.id for s in shortlist.top}
    per_site = {s.trainee.id for rows in shortlist.per_site.values() for s in rows}
    header = ["hang", "hang_diem_cau", "ma_hoc_vien", "ho_ten", "diem_cau", "khu_vuc", "diem_xet_chon",
              *(COMPONENT_COLUMNS[c] for c in shortlist.active), "chon_chung", "chon_diem_cau", "trang"]
    rows = [[s.rank, s.site_rank, s.trainee.id, s.trainee.name, s.trainee.site, s.trainee.area, _hundred(s.total),
             *(_hundred(s.components[c]) for c in shortlist.active),
             int(s.trainee.id in top), int(s.trainee.id in per_site), f"profiles/{page_name(s.trainee.id)}"]
            for s in shortlist.standings]
    return csv_bytes(header, rows)


def profiles_csv(cohort: Cohort, shortlist: Shortlist) -> bytes:
    header = ["ma_hoc_vien", "ho_ten", "diem_cau", "khu_vuc", *(f"nl_{c.slug}" for c in COMPETENCIES),
              *(f"hang_{contest}" for contest in cohort.contests), "du_an", "gop_y_du_an"]
    rows = []
    for s in sorted(shortlist.standings, key=lambda s: s.trainee.id):
        contests = [f"{r.rank}/{r.entrants}" if (r := s.evidence.contests.get(c)) else "" for c in cohort.contests]
        proposal = s.evidence.proposal
        rows.append([s.trainee.id, s.trainee.name, s.trainee.site, s.trainee.area,
                     *(_hundred(s.competencies[c.slug].share) for c in COMPETENCIES), *contests,
                     proposal.proposal.ten_du_an if proposal else "", len(proposal.advice) if proposal else ""])
    return csv_bytes(header, rows)


def _proposal_rows(standing: Standing) -> list[tuple[str, str]]:
    found = standing.evidence.proposal
    if found is None:
        return []
    return [(label(name), getattr(found.proposal, name)) for name in REQUIRED + OPTIONAL
            if getattr(found.proposal, name)]


def page_context() -> dict[str, object]:
    """What every talent page may call: the catalogue, the score format, profile file names."""
    return {"t": t, "points": floor_points, "page": page_name}


def shortlist_files(cohort: Cohort, shortlist: Shortlist) -> Iterator[tuple[str, bytes | str]]:
    """Every output file of ``aijourney talent`` as (relative path, content), rendered one at a time."""
    context = page_context()
    yield "index.html", render("talent-index.html.j2", **context, shortlist=shortlist, active=list(shortlist.active),
                               rule=rule_text(shortlist), assignments=cohort.assignments, contests=cohort.contests,
                               skipped=cohort.skipped)
    yield "shortlist.csv", shortlist_csv(shortlist)
    yield "profiles.csv", profiles_csv(cohort, shortlist)
    for standing in shortlist.standings:
        yield f"profiles/{page_name(standing.trainee.id)}", render(
            "talent-profile.html.j2", **context, s=standing, trainees=len(shortlist.standings),
            contests=cohort.contests, proposal=_proposal_rows(standing))


def write_talent(course: Course, out_dir: Path, rule: Rule, contests: list[Path] = (),
                 proposals: Path | None = None, **gather_options) -> tuple[Cohort, Shortlist]:
    """Gather the evidence, rank the cohort (every input is read and checked here), then write every
    page and CSV under ``out_dir``."""
    cohort = gather(course, list(contests), proposals, **gather_options)
    shortlist = rank(cohort, rule)
    write_files(Path(out_dir), shortlist_files(cohort, shortlist))
    return cohort, shortlist
