"""A trainee attacking the contest engine: each test performs one attack on a real contest on disk.

Attacks the engine resists assert that they fail. Attacks that still succeed are strict ``xfail`` tests whose
reason says what breaks: they turn into failures (XPASS) the day the engine is fixed, so the mark is removed.
Threat model: a trainee on a multi-user site can run any code, read the repository and the public folder,
write any file into the inbound folder (1733) and read their own results; the organiser scores from cron.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import resource
import socket
import stat
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from aijourney import contest
from aijourney.contest import assess
from aijourney.contest.definition import MAX_INVALID_PER_DAY, load_contest
from aijourney.contest.entries import EntryKind, entry_name, receipts_file
from aijourney.contest.organiser import OrganiserError, board, publish, score
from aijourney.contest.places import trainee_exchange
from aijourney.contest.ranking import Person
from aijourney.contest.scorer import SPARE
from aijourney.contest.store import Entry, EntryStatus, Store
from aijourney.contest.truth import Truth
from contest_helpers import as_trainee, make_site, perfect, truth_of

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
OTHER_UID = 54321  # a user that is neither the organiser nor a trainee of the tests


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


def write_raw(site, login: str, data: bytes, kind: EntryKind = EntryKind.TABLE) -> str:
    """What a trainee who skips ``contest.submit`` does: any bytes, under an entry's name, in the inbox."""
    name = entry_name(login, kind)
    (site.exchange.inbound / name).write_bytes(data)
    return name


def recorded(site) -> dict[str, Entry]:
    with Store(site.store.database) as store:
        return {e.name: e for e in store.entries()}


def result(site, name: str) -> dict:
    return json.loads(site.exchange.result_of(name).read_text("utf-8"))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


# -- (a) learning the truth or the split ------------------------------------------------------------------
def test_the_private_rows_cannot_be_computed_from_the_public_folder(site):
    public_definition = load_contest(site.exchange.public, site.contest.id)
    test_ids = pd.read_csv(site.exchange.public / "test.csv", dtype=str)[site.contest.id_column]
    assert "split_seed" not in (site.exchange.public / "contest.yaml").read_text("utf-8")
    guessed = public_definition.public_ids(test_ids, secret=0)  # any secret but the organiser's
    truth = Truth.load(site.contest, site.store)
    actual = {i for i, public in zip(truth.ids, truth.public) if public}
    assert guessed != actual


def test_predictions_on_private_rows_leave_no_trace_in_what_the_trainee_reads(site):
    truth = Truth.load(site.contest, site.store)
    private_ids = set(np.array(truth.ids)[~truth.public])
    good = perfect(site)
    wrong = good["nhom"].map({"cao": "thap", "thap": "vua", "vua": "cao"})
    spoiled = good.assign(nhom=wrong.where(good["ma"].isin(private_ids), good["nhom"]))  # private rows all wrong
    first, second = write_raw(site, "lan", csv_bytes(good)), write_raw(site, "lan", csv_bytes(spoiled))
    score(site)
    entries = recorded(site)
    assert entries[first].private_score == 1.0 and entries[second].private_score == 0.0  # the attack took effect
    seen = [{k: v for k, v in result(site, n).items() if k not in ("entry", "submitted_at")} for n in (first, second)]
    assert seen[0] == seen[1] == {"status": "scored", "public_score": 1.0, "message": ""}


# -- (b) a score not earned, more entries than allowed ---------------------------------------------------
def test_a_hard_link_to_the_organisers_truth_is_not_scored(site, tmp_path):
    organiser_copy = tmp_path / "organiser-files" / "thi-thu-truth.csv"
    organiser_copy.chmod(0o600)
    name = entry_name("lan", EntryKind.TABLE)
    os.link(organiser_copy, site.exchange.inbound / name)
    score(site)
    assert recorded(site)[name].status is EntryStatus.INVALID
    assert result(site, name)["public_score"] is None


@needs_root
def test_an_entry_in_another_logins_name_is_refused_and_the_owners_own_is_not(site):
    perfect_bytes = csv_bytes(perfect(site))
    forged, own = write_raw(site, "lan", perfect_bytes), write_raw(site, "nobody", perfect_bytes)
    uid = pwd.getpwnam("nobody").pw_uid
    for name in (forged, own):
        os.chown(site.exchange.inbound / name, uid, uid)  # both written by the user "nobody"
    score(site)
    entries = recorded(site)
    assert entries[forged].status is EntryStatus.INVALID and entries[forged].public_score is None
    assert entries[own].status is EntryStatus.SCORED and entries[own].trainee == "nobody"


