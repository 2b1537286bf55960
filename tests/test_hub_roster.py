"""The site roster: every bad row is named in Vietnamese and nothing changes; a good roster creates real Unix
accounts (homes 700), the hub's users and groups and nbgrader's students; re-importing changes nothing;
a trainee who leaves keeps home and grades, with the account locked. Accounts need root (CI runs as root)."""

import json
import os
import pwd
import secrets
import stat
import subprocess

import pytest

from aijourney.cli import main
from aijourney.course import Course
from aijourney.hub.accounts import STATE_FILE
from aijourney.hub.roster import Role, RosterError, read_roster

HEADER = "username,full_name,site,area,role\n"


def roster(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode("utf-8")


def test_a_good_roster_reads_vietnamese_names_sites_and_roles():
    members = read_roster("\ufefften_dang_nhap,ho_ten,diem_cau,khu_vuc,vai_tro\n"
                          "lan01,Nguyễn Thị Lan,Xã Tân Phú,Đồng Phú,học viên\n"
                          "\n"
                          "thaygiao,Trần   Văn Minh,,,giang_vien\n".encode("utf-8"))
    assert [(m.username, m.first_name, m.last_name, m.site, m.area, m.role) for m in members] == [
        ("lan01", "Lan", "Nguyễn Thị", "Xã Tân Phú", "Đồng Phú", Role.TRAINEE),
        ("thaygiao", "Minh", "Trần Văn", "", "", Role.INSTRUCTOR)]


@pytest.mark.parametrize("rows, line, words", [
    (["lan01,Nguyễn Thị Lan,Xã Tân Phú,,trainee", "Lan02,Lê Lan,Xã Tân Phú,,trainee"], 3, "«Lan02» không dùng được"),
    (["lan01,Nguyễn Thị Lan,Xã Tân Phú,,trainee", "root,Quản trị,Xã Tân Phú,,trainee"], 3, "«root»"),
    (["lan.01,Nguyễn Thị Lan,Xã Tân Phú,,trainee"], 2, "«lan.01»"),
    (["grader-aijourney,Nguyễn Thị Lan,Xã Tân Phú,,trainee"], 2, "«grader-aijourney»"),
    (["lan01,Nguyễn Thị Lan,Xã Tân Phú,,trainee", "lan01,Lê Lan,Xã Tân Phú,,trainee"], 3, "đã có ở dòng 2"),
    (["lan01,,Xã Tân Phú,,trainee"], 2, "«full_name» đang trống"),
    (["lan01,Nguyễn Thị Lan,,,trainee"], 2, "«site» đang trống"),
    (["lan01,Nguyễn Thị Lan,Xã Tân Phú,,sinh viên"], 2, "vai trò «sinh viên» không hợp lệ"),
    (["lan01,Nguyễn\x07 Lan,Xã Tân Phú,,trainee"], 2, "ký tự điều khiển"),
])
def test_each_bad_row_is_named_in_vietnamese(rows, line, words):
    with pytest.raises(RosterError) as caught:
        read_roster(roster(*rows))
    assert caught.value.row == line and f"dòng {line}" in str(caught.value) and words in str(caught.value)
    assert "Chưa có thay đổi nào" in str(caught.value)


def test_a_roster_without_its_columns_or_in_another_encoding_is_refused():
    with pytest.raises(RosterError, match="thiếu: role"):
        read_roster(b"username,full_name,site\nlan01,Lan,Xa\n")
    with pytest.raises(RosterError, match="UTF-8"):
        read_roster(HEADER.encode() + "lan01,Nguyễn Thị Lan,Xã,,trainee\n".encode("utf-16"))


@pytest.fixture
def site(tmp_path):
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("creating Unix accounts needs root (CI runs as root)")
        pytest.skip("creating Unix accounts needs root")
    tag = secrets.token_hex(2)
    names = {"lan": f"ajr{tag}lan", "binh": f"ajr{tag}binh", "minh": f"ajr{tag}minh"}
    homes = tmp_path / "homes"
    homes.mkdir()
    base = ["--course-dir", str(tmp_path / "course"), "--exchange", str(tmp_path / "exchange"), "hub", "roster",
            "import", "--homes", str(homes), "--state", str(tmp_path / "hub")]
    yield tmp_path, names, base
    for username in names.values():
        subprocess.run(["userdel", username], capture_output=True)


def expired(username: str) -> bool:
    """What chage reports: an account that expired (no login accepted)."""
    out = subprocess.run(["chage", "-l", username], capture_output=True, text=True, env={"LC_ALL": "C"}).stdout
    line = next(line for line in out.splitlines() if line.startswith("Account expires"))
    return line.split(":", 1)[1].strip() != "never"


def write(path, *rows):
    path.write_bytes(roster(*rows))
    return str(path)


def test_importing_creates_accounts_hub_groups_and_students_and_again_changes_nothing(site, capsys):
    tmp, names, base = site
    first = write(tmp / "roster.csv", f"{names['lan']},Nguyễn Thị Lan,Xã Tân Phú,Đồng Phú,trainee",
                  f"{names['binh']},Trần Văn Bình,Phường Bình Phước,,trainee",
                  f"{names['minh']},Lê Minh,,,instructor")
    assert main(base + [first]) == 0 and "3 created" in capsys.readouterr().out
    for username in names.values():
        home = pwd.getpwnam(username).pw_dir
        assert stat.S_IMODE(os.stat(home).st_mode) == 0o700 and os.stat(home).st_uid == pwd.getpwnam(username).pw_uid
    hub = json.loads((tmp / "hub" / STATE_FILE).read_text("utf-8"))
    assert hub["groups"] == {"nbgrader-aijourney": sorted([names["lan"], names["binh"]]),
                             "formgrade-aijourney": [names["minh"]]}
    assert hub["sites"][names["lan"]] == {"site": "Xã Tân Phú", "area": "Đồng Phú"}
    course = Course(root=tmp / "course", exchange=tmp / "exchange")
    with course.gradebook() as gb:
        assert sorted(s.id for s in gb.students) == sorted([names["lan"], names["binh"]])
        assert gb.find_student(names["lan"]).last_name == "Nguyễn Thị"
    assert main(base + [first]) == 0 and "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out


def test_a_bad_row_changes_nothing_and_a_trainee_who_leaves_keeps_home_and_grades(site, capsys):
    tmp, names, base = site
    both = write(tmp / "roster.csv", f"{names['lan']},Nguyễn Thị Lan,Xã Tân Phú,,trainee",
                 f"{names['binh']},Trần Văn Bình,Xã Tân Phú,,trainee")
    assert main(base + [both]) == 0
    bad = write(tmp / "bad.csv", f"{names['lan']},Nguyễn Thị Lan,Xã Tân Phú,,trainee",
                f"{names['minh']},Lê Minh,Xã Tân Phú,,trainee", "Sai Ten,Ai Đó,Xã Tân Phú,,trainee")
    assert main(base + [bad]) == 2 and "dòng 4" in capsys.readouterr().err
    with pytest.raises(KeyError):
        pwd.getpwnam(names["minh"])  # row 3 was fine, but nothing is applied when any row is bad
    only_lan = write(tmp / "lan.csv", f"{names['lan']},Nguyễn Thị Lan,Xã Tân Phú,,trainee")
    assert main(base + [only_lan]) == 0 and "1 locked" in capsys.readouterr().out
    assert expired(names["binh"]) and os.path.isdir(pwd.getpwnam(names["binh"]).pw_dir)
    hub = json.loads((tmp / "hub" / STATE_FILE).read_text("utf-8"))
    assert hub["trainees"] == [names["lan"]] and hub["removed"] == [names["binh"]]
    with Course(root=tmp / "course", exchange=tmp / "exchange").gradebook() as gb:
        assert names["binh"] in {s.id for s in gb.students}  # grades stay with the student
    assert main(base + [both]) == 0 and names["binh"] not in json.loads(
        (tmp / "hub" / STATE_FILE).read_text("utf-8"))["removed"]
    assert not expired(names["binh"])  # back on the roster: unlocked
