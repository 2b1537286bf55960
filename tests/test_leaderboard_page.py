"""The contest leaderboard pages: static HTML written from a ``Board``, read back as a parser and as a
person in a real browser (Debian chromium driven by Playwright) would see them."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from aijourney.contest import page as leaderboard
from aijourney.contest.board import Board, BoardRow
from aijourney.contest.definition import TIME_ZONE
from aijourney.contest.page import slugify, write_leaderboard
from aijourney.i18n import catalogue
from helpers import chromium_page, need_chromium

ARTIFACTS = Path(os.environ.get("AIJOURNEY_TEST_ARTIFACTS", "build/test-artifacts"))
START = dt.datetime(2026, 12, 1, 8, 0, tzinfo=TIME_ZONE)
XSS = "<img src=x onerror=alert(1)>"


def row(trainee: str, name: str, site: str, public_rank: int, public_score: float, *, private_rank=None,
        private_score=None, flagged=False, entries=1, hours=0.0) -> BoardRow:
    return BoardRow(trainee=trainee, display_name=name, site=site, area="", public_rank=public_rank,
                    public_score=public_score, entries=entries, last_entry=START + dt.timedelta(hours=hours),
                    private_rank=private_rank, private_score=private_score, flagged=flagged)


def public_rows() -> list[BoardRow]:
    """Listed out of order on purpose; two trainees tie for second place."""
    return [
        row("binh", "Trần Thị Bình", "Phường Đông Hòa", 2, 0.8, entries=4, hours=5),
        row("an", "Nguyễn Văn An", "Xã Tân Phú", 1, 0.91234567, entries=7, hours=2),
        row("hacker", XSS, "Xã Tân Phú", 4, 0.55, flagged=True, hours=1),
        row("cuong", "Lê Văn Cường", "Phường Đông Hòa", 2, 0.8, entries=2, hours=3),
        row("dung", "Phạm Dũng", "", 5, 0.5),
    ]


def final_rows() -> list[BoardRow]:
    return [
        row("an", "Nguyễn Văn An", "Xã Tân Phú", 1, 0.91, private_rank=3, private_score=0.70),
        row("binh", "Trần Thị Bình", "Phường Đông Hòa", 3, 0.80, private_rank=1, private_score=0.88),
        row("cuong", "Lê Văn Cường", "Phường Đông Hòa", 2, 0.85, private_rank=2, private_score=0.79, flagged=True),
        row("dung", "Phạm Dũng", "Xã Long Thành", 5, 0.50, private_rank=4, private_score=0.60),
    ]


def make_board(rows, *, final=False, history=None, metric="macro_f1", higher=True) -> Board:
    if history is None:
        history = [(START + dt.timedelta(hours=h), s) for h, s in ((1, 0.55), (2, 0.8), (30, 0.91234567))]
    return Board(contest_id="du-doan", title="Dự đoán năng suất lúa", metric=metric, higher_is_better=higher,
                 final=final, generated_at=START + dt.timedelta(days=3), rows=list(rows), history=history)


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def cell_text(cell) -> str:
    """A cell's text without the flag mark (checked on its own)."""
    return "".join(s for s in cell.find_all(string=True) if not s.find_parent(class_="flag")).strip()


def table_rows(soup: BeautifulSoup) -> list[list[str]]:
    return [[cell_text(cell) for cell in tr.find_all("td")] for tr in soup.select("table tbody tr")]


def headers(soup: BeautifulSoup) -> list[str]:
    return [th.get_text(strip=True) for th in soup.select("table thead th")]


def column(soup: BeautifulSoup, header: str) -> list[str]:
    index = headers(soup).index(header)
    return [cells[index] for cells in table_rows(soup)]


