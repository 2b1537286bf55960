"""The cluster's accounts and commands (``aijourney.hub.cluster``): the table of Unix ids keeps every id forever and
refuses what could forge a passwd line or the grader's account; the course service claims the exchange's course
folder before any trainee can; ``cluster cli`` gives the course its PostgreSQL gradebook and puts the CLI back."""

from __future__ import annotations

import pytest

from aijourney import cli
from aijourney.course import DEFAULT_COURSE_ID
from aijourney.hub import cluster
from aijourney.hub.policy import HubPolicy, grader_account
from aijourney.hub.roster import RosterError

ROSTER = ("username,full_name,site,area,role\n"
          "lan01,Nguyễn Thị Lan,Xã Tân Phú,Đồng Phú,trainee\n"
          "minh02,Trần Văn Minh,Phường Bình Phước,,trainee\n"
          "thaygiao,Lê Văn Giáo,,,instructor\n")


def test_the_table_of_ids_keeps_every_id_and_never_reuses_one(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER, "utf-8")
    first = cluster.import_roster(tmp_path / "roster.csv", tmp_path, DEFAULT_COURSE_ID)
    assert first[grader_account(DEFAULT_COURSE_ID)] == cluster.GRADER_UID
    assert sorted(uid for name, uid in first.items() if name != "grader-aijourney") == [
        cluster.FIRST_UID, cluster.FIRST_UID + 1, cluster.FIRST_UID + 2]
    # lan01 leaves, an earlier name sorts first among the newcomers: ids already given never move
    (tmp_path / "roster.csv").write_text(ROSTER.replace("lan01,Nguyễn Thị Lan", "an03,Phạm Thị An"), "utf-8")
    second = cluster.import_roster(tmp_path / "roster.csv", tmp_path, DEFAULT_COURSE_ID)
    assert {name: second[name] for name in first} == first
    assert second["an03"] == max(first.values()) + 1
    assert HubPolicy.load(tmp_path).allowed_users == {"an03", "minh02", "thaygiao"}
    assert cluster.read_uids((tmp_path / "passwd").read_text("utf-8")) == second


def test_a_name_or_table_that_could_forge_an_account_is_refused(tmp_path):
    with pytest.raises(cluster.AccountsError):
        cluster.assign_uids({}, ["lan01:x:0:0::/root:/bin/bash"], "grader-aijourney")
    with pytest.raises(cluster.AccountsError):
        cluster.assign_uids({}, ["lan01\nroot"], "grader-aijourney")
    with pytest.raises(cluster.AccountsError):
        cluster.assign_uids({"lan01": cluster.GRADER_UID}, [], "grader-aijourney")
    for damaged in ("lan01:x:20000:20000::/home/jovyan:/bin/bash\nminh02:x:20000:20000::/home/jovyan:/bin/bash\n",
                    "lan01:x:20000:0::/home/jovyan:/bin/bash\n", "lan01:x:20000\n"):
        with pytest.raises(cluster.AccountsError):
            cluster.read_uids(damaged)
    (tmp_path / "roster.csv").write_text(ROSTER + "grader-aijourney,Giả Danh,Xã Tân Phú,,trainee\n", "utf-8")
    with pytest.raises((cluster.AccountsError, RosterError)):  # the roster itself refuses grader-… names
        cluster.import_roster(tmp_path / "roster.csv", tmp_path, DEFAULT_COURSE_ID)
    assert not (tmp_path / "passwd").exists()


def test_the_course_service_claims_the_exchange_folder_before_any_trainee(tmp_path):
    settings = cluster.ClusterSettings(tmp_path / "course", tmp_path / "exchange", "aijourney", "sqlite://", tmp_path)
    assert cluster.claim_exchange(settings) == tmp_path / "exchange" / "aijourney"
    (tmp_path / "exchange" / "aijourney").chmod(0o777)  # a folder others may write in is not the grader's
    with pytest.raises(cluster.AccountsError):
        cluster.claim_exchange(settings)
    (tmp_path / "exchange" / "aijourney").rmdir()
    (tmp_path / "exchange" / "aijourney").symlink_to(tmp_path)  # nor a link a trainee left in its place
    with pytest.raises(cluster.AccountsError):
        cluster.claim_exchange(settings)


def test_the_cli_wrapper_gives_the_course_its_postgresql_gradebook(monkeypatch, tmp_path):
    settings = cluster.ClusterSettings(tmp_path / "course", tmp_path / "exchange", "aijourney",
                                       "postgresql+psycopg2://aijourney@gradebook:5432/aijourney", tmp_path / "hub")
    made = []
    monkeypatch.setattr(cli, "main", lambda argv: made.append(cli._course(cli.build_parser().parse_args(argv))) or 0)
    assert cluster.run_cli(settings, ["export"]) == 0
    assert made[0].db_url == settings.db_url and made[0].root == settings.course_dir.resolve()
    assert cli._course(cli.build_parser().parse_args(["export"])).db_url is None  # put back afterwards
