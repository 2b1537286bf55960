"""Every exercise of lesson A6: a right answer passes, typical mistakes get their own Vietnamese
message, an untouched placeholder is "chưa làm"; the lesson's story stays true of the models."""

import numpy as np

from aijourney.datasets.vi_text import validation_split, vi_feedback_split
from aijourney.exercises import a6
from aijourney.exercises.a6 import (CAU_A, CAU_B, CAU_CHU_Y, CAU_TOKEN, DAU_CHU_Y, LOP_CHU_Y, TOKEN_HOI,
                                    TU_THANH_DIEU, q1, q2, q3, q4, q5, q6)
from aijourney.feedback import ____
from aijourney.i18n import t
from aijourney.toolkit import transformer_inside as ti


def message(problem, value):
    result = problem.evaluate_value(value)
    assert result.status == "incorrect", (value, result)
    return result.message


def test_the_story_holds():
    """What the prose says: MiniLM cuts Vietnamese into more pieces, strips tones, and its
    similarities are flat in Vietnamese while English pairs separate."""
    assert ti.tokens_per_word("MiniLM", CAU_TOKEN) > ti.tokens_per_word("Gemma", CAU_TOKEN)
    assert ti.minilm_tokenizer().tokenize("Tôi bán bàn cho bạn") == ["to", "##i", "ban", "ban", "cho", "ban"]
    assert ti.distinct_forms("Gemma", TU_THANH_DIEU) == len(TU_THANH_DIEU)
    means = ti.similarity_table().groupby(["ngon_ngu", "cap"])["cosine"].mean()
    gap_en = means["tiếng Anh", "liên quan"] - means["tiếng Anh", "không liên quan"]
    gap_vi = means["tiếng Việt", "liên quan"] - means["tiếng Việt", "không liên quan"]
    assert means["tiếng Anh", "không liên quan"] < 0.1 < 0.4 < means["tiếng Việt", "không liên quan"]
    assert gap_en > 2 * gap_vi
    # section 3: layer 0, head 2 looks at the previous token
    table = ti.attention_table(CAU_CHU_Y, 0, 2)
    assert table.loc["market"].idxmax() == "the#2"
    assert np.allclose(table.sum(axis=1), 1, atol=1e-5)


def test_the_tiny_transformer_does_not_beat_the_bag_of_words():
    """Section 6: the honest comparison on the same test rows, epochs chosen on validation data."""
    from aijourney.toolkit.vntext import make_classifier

    train, test = vi_feedback_split()
    learn, validation = validation_split(train)
    grid = ti.epoch_grid(learn, validation, a6.SO_VONG)
    assert (grid["huan_luyen"] > grid["kiem_dinh"]).all()  # it overfits
    chosen = int(grid.loc[grid["kiem_dinh"].idxmax(), "so_vong"])
    tiny = ti.train_tiny(train["van_ban"], train["cam_xuc"], epochs=chosen)
    b7 = make_classifier("underthesea").fit(train["van_ban"], train["cam_xuc"])
    assert tiny.score(test["van_ban"], test["cam_xuc"]) <= b7.score(test["van_ban"], test["cam_xuc"])  # "không hơn"
    again = ti.train_tiny(train["van_ban"], train["cam_xuc"], epochs=chosen)  # same seed, same model
    assert (again.predict(test["van_ban"]) == tiny.predict(test["van_ban"])).all()
    config = ti.tiny_config(len(tiny.vocabulary))
    assert config.hidden_size <= 64 and config.num_hidden_layers == 2 and config.num_attention_heads == 2


def test_q1_tokens_per_word():
    minilm, gemma = ti.minilm_tokenizer(), ti.gemma_tokenizer()
    words = len(CAU_TOKEN.split())
    right = len(minilm.tokenize(CAU_TOKEN)) / words
    assert q1.evaluate({"token_moi_tu": right}).correct
    assert q1.evaluate({"token_moi_tu": round(right, 3)}).correct
    assert q1.evaluate({"token_moi_tu": ____}).status == "not_attempted"
    assert "**Gemma**" in message(q1, len(gemma.tokenize(CAU_TOKEN)) / words)
    assert "chia **ngược**" in message(q1, 1 / right)
    assert "**tổng** số token" in message(q1, len(minilm.tokenize(CAU_TOKEN)))
    assert "`[CLS]` và `[SEP]`" in message(q1, len(minilm(CAU_TOKEN)["input_ids"]) / words)
    assert "chưa đúng" in message(q1, 3.0)