def test_public_board_lists_rows_by_public_rank_with_ties_in_board_order(tmp_path):
    rows = public_rows()
    soup = soup_of(write_leaderboard(make_board(rows), tmp_path))
    assert headers(soup) == ["Hạng", "Họ tên", "Điểm cầu", "Điểm", "Số lần nộp", "Lần nộp cuối"]
    expected = sorted(rows, key=lambda r: r.public_rank)  # stable: the tie keeps the board's order
    assert column(soup, "Hạng") == [str(r.public_rank) for r in expected]
    assert column(soup, "Họ tên")[1:3] == ["Trần Thị Bình", "Lê Văn Cường"]
    assert column(soup, "Điểm") == [f"{r.public_score:.4f}" for r in expected]
    assert column(soup, "Điểm")[0] == "0.9123"
    assert column(soup, "Số lần nộp") == [str(r.entries) for r in expected]
    assert column(soup, "Điểm cầu")[-1] == "—"  # a trainee without a site
    note = soup.select_one(".lb-note").get_text()
    assert "phần công khai" in note and "chung cuộc" in note and "phần riêng" in note
    assert "Hạng chung cuộc" not in headers(soup)


def test_last_entry_is_shown_in_viet_nam_time(tmp_path):
    utc_entry = dt.datetime(2026, 12, 1, 18, 30, tzinfo=dt.timezone.utc)  # 01:30 the next day in Viet Nam
    board = make_board([BoardRow("an", "An", "Xã A", "", 1, 0.5, 1, utc_entry)])
    assert column(soup_of(write_leaderboard(board, tmp_path)), "Lần nộp cuối") == ["02/12/2026 01:30"]


def test_final_board_ranks_by_private_rank_and_shows_the_shake_up(tmp_path):
    rows = final_rows()
    soup = soup_of(write_leaderboard(make_board(rows, final=True), tmp_path))
    cols = headers(soup)
    for name in ("Hạng chung cuộc", "Điểm chung cuộc", "Hạng công khai", "Điểm công khai"):
        assert name in cols
    expected = sorted(rows, key=lambda r: r.private_rank)
    assert column(soup, "Họ tên") == [r.display_name for r in expected]
    assert column(soup, "Hạng chung cuộc") == [str(r.private_rank) for r in expected]
    assert column(soup, "Hạng công khai") == [str(r.public_rank) for r in expected]
    assert column(soup, "Điểm chung cuộc") == [f"{r.private_score:.4f}" for r in expected]

    def shown(public: int, private: int) -> str:
        moved = public - private
        return f"▲{moved}" if moved > 0 else f"▼{-moved}" if moved < 0 else "="

    assert column(soup, "Thay đổi") == [shown(r.public_rank, r.private_rank) for r in expected]
    assert column(soup, "Thay đổi") == ["▲2", "=", "▼2", "▲1"]
    assert "phần riêng" in soup.select_one(".lb-note").get_text()


def test_flagged_row_carries_a_visible_mark_explained_by_a_legend(tmp_path):
    soup = soup_of(write_leaderboard(make_board(final_rows(), final=True), tmp_path))
    marks = soup.select("table .flag")
    assert len(marks) == 1
    assert marks[0].find_parent("tr").select_one(".name").get_text(strip=True).startswith("Lê Văn Cường")
    assert "trùng bài với học viên khác — ban tổ chức xem xét" in marks[0]["title"]
    legend = " ".join(p.get_text() for p in soup.select(".lb-legend"))
    assert marks[0].get_text(strip=True) in legend and "ban tổ chức xem xét" in legend


def test_every_site_has_its_own_page_with_only_its_rows_and_links_to_the_others(tmp_path):
    rows = public_rows()
    index = write_leaderboard(make_board(rows), tmp_path)
    sites = sorted({r.site for r in rows if r.site})
    index_links = {a.get_text(strip=True): a["href"] for a in soup_of(index).select("nav a")}
    assert set(index_links) == set(sites)
    for site in sites:
        href = index_links[site]
        assert href == f"{slugify(site)}.html" and (tmp_path / href).is_file()
        soup = soup_of(tmp_path / href)
        assert set(column(soup, "Điểm cầu")) == {site}
        assert sorted(column(soup, "Họ tên")) == sorted(r.display_name for r in rows if r.site == site)
        links = {a["href"] for a in soup.select("nav a")}
        assert links == {"index.html"} | {f"{slugify(other)}.html" for other in sites if other != site}
        assert soup.select_one("nav [aria-current=page]").get_text(strip=True) == site
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["index.html"] + [f"{slugify(s)}.html" for s in sites])


