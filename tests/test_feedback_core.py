"""The instant-feedback core and its message catalogue."""

import json
import string
from importlib import resources

import pytest

from aijourney import i18n
from aijourney.feedback import (
    AS_PERCENT,
    ChoiceProblem,
    CheckProblem,
    FunctionProblem,
    Incorrect,
    Mistake,
    NumberProblem,
    Status,
    ValueProblem,
    ____,
    on_training_data,
    rounded,
)
from aijourney.feedback import cells
from aijourney.feedback.errors import explain

DEMO = {
    "demo.q1.hint.1": "Ý tưởng.",
    "demo.q1.hint.2": "Dùng `len`.",
    "demo.q1.hint.3": "Khung:\n\n```python\ndef f(x):\n    return ____\n```",
    "demo.q1.solution": "```python\nx = 1\n```\nKhoảng {share} số lô đạt.",
    "demo.q1.wrong_value": "`{name}` đang là {got}, chưa đúng.",
    "demo.q1.too_big": "`{name}` = {got} quá lớn.",
    "demo.q1.option.A": "Một",
    "demo.q1.option.B": "Hai",
    "demo.q1.choice_A": "A sai vì một lý do.",
}


def catalogue(lang):
    return i18n.catalogue(lang)


def test_every_language_has_the_same_files():
    root = resources.files("aijourney").joinpath("locale")
    files = {lang: sorted(e.name for e in root.joinpath(lang).iterdir()) for lang in i18n.LANGUAGES}
    assert files["vi"] == files["en"] and "core.json" in files["vi"]
    for lang in i18n.LANGUAGES:
        for name in files[lang]:
            json.loads(root.joinpath(lang, name).read_text("utf-8"))


def fields(template):
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_catalogues_have_the_same_keys_and_placeholders():
    vi, en = catalogue("vi"), catalogue("en")
    assert set(vi) == set(en)
    for key in vi:
        assert fields(vi[key]) == fields(en[key]), key


def test_vietnamese_is_the_default_and_english_is_available(monkeypatch):
    monkeypatch.delenv("AIJOURNEY_LANG", raising=False)
    assert i18n.t("status.not_attempted") == "Chưa làm"
    assert i18n.t("status.not_attempted", lang="en") == "Not attempted"
    monkeypatch.setenv("AIJOURNEY_LANG", "en")
    assert i18n.t("status.correct") == "Correct"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


@pytest.fixture(autouse=True)
def demo_messages(monkeypatch):
    """Core tests use their own messages, independent of any lesson's catalogue."""
    for lang in i18n.LANGUAGES:
        for key, value in DEMO.items():
            monkeypatch.setitem(i18n.catalogue(lang), key, value)
    cells.reset()
    yield
    cells.reset()


def test_value_problem_states():
    q = ValueProblem("demo.q1", "x", "hai")
    assert q.evaluate({"x": ____}).status == "not_attempted"
    assert q.evaluate({"x": "____"}).status is Status.NOT_ATTEMPTED
    missing = q.evaluate({})
    assert missing.status == "not_attempted" and "Chưa thấy biến `x`" in missing.message
    assert q.evaluate({"x": "hai"}).correct
    wrong = q.evaluate({"x": "ba"})
    assert wrong.status is Status.INCORRECT
    assert "'ba'" in wrong.message and "q1.hint()" in wrong.message


def test_number_problem_recognises_the_mistakes_in_its_table():
    q = NumberProblem("demo.q1", "x", lambda: 0.25, mistakes=[
        AS_PERCENT, on_training_data(lambda: 0.31), rounded(1), Mistake("too_big", lambda r: [4 * r, 8 * r])])
    assert q.evaluate_value(0.25).correct and q.evaluate_value(0.2500000001).correct
    assert "không nhân với 100" in q.evaluate_value(25).message
    assert "dữ liệu huấn luyện" in q.evaluate_value(0.31).message
    assert "làm tròn" in q.evaluate_value(round(0.25, 1)).message
    assert "quá lớn" in q.evaluate_value(2.0).message
    assert "chưa đúng" in q.evaluate_value(0.7).message
    assert "đang là 7," in NumberProblem("demo.q1", "x", 8).evaluate_value(7).message  # as typed, not 7.0


def test_numbers_are_judged_the_same_everywhere():
    import numpy as np
    import pandas as pd

    q = NumberProblem("demo.q1", "x", 1.0)
    assert q.evaluate_value(np.float64(1.0)).correct and q.evaluate_value(np.array(1.0)).correct
    for not_a_number, phrase in [(True, "kiểu `bool`"), (None, "kiểu `NoneType`"), ("1", "chữ"),
                                 (pd.Series([1.0]), "cả một bảng"), (float("nan"), "NaN"),
                                 ((1, 5), "dấu phẩy"), (pd.Series([1.0]).mean, "quên cặp ngoặc")]:
        result = q.evaluate_value(not_a_number)
        assert result.status == "incorrect" and phrase in result.message, (not_a_number, result.message)


def test_evaluate_reads_the_callers_namespace():
    q = ValueProblem("demo.q1", "answer_in_module_scope", 3)
    globals()["answer_in_module_scope"] = 3
    try:
        assert q.evaluate().correct
    finally:
        del globals()["answer_in_module_scope"]


