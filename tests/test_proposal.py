"""The project proposal of lesson A8: feedback in Vietnamese for each typical weakness, and a JSON
file with a schema version that ``load`` validates with a clear error."""

import json
from dataclasses import replace

import pytest

from aijourney.toolkit.proposal import (DEFAULT_FILE, KIND, OPTIONAL, REQUIRED, SCHEMA, ProjectProposal, ProposalError,
                                        blocking_problems, label, load, problems, save, to_markdown)

GOOD = ProjectProposal(
    ten_du_an="Dự báo giá hạt điều tuần tới",
    van_de="Nhà vườn bán hạt điều theo giá thương lái báo, không biết tuần sau giá lên hay xuống.",
    nguoi_huong_loi="Khoảng 40 hộ trồng điều của tổ hợp tác, nhất là các hộ nhỏ.",
    du_lieu="Giá thu mua hằng tuần 2021–2025 do tổ hợp tác ghi chép, thêm bản tin giá công khai của tỉnh.",
    mo_hinh="Hồi quy tuyến tính với đặc trưng trễ, so với một cây quyết định nhỏ.",
    cach_danh_gia="Sai số tuyệt đối trung bình trên 12 tuần cuối giữ làm dữ liệu kiểm tra, so với mô hình cơ sở "
                  "'giá tuần sau bằng giá tuần này'.",
    rui_ro="Dự báo sai làm nhà vườn bán lúc giá thấp; thương lái lợi dụng dự báo để ép giá.",
    cach_giam_rui_ro="Luôn cho xem khoảng sai số, ghi rõ chỉ để tham khảo, rà lại mỗi tháng.",
    nguoi_chiu_trach_nhiem="Ban chủ nhiệm tổ hợp tác và chi đoàn xã",
    dia_ban="Đồng Nai",
)


def test_a_complete_proposal_has_no_problem():
    assert problems(GOOD) == [] and blocking_problems(GOOD) == []
    assert len(REQUIRED) == 9 and OPTIONAL == ["don_vi", "dia_ban"]
    assert label("van_de") == "Vấn đề cần giải quyết"


def test_the_empty_template_lists_every_field():
    found = problems(ProjectProposal())
    assert len(found) == 9 and all("còn trống" in p for p in found)
    assert "**Tên dự án**" in found[0]


@pytest.mark.parametrize("change, words", [
    ({"van_de": "Khó."}, "quá ngắn"),
    ({"van_de": ""}, "còn trống"),
    ({"rui_ro": "Có thể sai, ____"}, "còn trống"),
    ({"nguoi_chiu_trach_nhiem": "Chi đoàn, gọi 0912 345 678"}, "số điện thoại"),
    ({"du_lieu": "Danh sách đoàn viên kèm số căn cước 074203001234 và tình trạng sức khoẻ, do chi đoàn thu thập."},
     "số căn cước"),
    ({"du_lieu": "Giá hạt điều hằng tuần của các năm gần đây, càng nhiều tuần càng tốt cho mô hình."}, "lấy từ đâu"),
    ({"du_lieu": "Tình trạng sức khoẻ của đoàn viên trong xã, do chi đoàn thu thập qua phiếu hỏi."}, "**đồng ý**"),
    ({"cach_danh_gia": "So với mô hình cơ sở trên dữ liệu kiểm tra, xem mô hình có tốt hơn hay không."}, "thước đo"),
    ({"cach_danh_gia": "Đo sai số tuyệt đối trung bình trên dữ liệu kiểm tra mà mô hình chưa thấy."}, "**so với**"),
    ({"cach_danh_gia": "Đo sai số tuyệt đối trung bình, so với mô hình cơ sở 'giá tuần sau bằng giá tuần này'."},
     "chưa thấy"),
    ({"nguoi_chiu_trach_nhiem": "Mô hình AI của dự án"}, "không phải mô hình"),
    ({"mo_hinh": 42}, "đoạn chữ"),
])
def test_each_weakness_gets_its_message(change, words):
    found = problems(replace(GOOD, **change))
    assert len(found) == 1, found
    assert words in found[0]


def test_consent_may_be_stated_under_risk_mitigation():
    with_people = replace(GOOD, du_lieu="Tình trạng sức khoẻ của đoàn viên, do chi đoàn thu thập qua phiếu hỏi.")
    assert problems(with_people)
    assert problems(replace(with_people, cach_giam_rui_ro=GOOD.cach_giam_rui_ro + " Xin đồng ý của từng người.")) == []


def test_not_a_proposal():
    assert "ProjectProposal" in problems({"ten_du_an": "x"})[0]


def test_save_and_load_round_trip(tmp_path):
    path = save(GOOD, tmp_path / DEFAULT_FILE)
    data = json.loads(path.read_text("utf-8"))
    assert data["kind"] == KIND and data["schema"] == SCHEMA == 1
    assert set(data["proposal"]) == set(REQUIRED + OPTIONAL)
    assert load(path) == GOOD


def test_save_refuses_blanks_and_personal_data(tmp_path):
    with pytest.raises(ProposalError, match="còn trống"):
        save(ProjectProposal(), tmp_path / "a.json")
    with pytest.raises(ProposalError, match="e-mail"):
        save(replace(GOOD, don_vi="Liên hệ ban@example.com"), tmp_path / "b.json")
    assert not list(tmp_path.iterdir())
    # advice (here: no baseline) does not stop saving
    save(replace(GOOD, cach_danh_gia="Sai số tuyệt đối trung bình trên dữ liệu kiểm tra chưa thấy."), tmp_path / "c.json")


@pytest.mark.parametrize("content, words", [
    (None, "Không tìm thấy"),
    ("{not json", "không phải JSON"),
    (json.dumps({"kind": "other", "schema": 1, "proposal": {}}), "không phải một đề xuất"),
    (json.dumps({"kind": KIND, "schema": 2, "proposal": {}}), "phiên bản mẫu 2"),
    (json.dumps({"kind": KIND, "schema": 1}), "không có phần `proposal`"),
    (json.dumps({"kind": KIND, "schema": 1, "proposal": {"ten_du_an": "x", "la": "y"}}), "Lạ: la"),
])
def test_load_explains_a_bad_file(tmp_path, content, words):
    path = tmp_path / DEFAULT_FILE
    if content is not None:
        path.write_text(content, "utf-8")
    with pytest.raises(ProposalError, match=words):
        load(path)


def test_load_refuses_a_file_with_blank_fields(tmp_path):
    path = save(GOOD, tmp_path / DEFAULT_FILE)
    data = json.loads(path.read_text("utf-8"))
    data["proposal"]["rui_ro"] = ""
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ProposalError, match="chưa dùng được"):
        load(path)


def test_markdown_shows_labels_and_texts():
    text = to_markdown(GOOD)
    assert text.startswith("## Đề xuất dự án: Dự báo giá hạt điều") and "**Ai được lợi.**" in text
    assert "**Địa bàn.** Đồng Nai" in text and "Đơn vị đề xuất" not in text