def test_entries_over_the_limit_and_after_the_deadline_reveal_no_score(site):
    names = [write_raw(site, "lan", csv_bytes(perfect(site))) for _ in range(5)]  # per_day = 3
    score(site)
    statuses = [recorded(site)[n].status for n in names]
    assert statuses.count(EntryStatus.SCORED) == 3 and statuses.count(EntryStatus.OVER_LIMIT) == 2
    for name, status in zip(names, statuses):
        assert (result(site, name)["public_score"] is None) == (status is EntryStatus.OVER_LIMIT)


def test_entries_over_the_limit_are_not_parsed(site, monkeypatch):
    parsed = []
    real_check = assess.check_table
    monkeypatch.setattr(assess, "check_table", lambda *a: parsed.append(1) or real_check(*a))
    for _ in range(12):
        write_raw(site, "lan", csv_bytes(perfect(site)))
    score(site)
    scored = [e for e in recorded(site).values() if e.status is EntryStatus.SCORED]
    assert len(scored) == site.contest.per_day
    assert len(parsed) <= site.contest.per_day + SPARE  # the rest are refused unread
    over = [e for e in recorded(site).values() if e.status is EntryStatus.OVER_LIMIT]
    assert len(over) == 12 - site.contest.per_day


def test_a_flood_of_invalid_entries_is_refused_unread_past_the_daily_cap(site, monkeypatch):
    parsed = []
    real_read = assess.read_table
    monkeypatch.setattr(assess, "read_table", lambda *a: parsed.append(1) or real_read(*a))
    for _ in range(MAX_INVALID_PER_DAY + 15):
        write_raw(site, "lan", b"ma,nhom\nkhong-co,cao\n")
    good = write_raw(site, "lan", csv_bytes(perfect(site)))
    score(site)
    entries = recorded(site)
    assert len(parsed) <= MAX_INVALID_PER_DAY + SPARE
    assert all(e.status is EntryStatus.INVALID for n, e in entries.items() if n != good)
    assert "không hợp lệ trong ngày" in entries[good].message  # a day's cap applies to every later entry


def test_a_marks_file_cannot_choose_another_trainees_entry(site):
    minh = write_raw(site, "minh", csv_bytes(perfect(site)))
    marks = write_raw(site, "lan", json.dumps([minh]).encode(), EntryKind.MARKS)
    own = write_raw(site, "lan", json.dumps([entry_name("lan", EntryKind.TABLE)] * 3).encode(), EntryKind.MARKS)
    score(site)
    entries = recorded(site)
    assert entries[marks].status is EntryStatus.INVALID and entries[marks].marked == ()
    assert entries[own].status is EntryStatus.INVALID  # more than two


# -- (c) other trainees' entries, results and standing ---------------------------------------------------
def test_receipts_and_entries_are_unreadable_by_other_users(site, tmp_path, monkeypatch):
    as_trainee(monkeypatch, site, tmp_path / "home-lan", "lan")
    name = contest.submit(perfect(site), contest=site.contest.id)
    receipts = receipts_file(trainee_exchange(site.contest.id))
    assert name in json.loads(receipts.read_text("utf-8"))
    assert stat.S_IMODE(receipts.stat().st_mode) == 0o600 and stat.S_IMODE(receipts.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(site.exchange.inbound.stat().st_mode) & 0o004 == 0  # no one lists the inbox
    assert stat.S_IMODE(site.exchange.results.stat().st_mode) & 0o004 == 0  # nor the results
    score(site)
    assert site.exchange.result_of(name).exists() and name not in os.listdir(site.exchange.results)


def test_a_later_copy_of_an_old_entry_does_not_flag_its_author(site):
    constant = perfect(site).assign(nhom="cao")
    write_raw(site, "lan", csv_bytes(constant))  # the victim's first, throw-away guess
    write_raw(site, "lan", csv_bytes(perfect(site)))  # then the victim's own work
    score(site)
    write_raw(site, "minh", csv_bytes(constant))  # the attacker re-sends the throw-away guess later
    score(site)
    rows = {row.trainee: row for row in board(site, {}).rows}
    assert rows["lan"].public_rank == 1
    assert not rows["lan"].flagged


@needs_root
def test_setup_refuses_an_exchange_folder_owned_by_a_trainee(tmp_path):
    squatted = tmp_path / "exchange" / "khoa-hoc"
    squatted.mkdir(parents=True)
    os.chown(squatted, OTHER_UID, OTHER_UID)
    squatted.chmod(0o777)
    with pytest.raises(OrganiserError):
        make_site(tmp_path)


# -- (d) crashing, stalling or starving the scorer --------------------------------------------------------
def _vm_size() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))