def test_site_slugs_are_ascii_folded_and_unique():
    assert slugify("Xã Tân Phú") == "xa-tan-phu"
    assert slugify("Phường Đông Hòa") == "phuong-dong-hoa"
    assert slugify("Xã Thạnh Phú (cũ)") == "xa-thanh-phu-cu"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert re.fullmatch(r"[a-z0-9-]+", slugify("Ấp Ươm 1 – Điểm cầu"))
    slugs = leaderboard.site_slugs(["Xã Tân Phú", "Xa Tan Phu", "Index", "Đồng"])
    assert len(set(slugs.values())) == 4
    assert "index" not in slugs.values()
    assert sorted(slugs.values()) == sorted(["xa-tan-phu", "xa-tan-phu-2", "index-2", "dong"])


def test_names_from_the_roster_are_escaped_everywhere(tmp_path):
    rows = [row("x", XSS, "<script>alert(2)</script>", 1, 0.5, flagged=True)]
    board = Board("c", '"><svg onload=alert(3)>', "accuracy", True, False, START, rows, [(START, 0.5)])
    index = write_leaderboard(board, tmp_path)
    for page in tmp_path.glob("*.html"):
        soup = soup_of(page)
        assert soup.find("img") is None and soup.find("script") is None
        assert len(soup.find_all("svg")) == 1  # only the chart, not the title's
        assert not any(name.startswith("on") for tag in soup.find_all(True) for name in tag.attrs)
    soup = soup_of(index)
    assert column(soup, "Họ tên") == [XSS]
    assert soup.select_one("td.name").get_text() == XSS + "⚑"
    assert soup.select_one("h1").get_text() == board.title
    assert soup.select_one("nav a").get_text() == rows[0].site


def test_chart_has_one_point_per_history_entry_placed_by_time_and_score(tmp_path):
    history = [(START + dt.timedelta(hours=h), s) for h, s in ((0, 0.4), (3, 0.62), (4, 0.7), (50, 0.75), (51, 0.9))]
    soup = soup_of(write_leaderboard(make_board(public_rows(), history=history), tmp_path))
    points = soup.select("svg.lb-chart circle.point")
    assert len(points) == len(history)
    xs = [float(p["cx"]) for p in points]
    ys = [float(p["cy"]) for p in points]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert ys == sorted(ys, reverse=True)  # a better score is drawn higher (smaller y)
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    assert gaps[2] > 10 * gaps[1]  # 46 hours apart vs 1 hour apart
    path = soup.select_one("svg.lb-chart path.best-line")["d"]
    assert path.startswith(f"M{xs[0]} {ys[0]}") and path.count("V") == len(history) - 1
    assert [p.get_text() for p in points][-1] == "03/12/2026 11:00: 0.9000"
    labels = [text.get_text() for text in soup.select("svg.lb-chart text.score-label")]
    assert labels == ["0.9000", "0.4000"]
    assert len(soup.select("svg.lb-chart text.time-label")) >= 2


def test_chart_handles_a_single_entry(tmp_path):
    board = make_board(public_rows(), history=[(START, 0.5)])
    soup = soup_of(write_leaderboard(board, tmp_path))
    assert len(soup.select("svg.lb-chart circle.point")) == 1
    assert [t.get_text() for t in soup.select("svg.lb-chart text.score-label")] == ["0.5000"]


