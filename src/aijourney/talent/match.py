"""Job matching: organisers list openings in a CSV file; each opening gets its candidates, ranked,
with the competencies each one reaches and misses (docs/talent.md describes the file).

A requirement is a competency and a whole-number level from 1 to 100, compared with the trainee's
competency score (0–100, ``scores.competency_scores``). Candidates: trainees of the opening's site
(``diem_cau``) or area (``khu_vuc``) when it names one, else the whole cohort, reaching at least one
requirement. Order: requirements reached (more first), total shortfall on the missed ones (smaller
first; a competency without any graded work falls short by the whole level), mean score on the
required competencies (higher first), shortlist total (higher first), trainee id.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..i18n import t
from ..templating import render
from .competencies import Competency, find_competency
from .evidence import TalentError
from .output import csv_bytes, write_files
from .profiles import page_context
from .scores import floor_points, reaches
from .shortlist import Shortlist, Standing

COLUMNS = ("ma_vi_tri", "vi_tri", "nang_luc", "diem_cau", "khu_vuc", "so_ung_vien")
REQUIRED_COLUMNS = ("ma_vi_tri", "vi_tri", "nang_luc")
MAX_CANDIDATES = 1000
_ITEM_SEPARATOR = re.compile(r"[;\n]")


@dataclass(frozen=True)
class Requirement:
    competency: Competency
    level: int  # 1–100


@dataclass(frozen=True)
class Opening:
    row: int  # the spreadsheet row (the header is row 1)
    id: str
    role: str
    requirements: tuple[Requirement, ...]
    site: str = ""
    area: str = ""
    count: int | None = None  # how many candidates to list (else the command's default)


@dataclass(frozen=True)
class Check:
    requirement: Requirement
    points: float | None  # the trainee's score on the competency, None without graded work

    @property
    def met(self) -> bool:
        return reaches(self.points, self.requirement.level)

    @property
    def shortfall(self) -> float:
        return 0.0 if self.met else self.requirement.level - (self.points or 0.0)


@dataclass(frozen=True)
class Candidate:
    standing: Standing
    checks: tuple[Check, ...]
    rank: int

    @property
    def matched(self) -> list[Check]:
        return [c for c in self.checks if c.met]

    @property
    def missing(self) -> list[Check]:
        return [c for c in self.checks if not c.met]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def _requirements(text: str, row: int) -> tuple[tuple[Requirement, ...], list[str]]:
    items = [item.strip() for item in _ITEM_SEPARATOR.split(text or "") if item.strip()]
    if not items:
        return (), [t("talent.openings.no_requirement", row=row)]
    found: list[Requirement] = []
    errors = []
    for item in items:
        name, colon, level_text = item.rpartition(":")
        competency = find_competency(name) if colon else None
        level = int(level_text.strip().rstrip("%")) if re.fullmatch(r"\s*\d{1,3}\s*%?\s*", level_text) else 0
        if not colon:
            errors.append(t("talent.openings.bad_item", row=row, item=item))
        elif competency is None:
            errors.append(t("talent.openings.unknown_competency", row=row, name=name.strip()))
        elif not 1 <= level <= 100:
            errors.append(t("talent.openings.bad_level", row=row, item=item))
        elif any(r.competency == competency for r in found):
            errors.append(t("talent.openings.repeated_competency", row=row, name=competency.label))
        else:
            found.append(Requirement(competency, level))
    return tuple(found), errors


def _count(text: str, row: int) -> tuple[int | None, list[str]]:
    text = (text or "").strip()
    if not text:
        return None, []
    if re.fullmatch(r"\d{1,4}", text) and 1 <= int(text) <= MAX_CANDIDATES:
        return int(text), []
    return None, [t("talent.openings.bad_count", row=row, value=text, most=MAX_CANDIDATES)]


def parse_openings(data: bytes, sites: set[str], areas: set[str]) -> list[Opening]:
    """Read and check the openings CSV (UTF-8, with or without Excel's BOM; comma or semicolon).
    Every problem of every row is collected; any problem raises ``TalentError`` listing them."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TalentError(t("talent.openings.not_utf8")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TalentError(t("talent.openings.not_csv", error=str(exc))) from None
    headers = [h.strip() for h in (rows[0] if rows else [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    unknown = [h for h in headers if h not in COLUMNS]
    if missing or unknown or len(set(headers)) != len(headers):
        raise TalentError(t("talent.openings.bad_header", missing=", ".join(missing) or "—",
                            unknown=", ".join(unknown) or "—", expected=", ".join(COLUMNS)))
    known_sites, known_areas = {_fold(s) for s in sites}, {_fold(a) for a in areas}
    openings, errors, seen = [], [], set()
    for row, cells in enumerate(rows[1:], start=2):  # spreadsheet rows: the header is row 1
        values = dict.fromkeys(COLUMNS, "") | {h: c.strip() for h, c in zip(headers, cells)}
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers):]):
            errors.append(t("talent.openings.extra_cells", row=row))
        requirements, problems = _requirements(values["nang_luc"], row)
        count, count_problems = _count(values["so_ung_vien"], row)
        problems += count_problems
        if not values["ma_vi_tri"]:
            problems.append(t("talent.openings.no_id", row=row))
        elif _fold(values["ma_vi_tri"]) in seen:
            problems.append(t("talent.openings.repeated_id", row=row, id=values["ma_vi_tri"]))
        seen.add(_fold(values["ma_vi_tri"]))
        if not values["vi_tri"]:
            problems.append(t("talent.openings.no_role", row=row))
        if values["diem_cau"] and _fold(values["diem_cau"]) not in known_sites:
            problems.append(t("talent.openings.unknown_site", row=row, site=values["diem_cau"]))
        if values["khu_vuc"] and _fold(values["khu_vuc"]) not in known_areas:
            problems.append(t("talent.openings.unknown_area", row=row, area=values["khu_vuc"]))
        errors += problems
        if not problems:
            openings.append(Opening(row, values["ma_vi_tri"], values["vi_tri"], requirements,
                                    values["diem_cau"], values["khu_vuc"], count))
    if errors:
        raise TalentError("\n".join(errors))
    if not openings:
        raise TalentError(t("talent.openings.empty"))
    return openings


def read_openings(path: Path, sites: set[str], areas: set[str]) -> list[Opening]:
    path = Path(path)
    if not path.is_file():
        raise TalentError(t("talent.openings.missing", path=str(path)))
    return parse_openings(path.read_bytes(), sites, areas)


def _in_place(standing: Standing, opening: Opening) -> bool:
    trainee = standing.trainee
    return ((not opening.site or _fold(trainee.site) == _fold(opening.site))
            and (not opening.area or _fold(trainee.area) == _fold(opening.area)))


def candidates_for(opening: Opening, shortlist: Shortlist, default_count: int) -> list[Candidate]:
    """The ranked candidates of one opening (at most its ``so_ung_vien``, else ``default_count``)."""
    scored = []
    for standing in shortlist.standings:
        if not _in_place(standing, opening):
            continue
        checks = tuple(Check(r, standing.competencies[r.competency.slug].points) for r in opening.requirements)
        met = sum(c.met for c in checks)
        if not met:
            continue
        mean = sum(c.points or 0.0 for c in checks) / len(checks)
        key = (-met, sum(c.shortfall for c in checks), -mean, -standing.total, standing.trainee.id)
        scored.append((key, standing, checks))
    scored.sort(key=lambda item: item[0])
    limit = opening.count or default_count
    return [Candidate(standing, checks, i) for i, (_, standing, checks) in enumerate(scored[:limit], start=1)]


def match_all(openings: list[Opening], shortlist: Shortlist, default_count: int
              ) -> list[tuple[Opening, list[Candidate]]]:
    return [(opening, candidates_for(opening, shortlist, default_count)) for opening in openings]


def _explain(check: Check) -> str:
    shown = floor_points(check.points) if check.points is not None else t("talent.profile.no_evidence")
    sign = "≥" if check.met else "<"
    return f"{check.requirement.competency.label} ({shown} {sign} {check.requirement.level})"


def matches_csv(results: list[tuple[Opening, list[Candidate]]]) -> bytes:
    header = ["ma_vi_tri", "vi_tri", "hang", "ma_hoc_vien", "ho_ten", "diem_cau", "khu_vuc", "so_dat",
              "so_yeu_cau", "dat_du", "nang_luc_dat", "nang_luc_thieu", "diem_xet_chon"]
    rows = []
    for opening, candidates in results:
        for c in candidates:
            trainee = c.standing.trainee
            rows.append([opening.id, opening.role, c.rank, trainee.id, trainee.name, trainee.site, trainee.area,
                         len(c.matched), len(c.checks), int(not c.missing), "; ".join(map(_explain, c.matched)),
                         "; ".join(map(_explain, c.missing)), round(100 * c.standing.total, 2)])
    return csv_bytes(header, rows)


def match_files(results: list[tuple[Opening, list[Candidate]]]) -> list[tuple[str, bytes | str]]:
    return [("index.html", render("talent-match.html.j2", **page_context(), results=results)),
            ("matches.csv", matches_csv(results))]


def write_matches(openings_path: Path, shortlist: Shortlist, out_dir: Path, default_count: int = 10
                  ) -> list[tuple[Opening, list[Candidate]]]:
    """Read the openings (nothing is written when one row is wrong), match and write the page and CSV."""
    sites = {s.trainee.site for s in shortlist.standings if s.trainee.site}
    areas = {s.trainee.area for s in shortlist.standings if s.trainee.area}
    results = match_all(read_openings(openings_path, sites, areas), shortlist, default_count)
    write_files(Path(out_dir), match_files(results))
    return results
