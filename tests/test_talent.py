"""``aijourney talent``: shortlist, skills profiles and job matching on a simulated cohort.

The cohort lives in a real nbgrader gradebook (SQLite, built through nbgrader's API, no notebook is
run), with contest results, project proposals (valid and broken) and openings files. Expected values
are computed here from those inputs and from docs/competencies.md, independently of the package."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from aijourney import i18n
from aijourney.course import Course, Student
from aijourney.i18n import t
from aijourney.talent import competencies as cmap
from aijourney.talent.cli import add_talent_parser
from aijourney.talent.evidence import TalentError, gather
from aijourney.talent.match import parse_openings, write_matches
from aijourney.talent.output import page_name
from aijourney.talent.profiles import write_talent
from aijourney.talent.shortlist import Component, Rule, rank
from aijourney.toolkit.proposal import save

from test_proposal import GOOD  # a complete proposal: nothing left to improve

REPO = Path(__file__).resolve().parents[1]
# nbgrader's own session handling while the test builds the gradebook
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
LONG_THANH, TAN_PHONG, PHU_LY = "Xã Long Thành (Huyện Long Thành)", "Phường Tân Phong (TP Biên Hòa)", "Xã Phú Lý"
HOSTILE_FIRST, HOSTILE_LAST = '<script>alert("x")</script>', '=HYPERLINK("http://example.invalid")'
ROSTER = [
    Student("an", "An", "Nguyễn Văn", LONG_THANH), Student("binh", "Bình", "Trần Thị", LONG_THANH),
    Student("chi", "Chi", "Lê Thị", LONG_THANH), Student("dung", "Dũng", "Phạm Văn", TAN_PHONG),
    Student("em", "Em", "Hoàng Thị", TAN_PHONG), Student("giang", "Giang", "Võ Văn", PHU_LY, "Huyện Vĩnh Cửu"),
    Student("hoa", HOSTILE_FIRST, HOSTILE_LAST, PHU_LY, "Huyện Vĩnh Cửu"), Student("khanh", "Khánh", "Đỗ", PHU_LY),
    Student("long", "Long", "Bùi", TAN_PHONG),
]
CELLS = {"b1-ocop": {"cau1": 2, "cau2": 3, "cau3": 2},
         "b4-phan-loai": {"cau1": 3, "cau2": 3, "cau3": 2, "cau4_tra_loi": 2},
         "a1-danh-gia-trung-thuc": {"cau1": 3, "cau2": 3, "cau3": 4},
         "a9-tro-ly-co-nguon": {"cau1": 3, "cau2": 3, "cau3": 4}}
UNGRADED = "b2-muc-song"  # in the gradebook, nobody graded yet: does not count
BASIC = [a for a in CELLS if a.startswith("b")]


def _grades() -> dict[str, dict[str, dict[str, float | None]]]:
    """trainee -> assignment -> cell -> points (None: waits for a manual grade)."""
    rng = random.Random(2024)
    full = {a: dict(cells) for a, cells in CELLS.items()}
    grades = {"an": full, "binh": {a: dict(CELLS[a]) for a in BASIC}}
    for sid in ("chi", "dung", "giang", "hoa", "long"):
        grades[sid] = {a: {c: rng.choice([0, m / 2, m]) for c, m in cells.items()} for a, cells in CELLS.items()}
    grades["em"] = json.loads(json.dumps(grades["dung"]))  # exactly dung's results: a tie broken by id
    grades["chi"]["b4-phan-loai"]["cau4_tra_loi"] = None
    del grades["long"]["a9-tro-ly-co-nguon"]
    return grades


GRADES = _grades()
CONTESTS = {  # contest -> rows (trainee, final_rank, final_score, flagged)
    "du-bao": [("chi", 1, 0.91, 0), ("an", 2, 0.88, 0), ("ngoai-danh-sach", 3, 0.80, 0), ("giang", 4, 0.75, 0),
               ("hoa", 5, 0.70, 0)],
    "tro-ly": [("an", 1, 0.95, 1), ("hoa", 2, 0.90, 0), ("binh", 3, 0.60, 0)],
}
WITH_ADVICE = replace(GOOD, ten_du_an="<b>Dự án</b> =SUM(A1)",
                      cach_danh_gia="Sai số tuyệt đối trung bình trên dữ liệu kiểm tra chưa thấy.")  # no baseline
PROJECT_POINTS = {"an": 1.0, "giang": 0.5}


# -- the simulated cohort ------------------------------------------------------------------------
@pytest.fixture(scope="module", autouse=True)
def vietnamese():
    """Pages and messages in Vietnamese (the default), whatever AIJOURNEY_LANG says."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "_current", "vi")
        yield


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, Path | Course]:
    base = tmp_path_factory.mktemp("talent")
    course = Course(root=base / "course", exchange=base / "exchange")
    course.root.mkdir()
    course.add_students(ROSTER)
    with course.gradebook() as gb:
        for assignment, cells in {**CELLS, UNGRADED: {"cau1": 2}}.items():
            gb.add_assignment(assignment)
            gb.add_notebook(assignment, assignment)
            for cell, points in cells.items():
                gb.add_grade_cell(cell, assignment, assignment, max_score=points,
                                  cell_type="markdown" if "tra_loi" in cell else "code")
        for sid, work in GRADES.items():
            for assignment, cells in work.items():
                gb.add_submission(assignment, sid)
                for cell, got in cells.items():
                    grade = gb.find_grade(cell, assignment, assignment, sid)
                    grade.needs_manual_grade = got is None
                    setattr(grade, "manual_score" if "tra_loi" in cell else "auto_score", got)
        gb.db.commit()
    contests = []
    for contest, rows in CONTESTS.items():
        path = base / "store" / contest / "final.csv"
        path.parent.mkdir(parents=True)
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow("contest,trainee,display_name,site,area,final_rank,final_score,public_rank,public_score,"
                       "entries,flagged".split(","))
            for trainee, r, score, flagged in rows:
                w.writerow([contest, trainee, trainee, "", "", r, score, r, score, 3, flagged])
        contests.append(path.parent)
    submitted = base / "course" / "submitted"
    for owner, proposal in (("an", GOOD), ("giang", WITH_ADVICE), ("nguoi-la", GOOD)):
        (submitted / owner / "a8").mkdir(parents=True)
        save(proposal, submitted / owner / "a8" / "de-xuat-du-an.json")
    for owner, content in (("chi", "{not json"), ("binh", json.dumps({"kind": "other", "schema": 1}))):
        (submitted / owner / "a8").mkdir(parents=True)
        (submitted / owner / "a8" / "de-xuat-du-an.json").write_text(content, "utf-8")
    (submitted / "hoa" / "a8").mkdir(parents=True)
    os.symlink(submitted / "an" / "a8" / "de-xuat-du-an.json", submitted / "hoa" / "a8" / "de-xuat-du-an.json")
    return {"course": course, "contests": contests, "proposals": submitted, "base": base}