def test_q2_words_that_collide():
    minilm = ti.minilm_tokenizer()
    right = len({tuple(minilm.tokenize(w)) for w in TU_THANH_DIEU})
    assert right == 2
    assert q2.evaluate({"so_dang_khac_nhau": right}).correct
    assert q2.evaluate({"so_dang_khac_nhau": ____}).status == "not_attempted"
    assert "số **từ**" in message(q2, len(TU_THANH_DIEU))
    assert "không phải mọi từ đều thành một" in message(q2, 1)
    assert "chưa đúng" in message(q2, 4)
    assert "chữ" in message(q2, "hai")  # a text is explained by the core


def test_q3_read_an_attention_row():
    table = ti.attention_table(CAU_CHU_Y, LOP_CHU_Y, DAU_CHU_Y)
    right = table.loc[TOKEN_HOI].idxmax()
    assert right == "farmer"
    assert q3.evaluate({"token_duoc_chu_y": right}).correct
    assert q3.evaluate({"token_duoc_chu_y": " farmer "}).correct
    assert q3.evaluate({"token_duoc_chu_y": ____}).status == "not_attempted"
    assert "chưa phải một token" in message(q3, 2)
    assert "không có token nào" in message(q3, "cashew")
    assert "chính token `nuts`" in message(q3, "nuts")
    assert "token đứng ngay trước" in message(q3, "##ew")
    wrong = message(q3, "[CLS]")
    assert "chưa phải ô lớn nhất" in wrong and f"{table.loc[TOKEN_HOI, '[CLS]']:.2f}".replace(".", ",") in wrong


def test_q4_cosine_by_hand():
    a, b = ti.embed(CAU_A), ti.embed(CAU_B)
    right = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))
    assert abs(right - ti.cosine(a, b)) < 1e-9
    assert q4.evaluate({"do_tuong_dong": right}).correct
    assert q4.evaluate({"do_tuong_dong": ____}).status == "not_attempted"
    assert "**tích vô hướng**" in message(q4, np.dot(a, b))
    assert "**khoảng cách Euclid**" in message(q4, np.linalg.norm(a - b))
    assert "**1 − cosine**" in message(q4, 1 - right)
    assert "**tích** của **cả hai** độ dài" in message(q4, np.dot(a, b) / np.linalg.norm(a) * np.linalg.norm(b))
    assert "**tích** của **cả hai** độ dài" in message(q4, np.dot(a, b) / np.linalg.norm(a))
    assert "nhân với 100" in message(q4, 100 * right)
    assert "chưa đúng" in message(q4, 0.1)


def test_q5_count_the_parameters():
    train, _ = vi_feedback_split()
    learn, _ = validation_split(train)
    model = ti.train_tiny(learn["van_ban"], learn["cam_xuc"], epochs=2).model
    named = dict(model.named_parameters())
    right = sum(p.numel() for p in model.parameters())
    assert q5.evaluate({"so_tham_so": right}).correct
    assert q5.evaluate({"so_tham_so": ____}).status == "not_attempted"
    assert "số **bảng**" in message(q5, len(named))
    assert "**hệ số chặn**" in message(q5, sum(p.numel() for k, p in named.items() if k.endswith("weight")))
    assert "lớp **nhúng**" in message(q5, sum(p.numel() for k, p in named.items() if ".embeddings." in k))
    assert "**MiniLM**" in message(q5, sum(p.numel() for p in ti.minilm_model().parameters()))
    assert "chưa đúng" in message(q5, right + 100)


def test_q6_model_language_fit():
    assert q6.evaluate({"cau_tra_loi": "C"}).correct
    assert q6.evaluate({"cau_tra_loi": "c."}).correct
    assert q6.evaluate({"cau_tra_loi": "____"}).status == "not_attempted"
    for letter in "ABD":
        assert message(q6, letter).startswith(t(f"a6.q6.choice_{letter}")[:40])
    assert "không tách được" in q6.solution_text()