def test_no_scored_entry_shows_a_line_instead_of_the_chart(tmp_path):
    soup = soup_of(write_leaderboard(make_board(public_rows(), history=[]), tmp_path))
    assert soup.find("svg") is None
    assert soup.select_one(".lb-empty").get_text(strip=True) == "Chưa có bài nộp nào được chấm."
    assert len(table_rows(soup)) == len(public_rows())


def test_empty_board_shows_the_line_and_no_table(tmp_path):
    index = write_leaderboard(make_board([], history=[]), tmp_path)
    soup = soup_of(index)
    assert soup.find("table") is None and soup.find("svg") is None
    assert len(soup.select(".lb-empty")) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_metric_is_named_in_vietnamese_with_its_direction(tmp_path):
    soup = soup_of(write_leaderboard(make_board(public_rows(), metric="rmse", higher=False), tmp_path))
    meta = soup.select_one(".lb-meta").get_text()
    assert "RMSE (càng nhỏ càng tốt)" in meta and "càng thấp càng tốt" in meta
    soup = soup_of(write_leaderboard(make_board(public_rows(), metric="hit_rate_at_k"), tmp_path))
    meta = soup.select_one(".lb-meta").get_text()
    assert "tỉ lệ trúng trong top-k" in meta and "càng cao càng tốt" in meta
    assert soup.find("html")["lang"] == "vi"


def test_messages_exist_in_both_languages():
    vi = {k for k in catalogue("vi") if k.startswith("leaderboard.")}
    en = {k for k in catalogue("en") if k.startswith("leaderboard.")}
    assert vi == en and "leaderboard.metric.macro_f1" in vi


def test_pages_are_replaced_whole_and_readable_by_the_hub(tmp_path, monkeypatch):
    index = write_leaderboard(make_board(public_rows()), tmp_path)
    before = index.read_text("utf-8")
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o044 == 0o044 for p in tmp_path.iterdir())

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(leaderboard.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_leaderboard(make_board(final_rows(), final=True), tmp_path)
    assert index.read_text("utf-8") == before  # the old page is intact
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind
    monkeypatch.undo()
    write_leaderboard(make_board(final_rows(), final=True), tmp_path)
    assert "Hạng chung cuộc" in index.read_text("utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# --- in a real browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser_page():
    need_chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium_page(1280, 900) as page:
        yield page


@pytest.mark.slow
def test_a_person_sees_the_final_board_chart_and_site_pages(browser_page, tmp_path):
    from playwright.sync_api import expect

    page = browser_page
    rows = final_rows()
    index = write_leaderboard(make_board(rows, final=True), tmp_path)
    page.goto(index.as_uri())
    expected = sorted(rows, key=lambda r: r.private_rank)
    table = page.locator("table.leaderboard")
    expect(table).to_be_visible()
    header = table.locator("thead").inner_text()
    assert "Hạng chung cuộc" in header and "Hạng công khai" in header
    lines = [line.split("\t") for line in table.locator("tbody tr").all_inner_texts()]
    assert [cells[0].strip() for cells in lines] == [str(r.private_rank) for r in expected]
    assert [cells[1].strip().rstrip("⚑") for cells in lines] == [r.display_name for r in expected]
    body = table.inner_text()
    assert "▲2" in body and "▼2" in body
    chart = page.locator("svg.lb-chart")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50
    assert chart.locator("circle.point").count() == len(make_board(rows).history)
    page.screenshot(path=str(ARTIFACTS / "leaderboard-final.png"), full_page=True)

    site = "Phường Đông Hòa"
    page.get_by_role("link", name=site).click()
    expect(page).to_have_url(re.compile(re.escape(slugify(site)) + r"\.html$"))
    names = [line.split("\t")[1].strip().rstrip("⚑") for line in
             page.locator("table.leaderboard tbody tr").all_inner_texts()]
    assert names == [r.display_name for r in expected if r.site == site]
    expect(page.locator("nav [aria-current=page]")).to_have_text(site)
    page.screenshot(path=str(ARTIFACTS / "leaderboard-site.png"), full_page=True)
