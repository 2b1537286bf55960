"""The minigame "Mỗi đoàn viên – một trợ lý ảo": entries, hidden questions and scoring."""

import json

import numpy as np
import pandas as pd
import pytest

from aijourney.contest.minigame import (
    MAX_ENTRY_SIZE,
    MAX_TEMPLATE_LENGTH,
    AssistantSettings,
    SettingsError,
    Special,
    make_hidden_questions,
    outcomes,
    parse_settings,
    question_bank,
    random_settings,
    settings_of,
    to_json,
)
from aijourney.datasets.faq import load_faq, load_out_of_scope
from aijourney.llm.rag import DEFAULT_TEMPLATE, GroundedAssistant
from aijourney.toolkit.assistant import ANSWER, PRIVACY, build_assistant, find_personal_data, prepare

SEED = 20261201
REFUSE, HAND_OVER = Special.REFUSE.value, Special.HAND_OVER.value


@pytest.fixture(autouse=True)
def vietnamese(monkeypatch):
    monkeypatch.delenv("AIJOURNEY_LANG", raising=False)


@pytest.fixture(scope="module")
def hidden():
    return make_hidden_questions(SEED)


# -- entries ------------------------------------------------------------------------------------
@pytest.mark.parametrize("settings", [
    AssistantSettings(),
    AssistantSettings(0.0, "char", (1, 6), False),
    AssistantSettings(1, "word", (1, 3), True),
    AssistantSettings(0.123456789, "char_wb", (3, 3), False),
])
def test_settings_round_trip(settings):
    text = to_json(settings)
    assert json.loads(text)["kind"] == "aijourney.assistant-settings"
    assert parse_settings(text) == settings
    assert parse_settings(text.encode("utf-8")) == settings
    assert settings_of(settings.assistant()) == settings


def test_settings_of_the_course_assistant_are_the_defaults():
    assert settings_of(build_assistant()) == AssistantSettings()
    assert settings_of(build_assistant(0.4, ngram_range=(1, 3))) == AssistantSettings(0.4, "char_wb", (1, 3), True)
    with pytest.raises(SettingsError) as caught:
        settings_of(build_assistant(analyzer="word", ngram_range=(1, 5)))
    assert caught.value.setting == "ngram_range"


def entry(**settings):
    body = {"threshold": 0.55, "analyzer": "char_wb", "ngram_range": [2, 4], "fold": True}
    body.update(settings)
    return json.dumps({"kind": "aijourney.assistant-settings", "schema": 1,
                       "settings": {k: v for k, v in body.items() if v is not DROP}})


DROP = object()
GOOD = entry()
WHOLE = "toàn bộ tệp"