@pytest.fixture(scope="module")
def written(world):
    out = world["base"] / "out"
    cohort, shortlist = write_talent(world["course"], out, Rule(top=4, top_per_site=2), world["contests"],
                                     world["proposals"])
    return {"out": out, "cohort": cohort, "shortlist": shortlist}


# -- expectations computed from the inputs -------------------------------------------------------
def docs_weights() -> dict[str, dict[str, int]]:
    """assignment -> competency name -> weight, read straight from docs/competencies.md."""
    text = (REPO / "docs" / "competencies.md").read_text("utf-8")
    weights: dict[str, dict[str, int]] = {a: defaultdict(int) for a in CELLS}
    for lesson_or_assignment, _outcome, competency, _level in re.findall(
            r"^\| ([A-Za-z0-9-]+) \| (.+?) \| ([^|]+?) \| (Understand|Apply|Create) \|$", text, re.M):
        for a in CELLS:
            lesson = a[0].upper() + re.match(r"[ab](\d+)", a).group(1)
            if lesson_or_assignment in (lesson, a):
                weights[a][competency] += 1
    return weights


def share(sid: str, assignment: str) -> float:
    cells = GRADES.get(sid, {}).get(assignment)
    return sum(v or 0 for v in cells.values()) / sum(CELLS[assignment].values()) if cells else 0.0