@contextlib.contextmanager
def address_space_cap(extra: int):
    """At most ``extra`` more bytes of address space while inside: a memory bomb fails fast instead of
    taking the machine down."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _vm_size() + extra
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _directory(site) -> str:
    name = entry_name("minh", EntryKind.TABLE)
    os.mkdir(site.exchange.inbound / name)
    return name


def _deep_marks(site) -> str:
    return write_raw(site, "minh", b"[" * 100_000, EntryKind.MARKS)


def _wide_cell(site) -> str:  # 210 kB whose check allocates 20 001 cells x 131 000 characters (~10 GB)
    return write_raw(site, "minh", b"ma,nhom\n" + b"Z" * 131_000 + b",cao\n" + b"a,b\n" * 20_000)


POISON = [
    pytest.param(_directory, id="directory"),
    pytest.param(_deep_marks, id="deep-marks"),
    pytest.param(_wide_cell, id="wide-cell"),
]


@pytest.mark.parametrize("plant", POISON)
def test_a_poisoned_file_does_not_stop_the_scoring_of_others(site, plant):
    good = write_raw(site, "lan", csv_bytes(perfect(site)))
    poison = plant(site)
    with address_space_cap(1536 * 2**20):
        score(site)
    entries = recorded(site)
    assert entries[good].status is EntryStatus.SCORED and entries[poison].status is EntryStatus.INVALID


def test_special_files_and_links_are_refused_without_blocking(site, tmp_path):
    inbound = site.exchange.inbound
    fifo, sock, link = (entry_name("minh", EntryKind.TABLE) for _ in range(3))
    os.mkfifo(inbound / fifo)  # opening it for reading would block forever without O_NONBLOCK
    os.symlink(site.store.truth, inbound / link)
    here = os.getcwd()
    server = socket.socket(socket.AF_UNIX)
    try:
        os.chdir(inbound)  # a socket's path must be short
        server.bind(sock)
    finally:
        os.chdir(here)
    good = write_raw(site, "lan", csv_bytes(perfect(site)))
    score(site)
    server.close()
    entries = recorded(site)
    assert [entries[n].status for n in (fifo, sock, link)] == [EntryStatus.INVALID] * 3
    assert entries[good].status is EntryStatus.SCORED


def test_a_file_swapped_for_a_link_to_the_truth_after_listing_is_not_read(site, monkeypatch):
    from aijourney.contest import scorer

    name = write_raw(site, "minh", b"ma,nhom\n")
    listed = scorer.waiting_in_order

    def swap_then_list(exchange, names):
        order = listed(exchange, names)
        (exchange.inbound / name).unlink()
        os.symlink(site.store.truth, exchange.inbound / name)
        return order

    monkeypatch.setattr(scorer, "waiting_in_order", swap_then_list)
    score(site)
    assert recorded(site)[name].status is EntryStatus.INVALID and result(site, name)["public_score"] is None


LEASE_HOLDER = """
import fcntl, os, signal, sys, time
signal.signal(signal.SIGIO, signal.SIG_IGN)  # ignore the kernel's request to give the lease back
fd = os.open(sys.argv[1], os.O_WRONLY)
fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_WRLCK)
print("held", flush=True)
time.sleep(60)
"""


def test_a_write_lease_on_an_entry_does_not_stall_the_scorer(site):
    name = write_raw(site, "minh", csv_bytes(perfect(site)))
    holder = subprocess.Popen([sys.executable, "-c", LEASE_HOLDER, str(site.exchange.inbound / name)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if holder.stdout.readline().strip() != "held":
            pytest.skip("this file system gives no leases")
        good = write_raw(site, "lan", csv_bytes(perfect(site)))
        score(site)  # without O_NONBLOCK, open() would wait for the lease holder (45 s per file)
        entries = recorded(site)
        assert entries[name].status is EntryStatus.INVALID and entries[good].status is EntryStatus.SCORED
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("spoil", [
    pytest.param(lambda text: ",".join(f"cot{i}" for i in range(20_000)) + "\n", id="many-columns"),
    pytest.param(lambda text: text + "".join("X" * 50_000 + f"{i},cao\n" for i in range(3)), id="long-extra-ids"),
    pytest.param(lambda text: text.replace(",cao\n", "," + "Y" * 50_000 + "\n", 3), id="long-labels"),
])
def test_a_message_stays_short_whatever_the_file(site, spoil):
    name = write_raw(site, "minh", spoil(perfect(site).to_csv(index=False)).encode())
    score(site)
    entry = recorded(site)[name]
    assert entry.status is EntryStatus.INVALID
    assert len(entry.message) < 2000


def test_odd_but_valid_encodings_score_like_the_clean_file_and_are_still_flagged(site):
    clean = perfect(site)
    text = clean.to_csv(index=False)
    odd = ("\ufeff" + text.replace("\n", "\r\n").replace("M0001,", "  M0001 ,")).encode("utf-8")
    first, second = write_raw(site, "lan", csv_bytes(clean)), write_raw(site, "minh", odd)
    score(site)
    entries = recorded(site)
    assert entries[second].status is EntryStatus.SCORED and entries[second].public_score == 1.0
    assert entries[first].prediction_digest == entries[second].prediction_digest  # reformatting evades no flag
    assert {row.trainee for row in board(site, {}).rows if row.flagged} == {"minh"}  # the later sender


MALFORMED = {
    "quote-spanning-the-file": lambda text: ('ma,nhom\n"' + "x" * 200_000 + text).encode(),
    "duplicated-header": lambda text: text.replace("ma,nhom", "ma,ma", 1).encode(),
    "extra-index-column": lambda text: "".join(f"{i},{line}\n" for i, line in enumerate(text.split())).encode(),
    "look-alike-id": lambda text: text.replace("M0001", "\u041c0001").encode(),  # a Cyrillic М
    "utf-16": lambda text: text.encode("utf-16"),
    "nul-bytes": lambda text: text.replace(",", "\x00").encode(),
    "empty": lambda text: b"",
}


def test_malformed_tables_are_invalid_and_scoring_goes_on(site):
    text = perfect(site).to_csv(index=False)
    names = {case: write_raw(site, "minh", spoil(text)) for case, spoil in MALFORMED.items()}
    good = write_raw(site, "lan", text.encode())
    score(site)
    entries = recorded(site)
    assert {case: entries[n].status for case, n in names.items()} == {case: EntryStatus.INVALID for case in MALFORMED}
    assert all(entries[n].public_score is None for n in names.values())
    assert entries[good].status is EntryStatus.SCORED


def test_non_finite_spellings_are_refused_in_a_numeric_contest(tmp_path):
    site = make_site(tmp_path, "gia", metric="rmse", classes=None, target_column="gia",
                     limits={"per_day": 20, "total": 40})
    good = truth_of(site)
    spellings = ["nan", "NaN", "-nan", " NAN ", "inf", "-Infinity", "1e309", "-1e400", "0x10", "1,5"]
    names = {s: write_raw(site, "minh", csv_bytes(good.assign(gia=good["gia"].where(good.index != 3, s))))
             for s in spellings}
    score(site)
    entries = recorded(site)
    assert {s: entries[n].status for s, n in names.items()} == {s: EntryStatus.INVALID for s in spellings}


# -- (e) markup in the pages -------------------------------------------------------------------------------
def test_roster_names_and_sites_cannot_inject_markup_or_escape_the_folder(site, tmp_path):
    write_raw(site, "lan", csv_bytes(perfect(site)))
    score(site)
    people = {"lan": Person("<script>alert('ten')</script>", site='"><img src=x onerror=alert(1)>/../../../thoat')}
    out = tmp_path / "bang" / "trang"
    publish(site, people, out)
    pages = {p.name for p in out.iterdir()}
    assert len(pages) == 2 and "index.html" in pages  # the site's page and the index, both inside ``out``
    assert {p.parent for p in tmp_path.rglob("*.html")} == {out}
    for page in out.iterdir():
        html = page.read_text("utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html


# -- (f) winning ties --------------------------------------------------------------------------------------
def test_an_old_name_and_an_old_file_time_do_not_win_a_tie(site):
    write_raw(site, "minh", csv_bytes(perfect(site)))  # the honest trainee, first
    time.sleep(0.05)  # the kernel's file clock is coarse: make the second write visibly later
    name = "an+20000101T000000+" + "0" * 32 + ".csv"  # the attacker's login sorts first, the name says year 2000
    path = site.exchange.inbound / name
    path.write_bytes(csv_bytes(perfect(site)))
    os.utime(path, (0, 0))  # mtime set to 1970; the change time cannot be set back
    score(site)
    rows = board(site, {}).rows
    assert [(row.trainee, row.public_score) for row in rows] == [("minh", 1.0), ("an", 1.0)]
    assert recorded(site)[name].submitted_at.year > 2000