HOSTILE = [
    ("x" * (MAX_ENTRY_SIZE + 1), WHOLE, f"tối đa {MAX_ENTRY_SIZE}"),
    (b"\xff\xfe{}", WHOLE, "UTF-8"),
    ("{threshold: 0.5}", WHOLE, "không đọc được JSON"),
    ("", WHOLE, "không đọc được JSON"),
    ("[" * 1500 + "]" * 1500, WHOLE, "lồng nhau"),
    ("[0.55, \"char_wb\"]", WHOLE, "đối tượng JSON"),
    (GOOD.replace("aijourney.assistant-settings", "aijourney.model"), "kind", "aijourney.assistant-settings"),
    (GOOD.replace('"schema": 1', '"schema": 2'), "schema", "số nguyên 1"),
    (GOOD.replace('"schema": 1', '"schema": true'), "schema", "số nguyên 1"),
    (GOOD.replace('"schema": 1', '"schema": "1"'), "schema", "số nguyên 1"),
    (GOOD.replace('"schema": 1,', '"schema": 1, "code": "import os",'), "code", "không có mục này"),
    ('{"kind": "aijourney.assistant-settings", "schema": 1}', "settings", "thiếu"),
    ('{"kind": "aijourney.assistant-settings", "schema": 1, "settings": [0.5]}', "settings", "đối tượng JSON"),
    (entry(model_path="/etc/passwd"), "model_path", "không có mục này"),
    (entry(threshold=DROP), "threshold", "thiếu"),
    (entry(fold=DROP), "fold", "thiếu"),
    (GOOD.replace('"threshold": 0.55', '"threshold": 0.55, "threshold": 0.9'), "threshold", "hai lần"),
    (entry(threshold="0.5"), "threshold", "từ 0 đến 1"),
    (entry(threshold=True), "threshold", "từ 0 đến 1"),
    (entry(threshold=None), "threshold", "từ 0 đến 1"),
    (entry(threshold=1.5), "threshold", "từ 0 đến 1"),
    (entry(threshold=-0.1), "threshold", "từ 0 đến 1"),
    (GOOD.replace("0.55", "NaN"), "threshold", "từ 0 đến 1"),
    (GOOD.replace("0.55", "Infinity"), "threshold", "từ 0 đến 1"),
    (GOOD.replace("0.55", "1e999"), "threshold", "từ 0 đến 1"),
    (GOOD.replace("0.55", "9" * 400), "threshold", "từ 0 đến 1"),
    (entry(analyzer="words"), "analyzer", "char_wb, char, word"),
    (entry(analyzer="__import__('os').system('ls')"), "analyzer", "char_wb, char, word"),
    (entry(analyzer=["char"]), "analyzer", "char_wb, char, word"),
    (entry(ngram_range=[2]), "ngram_range", "hai số nguyên"),
    (entry(ngram_range="2,4"), "ngram_range", "hai số nguyên"),
    (entry(ngram_range=[2, "4"]), "ngram_range", "hai số nguyên"),
    (entry(ngram_range=[2.0, 4]), "ngram_range", "hai số nguyên"),
    (entry(ngram_range=[True, 4]), "ngram_range", "hai số nguyên"),
    (entry(ngram_range=[4, 2]), "ngram_range", "không được lớn hơn"),
    (entry(ngram_range=[0, 3]), "ngram_range", "từ 1 đến 6"),
    (entry(ngram_range=[1, 7]), "ngram_range", "từ 1 đến 6"),
    (entry(analyzer="word", ngram_range=[1, 4]), "ngram_range", "từ 1 đến 3"),
    (entry(fold="yes"), "fold", "true"),
    (entry(fold=1), "fold", "true"),
    (entry(fold=None), "fold", "true"),
    (entry(templates="{context} {question}"), "templates", "không có mục này"),
    (entry(template=42), "template", "chuỗi văn bản"),
    (entry(template=True), "template", "chuỗi văn bản"),
    (entry(template=["{context}", "{question}"]), "template", "chuỗi văn bản"),
    (entry(template="x" * (MAX_TEMPLATE_LENGTH - 18) + "{context}{question}"), "template", "tối đa 1500 ký tự"),
    (entry(template="Câu hỏi: {question}\nTrả lời:"), "template", "{context} (đang có 0)"),
    (entry(template="{context} {question} {question}"), "template", "{question} (đang có 2)"),
    (entry(template="{ context } {question}"), "template", "{context} (đang có 0)"),
    (entry(template="{context} {question} {__class__}"), "template", "ngoặc nhọn"),
    (entry(template="{{context}} {question}"), "template", "ngoặc nhọn"),
    (entry(template="{context} {question} {0}"), "template", "ngoặc nhọn"),
    (entry(template="{context} {question} }"), "template", "ngoặc nhọn"),
    (entry(template="{context}\x1b[31m{question}"), "template", "U+001B"),
    (entry(template="{context}\x00{question}"), "template", "U+0000"),
    (entry(template="{context}\r\n{question}"), "template", "U+000D"),
    (entry(template="{context}\u202e{question}"), "template", "U+202E"),  # right-to-left override
    (entry(template="{context}\u200b{question}"), "template", "U+200B"),  # zero-width space
    (entry(template="{context}\ud800{question}"), "template", "U+D800"),  # a lone surrogate (not UTF-8)
]


@pytest.mark.parametrize("text, setting, words", HOSTILE, ids=[f"{i}-{case[1]}" for i, case in enumerate(HOSTILE)])
def test_a_hostile_entry_gets_a_vietnamese_message_naming_the_setting(text, setting, words):
    with pytest.raises(SettingsError) as caught:
        parse_settings(text)
    message = str(caught.value)
    assert caught.value.setting == setting
    assert message.startswith(f"Tệp cấu hình trợ lý có lỗi ở mục «{setting}»")
    assert words in message


def test_a_strange_key_is_shown_short_and_printable():
    with pytest.raises(SettingsError) as caught:
        parse_settings(entry(**{"a\x1b[31m" + "b" * 200: 1}))
    assert caught.value.setting == "a?[31m" + "b" * 24 + "…"
    assert "\x1b" not in str(caught.value) and len(str(caught.value)) < 300


def test_a_good_entry_with_a_bom_and_whole_number_threshold_is_read():
    assert parse_settings("\ufeff" + entry(threshold=1)) == AssistantSettings(1.0)
    assert parse_settings(entry(threshold=0)).threshold == 0.0


# -- the prompt template (lesson A9) ------------------------------------------------------------
COPY = "{context}\nCâu hỏi: {question}\nTrả lời:"