def test_check_prints_the_verdict_outside_a_notebook(capsys):
    q = NumberProblem("demo.q1", "ty_le", 0.5, tol=0.01)
    # check() reads the caller's module globals, as a notebook cell's namespace
    globals()["ty_le"] = ____
    try:
        q.check()
        assert capsys.readouterr().out.startswith("Chưa làm:")
        globals()["ty_le"] = 0.5
        q.check()
        assert capsys.readouterr().out.startswith("Đúng:")
    finally:
        del globals()["ty_le"]


def test_hints_keep_code_blocks_and_solutions_quote_computed_figures():
    q = ValueProblem("demo.q1", "x", 1, figures=lambda: {"share": "26%"})
    assert q.n_hints == 3
    assert "Gợi ý 1/3" in q.hint_text() and "q1.hint(2)" in q.hint_text()
    third = q.hint_text(3)
    assert "\n```python\ndef f(x):\n    return ____\n```" in third  # the block stays on its own lines
    assert "có 3 gợi ý" in q.hint_text(4) and "q1.hint(3)" in q.hint_text(4)
    assert "Khoảng 26% số lô" in q.solution_text()


def test_feedback_markdown_renders_as_html_and_escapes_values():
    from aijourney.feedback.display import markdown_html

    html = markdown_html(ValueProblem("demo.q1", "x", 1).hint_text(3))
    assert "<strong>" in html and '<pre><code class="language-python">def f(x):\n    return ____' in html
    result = ValueProblem("demo.q1", "x", 1).evaluate_value("<b>")
    html = result._repr_html_()
    assert "<code>x</code>" in html and "&lt;b&gt;" in html and "<b>" not in html.split("</b>", 1)[1]
    assert "**" not in NumberProblem("demo.q1", "x", 1).evaluate_value(0.31)._repr_html_()


def test_function_problem_explains_errors_and_wrong_results():
    q = FunctionProblem("demo.q1", "f", [((1, 2), 3), ((2, 2), 4)])
    assert q.evaluate_value(lambda a, b: a + b).correct
    wrong = q.evaluate_value(lambda a, b: a * b)
    assert wrong.status == "incorrect" and "f(1, 2) trả về 2" in wrong.message and "là 3" in wrong.message
    boom = q.evaluate_value(lambda a, b: 1 / 0)
    assert boom.status == "incorrect" and "ZeroDivisionError" in boom.message
    assert q.evaluate_value(lambda a, b: ____).status == "not_attempted"

    def stub(a, b):
        raise NotImplementedError()

    assert q.evaluate_value(stub).status == "not_attempted"
    assert "phải là một hàm" in q.evaluate_value(42).message


@pytest.mark.parametrize("answer", ["B", " b ", "B.", "(B)", "B. Hai", "b)"])
def test_choice_problem_accepts_what_the_trainee_meant(answer):
    assert ChoiceProblem("demo.q1", "c", "B", "AB").evaluate_value(answer).correct


def test_choice_problem_explains_wrong_and_malformed_answers():
    q = ChoiceProblem("demo.q1", "c", "B", "AB")
    assert q.option_texts() == {"A": "Một", "B": "Hai"}
    assert "một lý do" in q.evaluate_value("A").message
    assert 'c = "A"' in q.evaluate_value("E").message and "A, B" in q.evaluate_value("E").message
    assert "dấu nháy" in q.evaluate_value(2).message
    assert q.evaluate_value("____").status == "not_attempted"


def test_check_problem_uses_lesson_specific_reasons():
    def checker(value):
        if value > 1:
            raise Incorrect("too_big", got=value)

    q = CheckProblem("demo.q1", "acc", checker)
    assert q.evaluate_value(0.9).correct
    assert "quá lớn" in q.evaluate_value(90).message


def test_check_reports_a_failed_answer_cell_not_the_older_value():
    q = ValueProblem("demo.q1", "cau_tra_loi", "B")
    namespace = {"cau_tra_loi": "B"}
    assert cells.record("cau_tra_loi = B", NameError("name 'B' is not defined")) is not None
    failed = q.evaluate(namespace)
    assert failed.status == "not_attempted" and "vừa báo lỗi" in failed.message and '"B"' in failed.message
    cells.record("q1.check()", None)  # running another cell does not clear it
    assert q.evaluate(namespace).status == "not_attempted"
    cells.record('cau_tra_loi = "B"', None)
    assert q.evaluate(namespace).correct


@pytest.mark.parametrize("source, phrase", [
    ("cau_tra_loi = B", "dấu nháy"),
    ("x = y_chua_co + 1", "không biết tên `y_chua_co`"),
    (" x = 1", "thụt lề"),
    ("def f(:\n  pass", "ngữ pháp"),
    ("x = 5a", "không hiểu"),
    ("x = (1, 2", "chưa đóng"),
    ("x = 1 + 'a'", "không đi với nhau"),
    ("dien_tich = 1,5\nx = dien_tich * 2.8", "dấu phẩy"),
    ("x = [1, 2][5]", "đếm từ 0"),
    ("x = {}['a']", "df.columns"),
    ("x = 1 / 0", "chia cho 0"),
    ("import khong_co_thu_vien", "khong_co_thu_vien"),
    ("raise RuntimeError('x')", "dòng cuối cùng"),
    ("from sklearn.tree import DecisionTreeClassifier\nDecisionTreeClassifier().predict([[1]])", "chưa được huấn luyện"),
])
def test_every_common_error_gets_a_vietnamese_explanation(source, phrase):
    try:
        exec(compile(source, "<cell>", "exec"), {})
    except BaseException as exc:  # noqa: BLE001 - the point is to explain any error
        assert phrase in explain(exc), explain(exc)
    else:  # pragma: no cover
        pytest.fail("the source should fail")