def expected_competency(sid: str, name: str) -> float | None:
    pairs = [(w[name], share(sid, a)) for a, w in docs_weights().items() if w.get(name)]
    total = sum(w for w, _ in pairs)
    return 100 * sum(w * s for w, s in pairs) / total if total else None


def expected_components(sid: str, count_flagged: bool = False) -> dict[str, float]:
    def track(prefix):
        names = [a for a in CELLS if a.startswith(prefix)]
        return sum(share(sid, a) * sum(CELLS[a].values()) for a in names) / sum(sum(CELLS[a].values()) for a in names)

    contest = []
    for rows in CONTESTS.values():
        mine = [(r, f) for trainee, r, _, f in rows if trainee == sid]
        contest.append((len(rows) - mine[0][0] + 1) / len(rows) if mine and (count_flagged or not mine[0][1]) else 0)
    return {"basic": track("b"), "advanced": track("a"), "contest": sum(contest) / len(contest),
            "project": PROJECT_POINTS.get(sid, 0.0)}


def expected_order(weights=None, count_flagged=False) -> list[tuple[str, float]]:
    weights = weights or {"basic": 0.3, "advanced": 0.4, "contest": 0.2, "project": 0.1}
    rows = []
    for s in ROSTER:
        c = expected_components(s.id, count_flagged)
        total = sum(weights[k] * c[k] for k in weights) / sum(weights.values())
        rows.append(((-round(total, 12), -c["advanced"], -c["basic"], -c["contest"], -c["project"], s.id), total))
    return [(key[-1], total) for key, total in sorted(rows)]


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no BOM for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


# -- the competency map --------------------------------------------------------------------------
def test_the_package_table_agrees_with_the_competency_map_doc():
    framework, lessons, written = cmap.parse_competency_map((REPO / "docs" / "competencies.md").read_text("utf-8"))
    assert framework == {c.name: (c.dimension.value, c.level.value) for c in cmap.COMPETENCIES}
    by_slug = {c.slug: c.name for c in cmap.COMPETENCIES}
    assert lessons == {lesson: {by_slug[s]: n for s, n in counts.items()} for lesson, counts in cmap.LESSON_OUTCOMES.items()}
    assert written == {a: {by_slug[s]: n for s, n in counts.items()} for a, counts in cmap.WRITTEN_ANSWERS.items()}
    for folder in (REPO / "assignments" / "source").iterdir():
        assert cmap.weights_of(folder.name), f"{folder.name} is mapped to no competency"
    for lang in ("vi", "en"):
        labels = [t(f"talent.competency.{c.slug}", lang) for c in cmap.COMPETENCIES]
        assert len(set(labels)) == len(labels)
    doc = (REPO / "docs" / "talent.md").read_text("utf-8")
    for c in cmap.COMPETENCIES:  # the openings doc lists the names the CSV accepts
        assert f"| {c.name} | {t(f'talent.competency.{c.slug}', 'vi')} | `{c.slug}` |" in doc
    assert cmap.find_competency("  kỹ NĂNG ứng dụng ") is cmap.BY_SLUG["application"]
    assert cmap.find_competency("Problem scoping") is cmap.BY_SLUG["problem_scoping"]
    assert cmap.find_competency("nấu ăn") is None