@pytest.mark.parametrize("template", [
    DEFAULT_TEMPLATE,
    "Nguồn:\t{context}\n\n«{question}» — trả lời: \"…\" \\ [A01]",
    "ệ" * (MAX_TEMPLATE_LENGTH - 19) + "{question}{context}",
    "😀" * (MAX_TEMPLATE_LENGTH - 19) + "{context}{question}",  # 4 bytes each: the longest entry file there is
])
def test_a_template_travels_with_the_settings(template):
    settings = AssistantSettings(0.4, "char", (1, 3), False, template)
    text = to_json(settings)
    assert json.loads(text)["settings"]["template"] == template
    assert len(text.encode("utf-8")) <= MAX_ENTRY_SIZE
    assert parse_settings(text) == settings and parse_settings(text.encode("utf-8")) == settings
    assert settings_of(GroundedAssistant(settings.assistant(), None, template)) == settings


def test_without_a_template_the_entry_is_what_it_was():
    text = to_json(AssistantSettings(0.4))
    assert "template" not in json.loads(text)["settings"]
    assert parse_settings(text).template is None and parse_settings(entry(template=None)).template is None
    assert settings_of(build_assistant()).template is None
    assert settings_of(GroundedAssistant(build_assistant(0.4), None, COPY)) == AssistantSettings(0.4, template=COPY)


def test_a_grounded_assistant_with_a_bad_template_is_refused_naming_it():
    with pytest.raises(SettingsError) as caught:
        settings_of(GroundedAssistant(build_assistant(), None, "{context} {question} {ten_ban}"))
    assert caught.value.setting == "template" and "ngoặc nhọn" in str(caught.value)
    with pytest.raises(SettingsError) as caught:
        AssistantSettings(template="{context}{question}" + "x" * MAX_TEMPLATE_LENGTH)
    assert caught.value.setting == "template"


def test_the_template_does_not_change_the_retrieval_score(hidden):
    plain, with_template = AssistantSettings(0.45), AssistantSettings(0.45, template=COPY)
    assert plain.retrieval_key == with_template.retrieval_key and plain != with_template
    rows = outcomes([plain, with_template, AssistantSettings(0.9, template=COPY)], hidden)
    assert (rows[0] == rows[1]).all() and not (rows[0] == rows[2]).all()


# -- hidden questions ---------------------------------------------------------------------------
def test_hidden_questions_are_fixed_by_the_seed(hidden):
    pd.testing.assert_frame_equal(make_hidden_questions(SEED), hidden)
    other = make_hidden_questions(SEED + 1)
    assert len(other) == len(hidden) == 320
    assert len(set(other["cau_hoi"]) & set(hidden["cau_hoi"])) < 0.2 * len(hidden)


def test_hidden_questions_are_none_of_the_public_ones(hidden):
    public = pd.concat([load_faq()["cau_hoi"], load_out_of_scope()["cau_hoi"]])
    assert not set(hidden["cau_hoi"]) & set(public)
    assert not {prepare(q) for q in hidden["cau_hoi"]} & {prepare(q) for q in public}  # not even once normalised
    assert hidden["cau_hoi"].map(prepare).is_unique and hidden["ma"].is_unique


def test_hidden_labels_are_valid_and_personal_data_is_detected(hidden):
    bank_ids = set(question_bank()["ma_cau_tra_loi"])
    labels = hidden["dap_an"]
    assert set(labels) <= bank_ids | {REFUSE, HAND_OVER}
    counts = labels.map(lambda a: a if a in (REFUSE, HAND_OVER) else "in_scope").value_counts()
    assert counts["in_scope"] == 192 and counts[HAND_OVER] == 80 and counts[REFUSE] == 48
    assert labels[labels.isin(bank_ids)].nunique() == len(bank_ids)  # every answer is asked about
    for question, label in zip(hidden["cau_hoi"], labels):
        assert bool(find_personal_data(question)) == (label == REFUSE), question
    kinds = {kind for q in hidden.loc[labels == REFUSE, "cau_hoi"] for kind in find_personal_data(q)}
    assert {"cccd", "phone", "email"} <= kinds


def test_hidden_questions_refuse_bad_arguments():
    for seed, size in ((-1, 100), (1.5, 100), (True, 100), (1, 10), (1, 10**6)):
        with pytest.raises(ValueError):
            make_hidden_questions(seed, size)


# -- scoring ------------------------------------------------------------------------------------
SAMPLE = [
    AssistantSettings(),
    AssistantSettings(0.3, "char", (1, 3), False),
    AssistantSettings(0.4, "word", (1, 2), True),
    AssistantSettings(0.6, "char_wb", (3, 5), True),
    AssistantSettings(0.0, "word", (1, 1), False),
]
ALL_ZERO = SAMPLE[-1]  # threshold 0: answers whatever it is asked, even with no word in common


