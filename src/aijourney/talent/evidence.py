"""What the talent tools know about each trainee, gathered from the organiser's own files only:
the roster and the nbgrader gradebook (both tracks), contest results (``<store>/<contest>/final.csv``)
and the project proposals trainees saved with ``aijourney.toolkit.proposal.save``.

Nothing else is read: no personal data beyond the roster's name, site and area.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ..course import Course
from ..i18n import t
from ..report import district_of
from ..toolkit.proposal import DEFAULT_FILE, ProjectProposal, ProposalError, load, problems
from .competencies import track_of

MAX_PROPOSAL_BYTES = 64_000
CONTEST_COLUMNS = ("contest", "trainee", "final_rank", "final_score", "flagged")


class TalentError(ValueError):
    """An input the organiser must fix before anything is written; the message says what and where."""


class Track(Enum):
    BASIC = "basic"
    ADVANCED = "advanced"


@dataclass(frozen=True)
class Trainee:
    id: str
    name: str
    site: str  # commune / ward (điểm cầu), "" when the roster has none
    area: str  # the roster's district, else the bracketed part of the site, else ""


@dataclass(frozen=True)
class AssignmentResult:
    assignment: str
    score: float  # points earned, at most max_score (extra credit is not counted); 0 when not submitted
    max_score: float
    submitted: bool
    needs_manual: bool = False  # a part still waits for an instructor's grade

    @property
    def track(self) -> Track | None:
        name = track_of(self.assignment)
        return Track(name) if name else None

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True)
class ContestResult:
    contest: str
    rank: int  # final_rank, 1 = best
    entrants: int  # ranked trainees in the contest
    score: float
    flagged: bool  # an entry identical to another trainee's

    @property
    def rank_points(self) -> float:
        """``(entrants - rank + 1) / entrants``: 1 for the winner, 1/entrants for the last place."""
        return (self.entrants - self.rank + 1) / self.entrants


@dataclass(frozen=True)
class ProposalResult:
    path: str  # relative to the proposals folder
    proposal: ProjectProposal
    advice: tuple[str, ...]  # what ``problems`` still finds (empty: nothing left to improve)


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass
class Evidence:
    trainee: Trainee
    assignments: dict[str, AssignmentResult] = field(default_factory=dict)
    contests: dict[str, ContestResult] = field(default_factory=dict)
    proposal: ProposalResult | None = None


@dataclass
class Cohort:
    evidence: list[Evidence]  # by trainee id
    assignments: list[str]  # assignments with at least one graded submission (the ones that count)
    contests: list[str]  # contests whose results were given
    proposals_given: bool  # a proposals folder was given
    skipped: list[SkippedFile] = field(default_factory=list)


# -- gradebook ---------------------------------------------------------------------------------
def read_gradebook(course: Course) -> tuple[dict[str, str], dict[str, float], dict[tuple[str, str], tuple[float, bool]]]:
    """``(names, maxima, scores)``: each gradebook student's name; the maximum of each assignment that
    has at least one graded submission; ``(student, assignment) -> (score, needs manual grade)``."""
    if course.db_url is None and not (course.root / "gradebook.db").is_file():
        raise TalentError(t("talent.error.no_gradebook", path=str(course.root / "gradebook.db")))
    names: dict[str, str] = {}
    maxima: dict[str, float] = {}
    scores: dict[tuple[str, str], tuple[float, bool]] = {}
    with course.gradebook() as gb:
        for student in gb.students:
            names[student.id] = f"{student.last_name or ''} {student.first_name or ''}".strip()
        for assignment in gb.assignments:
            submissions = gb.submission_dicts(assignment.name)
            if not submissions or not assignment.max_score:
                continue
            maxima[assignment.name] = float(assignment.max_score)
            for row in submissions:
                scores[(row["student"], assignment.name)] = (float(row["score"]), bool(row["needs_manual_grade"]))
    return names, maxima, scores


def assignment_results(student: str, maxima: dict[str, float],
                       scores: dict[tuple[str, str], tuple[float, bool]]) -> dict[str, AssignmentResult]:
    results = {}
    for assignment, max_score in sorted(maxima.items()):
        got = scores.get((student, assignment))
        score, manual = got if got else (0.0, False)
        results[assignment] = AssignmentResult(assignment, min(max(score, 0.0), max_score), max_score,
                                               got is not None, manual)
    return results


# -- contests ----------------------------------------------------------------------------------
def _whole(text: str) -> int | None:
    try:
        value = int(text.strip())
    except ValueError:
        return None
    return value if value >= 1 else None


def _contest_folder(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def read_contest(path: Path) -> dict[str, ContestResult]:
    """Read one ``final.csv`` (or the contest folder holding it): trainee -> result."""
    path = Path(path)
    if path.is_dir():
        path = path / "final.csv"
    if not path.is_file():
        raise TalentError(t("talent.error.contest_missing", path=str(path)))
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CONTEST_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise TalentError(t("talent.error.contest_columns", path=str(path), columns=", ".join(missing)))
        rows = [(reader.line_num, row) for row in reader]
    entrants = len(rows)
    results: dict[str, ContestResult] = {}
    for line, row in rows:
        rank, trainee = _whole(row["final_rank"] or ""), (row["trainee"] or "").strip()
        try:
            score = float(row["final_score"])
        except (TypeError, ValueError):
            score = math.nan
        flag = (row["flagged"] or "0").strip()
        if not trainee or rank is None or rank > entrants or math.isnan(score) or flag not in ("0", "1"):
            raise TalentError(t("talent.error.contest_row", path=str(path), line=line))
        if trainee in results:
            raise TalentError(t("talent.error.contest_twice", path=str(path), line=line, trainee=trainee))
        contest = (row["contest"] or "").strip() or _contest_folder(path).name
        results[trainee] = ContestResult(contest, rank, entrants, score, flag == "1")
    return results


# -- proposals ---------------------------------------------------------------------------------
def _candidate_files(folder: Path, name: str) -> list[Path]:
    found = []
    for here, dirs, files in os.walk(folder):  # does not follow linked folders
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(here) / f for f in sorted(files) if f == name]
    return found


def read_proposals(folder: Path, known: set[str], name: str = DEFAULT_FILE
                   ) -> tuple[dict[str, ProposalResult], list[SkippedFile]]:
    """Every proposal file called ``name`` under ``folder``; it belongs to the trainee whose id is the
    first folder under ``folder`` (``submitted/<trainee>/<assignment>/de-xuat-du-an.json``). A file that
    cannot be used is reported with the reason and skipped; when a trainee has several, the most
    recently saved one counts."""
    folder = Path(folder)
    if not folder.is_dir():
        raise TalentError(t("talent.error.proposals_missing", path=str(folder)))
    chosen: dict[str, tuple[float, ProposalResult]] = {}
    skipped: list[SkippedFile] = []
    for path in _candidate_files(folder, name):
        rel = path.relative_to(folder).as_posix()
        owner = path.relative_to(folder).parts[0]
        reason = None
        if path.is_symlink() or not path.is_file():
            reason = t("talent.skip.not_regular")
        elif len(path.relative_to(folder).parts) < 2 or owner not in known:
            reason = t("talent.skip.no_trainee", trainee=owner)
        elif path.stat().st_size > MAX_PROPOSAL_BYTES:
            reason = t("talent.skip.too_big", limit=MAX_PROPOSAL_BYTES // 1000)
        if reason:
            skipped.append(SkippedFile(rel, reason))
            continue
        try:
            proposal = load(path)
        except ProposalError as exc:  # the page names the file relative to the folder, not the machine's path
            skipped.append(SkippedFile(rel, str(exc).replace(str(path), rel)))
            continue
        result = ProposalResult(rel, proposal, tuple(problems(proposal)))
        mtime = path.stat().st_mtime
        previous = chosen.get(owner)
        if previous and (previous[0], previous[1].path) > (mtime, rel):
            skipped.append(SkippedFile(rel, t("talent.skip.older", used=previous[1].path)))
            continue
        if previous:
            skipped.append(SkippedFile(previous[1].path, t("talent.skip.older", used=rel)))
        chosen[owner] = (mtime, result)
    return {owner: result for owner, (_, result) in chosen.items()}, skipped


# -- everything --------------------------------------------------------------------------------
def gather(course: Course, contests: list[Path] = (), proposals: Path | None = None,
           proposal_name: str = DEFAULT_FILE) -> Cohort:
    """The cohort: every trainee of the roster or the gradebook, with all their evidence."""
    names, maxima, scores = read_gradebook(course)
    roster = {s.id: s for s in course.roster()}
    trainees = {}
    for sid in sorted(set(names) | set(roster)):
        student = roster.get(sid)
        name = (student.full_name if student else "") or names.get(sid) or sid
        site = student.site if student else ""
        trainees[sid] = Trainee(sid, name, site, district_of(site, student.district if student else ""))
    contest_results = [read_contest(Path(p)) for p in contests]
    contest_ids = [next(iter(r.values())).contest if r else _contest_folder(Path(p)).name
                   for r, p in zip(contest_results, contests)]
    if len(set(contest_ids)) != len(contest_ids):
        raise TalentError(t("talent.error.contest_repeated", ids=", ".join(contest_ids)))
    found, skipped = (read_proposals(proposals, set(trainees), proposal_name) if proposals is not None
                      else ({}, []))
    evidence = []
    for sid, trainee in trainees.items():
        evidence.append(Evidence(
            trainee, assignment_results(sid, maxima, scores),
            {cid: results[sid] for cid, results in zip(contest_ids, contest_results) if sid in results},
            found.get(sid)))
    return Cohort(evidence, sorted(maxima), contest_ids, proposals is not None, skipped)