# -- shortlist -----------------------------------------------------------------------------------
def test_the_ranking_follows_the_stated_rule(written):
    rows = read_csv(written["out"] / "shortlist.csv")
    expected = expected_order()
    assert [r["ma_hoc_vien"] for r in rows] == [sid for sid, _ in expected]
    assert [int(r["hang"]) for r in rows] == list(range(1, len(ROSTER) + 1))
    for row, (sid, total) in zip(rows, expected):
        assert float(row["diem_xet_chon"]) == pytest.approx(100 * total, abs=0.006)
        c = expected_components(sid)
        assert float(row["cuoc_thi"]) == pytest.approx(100 * c["contest"], abs=0.006)
    order = [sid for sid, _ in expected]
    assert order.index("dung") == order.index("em") - 1, "equal results are ordered by trainee id"
    page = (written["out"] / "index.html").read_text("utf-8")
    assert "30% × Khóa cơ bản + 40% × Khóa nâng cao + 20% × Cuộc thi + 10% × Đề xuất dự án" in page
    backwards = replace(written["cohort"], evidence=list(reversed(written["cohort"].evidence)))
    assert [s.trainee.id for s in rank(backwards, Rule()).standings] == order, "input order does not matter"


def test_top_n_overall_and_per_site(written):
    expected = [sid for sid, total in expected_order() if total > 0]
    site_of = {s.id: s.site for s in ROSTER}
    shortlist = written["shortlist"]
    assert [s.trainee.id for s in shortlist.top] == expected[:4]
    per_site = {site: [sid for sid in expected if site_of[sid] == site][:2] for site in {s.site for s in ROSTER}}
    assert {site: [s.trainee.id for s in rows] for site, rows in shortlist.per_site.items()} == per_site
    rows = {r["ma_hoc_vien"]: r for r in read_csv(written["out"] / "shortlist.csv")}
    assert {sid for sid, r in rows.items() if r["chon_chung"] == "1"} == set(expected[:4])
    assert {sid for sid, r in rows.items() if r["chon_diem_cau"] == "1"} == {x for v in per_site.values() for x in v}
    assert "khanh" not in expected, "a trainee with nothing to show is not shortlisted"


def test_weights_and_flagged_results_change_the_order_as_stated(world):
    weights = {"basic": 0.0, "advanced": 0.0, "contest": 1.0, "project": 0.0}
    rule = Rule({Component(k): w for k, w in weights.items()}, count_flagged=True)
    shortlist = rank(gather(world["course"], world["contests"], world["proposals"]), rule)
    assert list(shortlist.active) == [Component.CONTEST]
    assert [s.trainee.id for s in shortlist.standings] == [sid for sid, _ in expected_order(weights, True)]
    plain = rank(gather(world["course"], world["contests"]), Rule())
    assert Component.PROJECT not in plain.active, "no proposals folder: the project part is left out"


def test_a_trainee_without_contest_or_proposal(written):
    cohort = written["cohort"]
    by_id = {e.trainee.id: e for e in cohort.evidence}
    assert by_id["dung"].contests == {} and by_id["dung"].proposal is None
    assert not by_id["khanh"].assignments["b1-ocop"].submitted
    page = (written["out"] / "profiles" / page_name("dung")).read_text("utf-8")
    assert page.count(t("talent.profile.not_entered", "vi")) == len(CONTESTS)
    assert t("talent.profile.no_project", "vi") in page
    assert cohort.assignments == sorted(CELLS), f"{UNGRADED} has no graded submission and must not count"


def test_broken_proposals_are_reported_and_skipped(world, written):
    skipped = {s.path.split("/")[0]: s.reason for s in written["cohort"].skipped}
    assert set(skipped) == {"chi", "binh", "nguoi-la", "hoa"}
    assert "JSON" in skipped["chi"] and "nguoi-la" in skipped["nguoi-la"]
    assert skipped["hoa"] == t("talent.skip.not_regular", "vi"), "a linked file is never read"
    page = (written["out"] / "index.html").read_text("utf-8")
    assert "chi/a8/de-xuat-du-an.json" in page and "binh/a8/de-xuat-du-an.json" in page
    assert str(world["base"]) not in page, "files are named relative to the proposals folder"
    by_id = {e.trainee.id: e for e in written["cohort"].evidence}
    assert by_id["an"].proposal.advice == () and by_id["giang"].proposal.advice