def expected_row(settings, frame, k):
    assistant = settings.assistant()
    row = []
    for question, label in zip(frame["cau_hoi"], frame["dap_an"]):
        reply = assistant.answer(question)
        if label == REFUSE:
            row.append(reply.kind == PRIVACY)
        elif label == HAND_OVER:
            row.append(reply.kind != ANSWER)
        else:
            row.append(reply.kind == ANSWER and label in assistant.top_k(question, k)["ma_cau_tra_loi"].tolist())
    return row


def test_outcomes_are_what_each_assistant_does(hidden):
    # nothing to look up; a refusal with no personal data; an answer id the bank lacks; and words no bank question
    # has, so that every score is 0 and ties are broken by bank order (A02 among the first three answers, A05 not)
    extra = pd.DataFrame({"ma": [f"X{i}" for i in range(6)], "dap_an": [HAND_OVER, REFUSE, "Z99", "A01", "A02", "A05"],
                          "cau_hoi": ["?? !!", "quen mat khau", "dk ket hon", "VNeID", "zzz qqq", "zzz qqq"]})
    frame = pd.concat([hidden, extra], ignore_index=True)
    got = outcomes(SAMPLE, frame)
    assert got.shape == (len(SAMPLE), len(frame)) and got.dtype == bool
    for settings, row in zip(SAMPLE, got):
        assert row.tolist() == expected_row(settings, frame, 3), settings
    assert 0.5 < got.mean() < 1  # neither trivial nor constant
    assert got[:, -6].all() and not got[:, -5].any() and not got[:, -4].any()
    assert got[SAMPLE.index(ALL_ZERO), -2] and not got[SAMPLE.index(ALL_ZERO), -1]


def test_outcomes_follow_k(hidden):
    sample = hidden.iloc[::4]
    for k in (1, 5):
        assert outcomes([SAMPLE[1]], sample, k=k)[0].tolist() == expected_row(SAMPLE[1], sample, k)
    at_1, at_3 = outcomes([SAMPLE[0]], hidden, k=1)[0], outcomes([SAMPLE[0]], hidden, k=3)[0]
    assert (at_3 >= at_1).all() and at_3.sum() > at_1.sum()


def test_rows_do_not_depend_on_the_company_they_keep(hidden):
    entries = [SAMPLE[2], AssistantSettings(0.9), SAMPLE[2], SAMPLE[0], AssistantSettings(0.35, "char", (1, 3), False)]
    together = outcomes(entries, hidden)
    alone = np.vstack([outcomes([e], hidden) for e in entries])
    assert (together == alone).all()
    assert (together[0] == together[2]).all() and not (together[1] == together[3]).all()


def test_a_tuned_assistant_beats_a_silly_one(hidden):
    tuned, hands_over, answers_all = outcomes([AssistantSettings(), AssistantSettings(0.99), AssistantSettings(0.0)],
                                              hidden)
    labels = hidden["dap_an"].to_numpy()
    in_scope = ~np.isin(labels, [REFUSE, HAND_OVER])
    assert not hands_over[in_scope].any() and hands_over[~in_scope].all()  # only refusals and hand-overs right
    assert not answers_all[labels == HAND_OVER].any() and answers_all[labels == REFUSE].all()
    assert tuned.mean() > hands_over.mean() + 0.3 and tuned.mean() > answers_all.mean() + 0.1
    assert tuned[in_scope].mean() > 0.7 and tuned[labels == HAND_OVER].mean() > 0.7


def test_outcomes_refuse_a_table_without_the_columns(hidden):
    with pytest.raises(ValueError) as caught:
        outcomes([AssistantSettings()], hidden.drop(columns="dap_an"))
    assert "thiếu cột: dap_an" in str(caught.value)
    assert outcomes([], hidden).shape == (0, len(hidden))


def test_random_settings_look_like_a_class_of_trainees():
    entries = random_settings(2000, seed=3)
    assert entries == random_settings(2000, seed=3) and entries != random_settings(2000, seed=4)
    assert all(isinstance(e, AssistantSettings) for e in entries)
    defaults = sum(e == AssistantSettings() for e in entries) / len(entries)
    default_key = sum(e.retrieval_key == AssistantSettings().retrieval_key for e in entries) / len(entries)
    assert 0.3 < defaults < 0.6 and 0.7 < default_key < 0.9
    assert {e.analyzer for e in entries} == {"char_wb", "char", "word"} and not all(e.fold for e in entries)
    assert len({e.retrieval_key for e in entries}) > 20
