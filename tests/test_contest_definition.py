"""contests/<id>/contest.yaml: a good file loads; each bad field gets a message that names it."""

import datetime as dt

import pytest
import yaml

from aijourney.contest.definition import TIME_ZONE, ContestError, Metric, load_contest, parse_contest

GOOD = {
    "title": "Đoán cảm xúc đánh giá sản phẩm", "rules": "Mỗi ngày nộp tối đa 5 lần.",
    "metric": "macro_f1", "classes": ["tich_cuc", "tieu_cuc", "trung_tinh"], "id_column": "ma",
    "target_column": "cam_xuc", "public_share": 0.3,
    "limits": {"per_day": 5, "total": 40}, "start": "2026-12-01 08:00", "deadline": "2026-12-20T17:00:00+00:00",
}


def test_a_good_file_loads_with_vietnam_time(tmp_path):
    folder = tmp_path / "cam-xuc"
    folder.mkdir()
    (folder / "contest.yaml").write_text(yaml.safe_dump(GOOD, allow_unicode=True), "utf-8")
    contest = load_contest(folder)
    assert contest.id == "cam-xuc" and contest.metric is Metric.MACRO_F1 and contest.k is None
    assert contest.start == dt.datetime(2026, 12, 1, 8, 0, tzinfo=TIME_ZONE)
    assert contest.deadline.utcoffset() == dt.timedelta(hours=7) and contest.deadline.hour == 0  # 17:00 UTC
    assert (contest.per_day, contest.total) == (5, 40)
    assert contest.is_open(dt.datetime(2026, 12, 10, tzinfo=TIME_ZONE))
    assert not contest.is_open(dt.datetime(2026, 12, 1, 7, 59, tzinfo=TIME_ZONE))


def test_the_public_part_is_a_fixed_seeded_share():
    contest = parse_contest("c", GOOD)
    ids = [f"DG{i:04d}" for i in range(100)]
    public = contest.public_ids(ids, secret=12345)
    assert len(public) == 30 and public <= set(ids)
    assert public == contest.public_ids(reversed(ids), secret=12345)  # the order ids come in does not matter
    assert public != contest.public_ids(ids, secret=54321)  # another organiser secret, another split


@pytest.mark.parametrize("change, field, words", [
    ({"metric": "f1"}, "metric", "macro_f1"),
    ({"metric": "hit_rate_at_k"}, "k", "số nguyên"),
    ({"metric": "hit_rate_at_k", "k": 3}, "kind", "hit_rate_at_k"),
    ({"kind": "assistant"}, "kind", "hit_rate_at_k"),
    ({"kind": "bang"}, "kind", "table, assistant"),
    ({"classes": ["tich_cuc"]}, "classes", "ít nhất hai nhãn"),
    ({"classes": ["a", "a"]}, "classes", "ít nhất hai nhãn"),
    ({"title": "  "}, "title", "không được để trống"),
    ({"limits": {"per_day": 0, "total": 3}}, "limits.per_day", "từ 1"),
    ({"limits": {"per_day": 5, "total": 2}}, "limits.total", "không được nhỏ hơn"),
    ({"limits": {"per_day": True, "total": 2}}, "limits.per_day", "số nguyên"),
    ({"start": "ngày mai"}, "start", "2026-12-01 08:00"),
    ({"deadline": "2026-11-01 08:00"}, "deadline", "sau thời điểm bắt đầu"),
    ({"public_share": 1}, "public_share", "nhỏ hơn 1"),
    ({"target_column": "ma"}, "target_column", "khác cột mã"),
    ({"truth": "answers.csv"}, "truth", "không được nằm trong tệp cuộc thi"),
    ({"split_seed": 7}, "split_seed", "khoá bí mật của ban tổ chức"),
])
def test_a_bad_field_is_named_in_vietnamese(change, field, words):
    with pytest.raises(ContestError) as caught:
        parse_contest("c", dict(GOOD, **change))
    assert caught.value.field == field and f"«{field}»" in str(caught.value) and words in str(caught.value)


def test_a_missing_or_broken_file_is_named(tmp_path):
    with pytest.raises(ContestError, match="không tìm thấy"):
        load_contest(tmp_path)
    (tmp_path / "contest.yaml").write_text("title: [chưa đóng", "utf-8")
    with pytest.raises(ContestError, match="YAML"):
        load_contest(tmp_path)
    (tmp_path / "contest.yaml").write_text("- một\n- hai\n", "utf-8")
    with pytest.raises(ContestError, match="tên: giá trị"):
        load_contest(tmp_path)


def test_only_the_error_metrics_are_lower_is_better():
    assert [m.value for m in Metric if not m.higher_is_better] == ["rmse", "mae"]