def test_profiles_show_per_competency_scores(written):
    from aijourney.talent.scores import floor_points

    rows = {r["ma_hoc_vien"]: r for r in read_csv(written["out"] / "profiles.csv")}
    for sid in ("an", "binh", "chi", "long", "khanh"):
        page = (written["out"] / "profiles" / page_name(sid)).read_text("utf-8")
        cells = re.findall(r"<tr><td>[^<]*</td><td>([^<]+)<br><small>([^<]+)</small></td><td>[^<]*</td>\s*<td>([^<]+)</td>",
                           page)
        shown = {english: value for _, english, value in cells}
        assert len(shown) == 12
        for c in cmap.COMPETENCIES:
            want = expected_competency(sid, c.name)
            assert shown[c.name] == (floor_points(want) if want is not None else t("talent.profile.no_evidence", "vi"))
            cell = rows[sid][f"nl_{c.slug}"]
            assert (cell == "") if want is None else float(cell) == pytest.approx(want, abs=0.006)
    assert expected_competency("binh", "Creating AI tools") == 0, "advanced work not submitted counts 0"
    assert "còn phần chờ giảng viên chấm" in (written["out"] / "profiles" / page_name("chi")).read_text("utf-8")


def test_a_hostile_name_is_escaped_and_kept_out_of_formulas(written):
    for path in [written["out"] / "index.html", written["out"] / "profiles" / page_name("hoa"),
                 written["out"] / "profiles" / page_name("giang")]:
        page = path.read_text("utf-8")
        assert "<script" not in page and "<b>Dự án" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in (written["out"] / "index.html").read_text("utf-8")
    rows = {r["ma_hoc_vien"]: r for r in read_csv(written["out"] / "shortlist.csv")}
    assert rows["hoa"]["ho_ten"] == "'" + f"{HOSTILE_LAST} {HOSTILE_FIRST}"
    projects = {r["ma_hoc_vien"]: r["du_an"] for r in read_csv(written["out"] / "profiles.csv")}
    assert projects["giang"] == WITH_ADVICE.ten_du_an and projects["an"] == GOOD.ten_du_an
    names = {page_name(x) for x in ("an", "../an", "An", "a/n", ".an")}
    assert len(names) == 5 and all("/" not in n and not n.startswith(".") for n in names)


# -- matching ------------------------------------------------------------------------------------
def openings_csv(rows: list[list[str]], delimiter: str = ",", bom: bool = True) -> bytes:
    buffer = io.StringIO(newline="")
    w = csv.writer(buffer, delimiter=delimiter)
    w.writerow(["ma_vi_tri", "vi_tri", "nang_luc", "diem_cau", "khu_vuc", "so_ung_vien"])
    w.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def expected_candidates(requirements: list[tuple[str, int]], site: str = "") -> list[str]:
    """The stated matching order, computed from the inputs: requirements reached, shortfall, mean, total, id."""
    totals = dict(expected_order())
    keys = []
    for s in ROSTER:
        scores = [(expected_competency(s.id, name), level) for name, level in requirements]
        reached = [p is not None and p >= level for p, level in scores]
        if (site and s.site != site) or not any(reached):
            continue
        shortfall = sum(0 if ok else level - (p or 0) for ok, (p, level) in zip(reached, scores))
        keys.append((-sum(reached), shortfall, -sum(p or 0 for p, _ in scores) / len(scores), -totals[s.id], s.id))
    return [key[-1] for key in sorted(keys)]


