"""The instant-feedback core and its message catalogue."""

import json
import string
from importlib import resources

import pytest

from aijourney import i18n
from aijourney.feedback import (
    ChoiceProblem,
    CheckProblem,
    FunctionProblem,
    Incorrect,
    ValueProblem,
    ____,
)


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


def test_value_problem_states():
    q = ValueProblem("b1.q1", "x", 0.25, tol=1e-6)
    assert q.evaluate({"x": ____}).status == "not_attempted"
    missing = q.evaluate({})
    assert missing.status == "not_attempted" and "Chưa thấy biến `x`" in missing.message
    assert q.evaluate({"x": 0.25}).correct
    wrong = q.evaluate({"x": 25})
    assert wrong.status == "incorrect"
    assert "25" in wrong.message and "q1.hint()" in wrong.message


def test_evaluate_reads_the_callers_namespace():
    q = ValueProblem("b1.q1", "answer_in_module_scope", 3)
    globals()["answer_in_module_scope"] = 3
    try:
        assert q.evaluate().correct
    finally:
        del globals()["answer_in_module_scope"]


def test_check_prints_the_verdict_outside_a_notebook(capsys):
    q = ValueProblem("b1.q1", "ty_le", 0.5, tol=0.01)
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


def test_hints_and_solution(capsys):
    q = ValueProblem("b1.q1", "x", 1)
    assert q.n_hints == 2
    q.hint()
    out = capsys.readouterr().out
    assert "Gợi ý 1/2" in out and "q1.hint(2)" in out
    q.hint(2)
    assert "Gợi ý 2/2" in capsys.readouterr().out
    q.hint(3)
    assert "có 2 gợi ý" in capsys.readouterr().out
    q.solution()
    assert "Lời giải" in capsys.readouterr().out


def test_function_problem_explains_errors_and_wrong_results():
    q = FunctionProblem("b1.q2", "f", [((1, 2), 3), ((2, 2), 4)])
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


def test_choice_problem():
    q = ChoiceProblem("b1.q4", "c", "B")
    assert q.evaluate_value(" b ").correct
    assert "Không có dữ liệu" in q.evaluate_value("C").message
    assert "A, B, C, D" in q.evaluate_value("E").message


def test_check_problem_uses_lesson_specific_reasons():
    def checker(value):
        if value > 1:
            raise Incorrect("as_percent", got=value)

    q = CheckProblem("b1.q3", "acc", checker)
    assert q.evaluate_value(0.9).correct
    assert "không nhân với 100" in q.evaluate_value(90).message


def test_results_render_as_html():
    html = ValueProblem("b1.q1", "x", 1).evaluate_value(2)._repr_html_()
    assert "Chưa đúng" in html and "<div" in html


def test_html_renders_inline_code_and_escapes_the_rest():
    html = ValueProblem("test.q1", "x", 1).evaluate_value("<b>")._repr_html_()
    assert "<code>x</code>" in html and "&#x27;&lt;b&gt;&#x27;" in html and "`" not in html