def test_matching_ranks_full_matches_first_and_explains(world, written):
    app_an, app_binh = expected_competency("an", "Application skills"), expected_competency("binh", "Application skills")
    tools_an, tools_binh = expected_competency("an", "Creating AI tools"), expected_competency("binh", "Creating AI tools")
    level_app, level_tools = int(min(app_an, app_binh)), int(tools_binh) + 1
    assert 1 <= level_app and level_tools <= tools_an, "the cohort must make an reach both and binh miss one"
    path = world["base"] / "openings.csv"
    path.write_bytes(openings_csv([
        ["KT-01", "Kỹ thuật viên dữ liệu", f"Kỹ năng ứng dụng: {level_app}; Creating AI tools: {level_tools}", "", "", "20"],
        ["PL-01", "Trợ lý dự án ở Phú Lý", f"application: {level_app}", PHU_LY, "", ""],
        ["BA-01", "Phân tích", "Kỹ năng ứng dụng: 55\nNền tảng AI: 55; Iteration and feedback loops: 55", "", "", ""],
    ], delimiter=";"))
    out = world["base"] / "match"
    results = dict((o.id, c) for o, c in write_matches(path, written["shortlist"], out))
    three = [("Application skills", 55), ("AI foundations", 55), ("Iteration and feedback loops", 55)]
    for opening, requirements, site in (("KT-01", [("Application skills", level_app),
                                                   ("Creating AI tools", level_tools)], ""),
                                        ("PL-01", [("Application skills", level_app)], PHU_LY),
                                        ("BA-01", three, "")):
        assert [c.standing.trainee.id for c in results[opening]] == expected_candidates(requirements, site)[:10]
    ids = [c.standing.trainee.id for c in results["KT-01"]]
    assert ids.index("an") < ids.index("binh")
    assert {s.trainee.site for c in results["PL-01"] for s in [c.standing]} <= {PHU_LY}
    rows = {(r["ma_vi_tri"], r["ma_hoc_vien"]): r for r in read_csv(out / "matches.csv")}

    def names(text):
        return {part.split(" (")[0] for part in text.split("; ") if part}

    app, tools = cmap.BY_SLUG["application"].label, cmap.BY_SLUG["creating_tools"].label
    assert names(rows[("KT-01", "an")]["nang_luc_dat"]) == {app, tools} and rows[("KT-01", "an")]["nang_luc_thieu"] == ""
    assert names(rows[("KT-01", "binh")]["nang_luc_dat"]) == {app}
    assert names(rows[("KT-01", "binh")]["nang_luc_thieu"]) == {tools}
    assert rows[("KT-01", "an")]["dat_du"] == "1" and rows[("KT-01", "binh")]["dat_du"] == "0"
    for (opening, sid), row in rows.items():
        for text, met in ((row["nang_luc_dat"], True), (row["nang_luc_thieu"], False)):
            for part in filter(None, text.split("; ")):
                shown, sign, level = re.search(r"\((\S+) ([≥<]) (\d+)\)$", part).groups()
                assert (sign == "≥") == met and (float(shown) >= int(level)) == met, part
    page = (out / "index.html").read_text("utf-8")
    assert "<script" not in page and t("talent.privacy", "vi") in page


def test_bad_opening_rows_are_named_and_nothing_is_written(world, written):
    path = world["base"] / "bad-openings.csv"
    path.write_bytes(openings_csv([
        ["", "Không mã", "Kỹ năng ứng dụng: 50", "", "", ""],
        ["X-2", "Sai năng lực", "Nấu ăn: 50", "", "", ""],
        ["X-3", "Sai mức", "Kỹ năng ứng dụng: 150", "", "", "abc"],
        ["X-4", "Sai điểm cầu", "Kỹ năng ứng dụng: 50", "Xã Không Có", "", ""],
        ["X-5", "Đúng", "Nền tảng AI: 40", "", "Huyện Vĩnh Cửu", "3"],
    ]))
    out = world["base"] / "bad-match"
    with pytest.raises(TalentError) as info:
        write_matches(path, written["shortlist"], out)
    message = str(info.value)
    for row in (2, 3, 4, 5):
        assert f"Dòng {row}:" in message
    assert "Dòng 6" not in message and "«abc»" in message and "Nấu ăn" in message
    assert not out.exists(), "a bad openings file writes nothing"
    with pytest.raises(TalentError, match="UTF-8"):
        parse_openings("ma_vi_tri,vi_tri,nang_luc\nX,Kế toán,Kỹ năng ứng dụng: 50\n".encode("utf-16"), set(), set())
    with pytest.raises(TalentError, match="Cột không hiểu: luong"):
        parse_openings(b"ma_vi_tri,vi_tri,nang_luc,luong\n", set(), set())
    plain = parse_openings(openings_csv([["Y", "Vai trò", "AI foundations: 30", "", "", ""]], bom=False), set(), set())
    assert plain[0].requirements[0].competency.slug == "foundations" and plain[0].requirements[0].level == 30


# -- the commands --------------------------------------------------------------------------------
def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="aijourney")
    p.add_argument("--course-dir")
    p.add_argument("--exchange")
    p.add_argument("--course-id", default="aijourney")
    add_talent_parser(p.add_subparsers(dest="command", required=True))
    return p


def test_the_commands_write_pages_and_report_problems(world, capsys):
    base = world["base"]
    common = ["--course-dir", str(base / "course"), "--exchange", str(base / "exchange"), "talent"]
    contests = [x for c in world["contests"] for x in ("--contest", str(c / "final.csv"))]
    args = parser().parse_args([*common, *contests, "--proposals", str(world["proposals"]), "--top", "2",
                                "--weight-project", "0", "--output", str(base / "cli")])
    assert args.func(args) == 0
    captured = capsys.readouterr()
    assert "chi/a8/de-xuat-du-an.json" in captured.err and str(base / "cli" / "index.html") in captured.out
    rows = read_csv(base / "cli" / "shortlist.csv")
    weights = {"basic": 0.3, "advanced": 0.4, "contest": 0.2, "project": 0.0}
    assert [r["ma_hoc_vien"] for r in rows] == [sid for sid, _ in expected_order(weights)]
    assert "du_an" not in rows[0] and sum(r["chon_chung"] == "1" for r in rows) == 2
    (base / "o.csv").write_bytes(openings_csv([["A", "Vai trò", "Nền tảng AI: 10", "", "", "2"]]))
    args = parser().parse_args([*common, "match", *contests, "--openings", str(base / "o.csv"),
                                "--output", str(base / "cli-match")])
    assert args.func(args) == 0
    assert len(read_csv(base / "cli-match" / "matches.csv")) == 2
    (base / "bad.csv").write_bytes(openings_csv([["A", "", "Nền tảng AI: 10", "", "", ""]]))
    args = parser().parse_args([*common, "match", "--openings", str(base / "bad.csv"), "--output", str(base / "no")])
    assert args.func(args) == 2 and "Dòng 2: chưa ghi tên vị trí" in capsys.readouterr().err
    assert not (base / "no").exists()
    args = parser().parse_args(["--course-dir", str(base / "nowhere"), "--exchange", str(base / "x"), "talent"])
    assert args.func(args) == 2 and "sổ điểm" in capsys.readouterr().err


def test_a_broken_contest_file_stops_the_run_before_writing(world, tmp_path):
    bad = tmp_path / "bad" / "final.csv"
    bad.parent.mkdir()
    bad.write_text("contest,trainee,final_rank,final_score,flagged\nc,an,first,0.5,0\n", "utf-8")
    with pytest.raises(TalentError, match="dòng 2"):
        write_talent(world["course"], tmp_path / "out", Rule(), [bad])
    assert not (tmp_path / "out").exists()
