"""Every exercise of lesson A2: a right answer passes, typical mistakes get their own Vietnamese
message, an untouched placeholder is "chưa làm"; the lesson's story stays true of the data."""

import pytest
from sklearn.linear_model import LogisticRegression

from aijourney.datasets.digits import digits_validation_split
from aijourney.exercises import a2
from aijourney.exercises.a2 import GIA, KHOI_LUONG, LO_OCOP, q1, q2, q3, q4, q5, q6
from aijourney.feedback import ____
from aijourney.toolkit.neural import TracedPerceptron, best_setting, descent_path, mlp_grid, mse_slope, train_mlp


def message(problem, value):
    result = problem.evaluate_value(value)
    assert result.status == "incorrect", (value, result)
    return result.message


@pytest.fixture(scope="module")
def digits():
    """What the notebook computes in sections 4-7, with the notebook's own calls."""
    X_train, X_val, X_test, y_train, y_val, y_test = digits_validation_split()
    X_train, X_val, X_test = X_train / 16, X_val / 16, X_test / 16
    table = mlp_grid(X_train, y_train, X_val, y_val, hidden_sizes=[4, 16, 64], learning_rates=[0.001, 0.01, 0.1])
    chosen = best_setting(table)
    mlp = train_mlp(X_train, y_train, hidden=chosen["hidden"], learning_rate=chosen["learning_rate"])
    logistic = LogisticRegression(max_iter=1000).fit(X_train, y_train)
    return dict(X_train=X_train, X_val=X_val, X_test=X_test, y_train=y_train, y_val=y_val, y_test=y_test,
                table=table, mlp=mlp, logistic=logistic)


def test_the_story_holds(digits):
    """What the notebook's prose says must stay true."""
    # section 2: 0.01 is still far after 10 steps, the largest rate diverges, a middle one reaches the bottom
    paths = {r: descent_path(KHOI_LUONG, GIA, 100, r, 10) for r in [0.01, 0.05, 0.15, 0.25, 0.35]}
    best = KHOI_LUONG @ GIA / (KHOI_LUONG @ KHOI_LUONG)
    assert abs(paths[0.01]["w"].iloc[-1] - best) > 50
    assert paths[0.35]["mat_mat"].iloc[-1] > 100 * paths[0.35]["mat_mat"].iloc[0]
    assert abs(paths[0.15]["w"].iloc[-1] - best) < 1
    assert mse_slope(400, KHOI_LUONG, GIA) > 0 > mse_slope(100, KHOI_LUONG, GIA)
    # section 3: the worked example's batch is a mistake of the perceptron, the rule is learnable, weights negative
    score = -0.3 * LO_OCOP.loc[3, "do_am"] - 0.2 * LO_OCOP.loc[3, "ty_le_loi"] + 2.0
    assert score <= 0 and LO_OCOP.loc[3, "dat_chuan"] == 1
    p = TracedPerceptron(learning_rate=0.1).fit(LO_OCOP[["do_am", "ty_le_loi"]], LO_OCOP["dat_chuan"])
    assert p.errors[-1] == 0 and (p.w < 0).all()
    # section 4: lr 0.001 is still going down after 30 epochs; the best network beats the tiny ones
    slow = train_mlp(digits["X_train"], digits["y_train"], hidden=16, learning_rate=0.001)
    assert slow.loss_curve_[-1] < slow.loss_curve_[-2] and slow.loss_curve_[-1] > 0.3
    assert digits["table"]["kiem_dinh"].max() - digits["table"]["kiem_dinh"].min() > 0.3
    # section 5: "almost a tie" with logistic regression (a few images out of hundreds)
    gap = digits["mlp"].score(digits["X_val"], digits["y_val"]) - digits["logistic"].score(digits["X_val"], digits["y_val"])
    assert abs(gap) * len(digits["y_val"]) <= 5
    # section 7: the test figure is close to the validation figure
    assert abs(digits["mlp"].score(digits["X_test"], digits["y_test"]) - digits["mlp"].score(digits["X_val"], digits["y_val"])) < 0.03


def test_q1_one_gradient_step():
    slope = mse_slope(100, KHOI_LUONG, GIA)
    right = 100 - 0.01 * slope
    assert right > 100
    assert q1.evaluate({"w_moi": right}).correct
    assert q1.evaluate({"w_moi": ____}).status == "not_attempted"
    assert "**cộng**" in message(q1, 100 + 0.01 * slope)
    assert "**tốc độ học**" in message(q1, 100 - slope)
    assert "**tốc độ học**" in message(q1, 100 + slope)
    assert "**độ dài bước**" in message(q1, -0.01 * slope)
    assert "**độ dài bước**" in message(q1, 0.01 * slope)
    assert "làm tròn" in message(q1, round(right))
    assert "chưa đúng" in message(q1, 250)
    assert "q1.hint()" in message(q1, 250)


def test_q2_the_learning_rate_that_gets_lowest():
    assert q2.evaluate({"toc_do_hoc_tot": 0.15}).correct
    assert q2.evaluate({"toc_do_hoc_tot": ____}).status == "not_attempted"
    assert "**phân kỳ**" in message(q2, 0.35)
    assert "quá chậm" in message(q2, 0.01)
    assert "nhảy qua nhảy lại" in message(q2, 0.25)
    assert "chưa phải nhỏ nhất" in message(q2, 0.05)
    assert "năm tốc độ học" in message(q2, 0.2)
    assert "chữ" in message(q2, "0,15")


def test_q3_one_perceptron_update():
    lo = LO_OCOP.iloc[1]
    diem = -0.3 * lo["do_am"] - 0.2 * lo["ty_le_loi"] + 2.0
    du_doan = int(diem > 0)
    right = -0.3 + 0.1 * (lo["dat_chuan"] - du_doan) * lo["do_am"]
    assert du_doan == 0 and lo["dat_chuan"] == 1  # a mistake: the weight must move
    assert q3.evaluate({"w_do_am_moi": right}).correct
    assert q3.evaluate({"w_do_am_moi": 0.1}).correct
    assert q3.evaluate({"w_do_am_moi": ____}).status == "not_attempted"
    assert "**không đổi**" in message(q3, -0.3)
    assert "**ngược chiều**" in message(q3, -0.3 - 0.1 * lo["do_am"])
    assert "**tỉ lệ lỗi**" in message(q3, -0.3 + 0.1 * lo["ty_le_loi"])
    assert "hệ số chặn" in message(q3, -0.3 + 0.1)
    assert "`toc_do_hoc_p`" in message(q3, -0.3 + lo["do_am"])
    assert "chưa đúng" in message(q3, 2.0)


def test_q4_validation_accuracy_of_the_chosen_network(digits):
    mlp, X_val, y_val = digits["mlp"], digits["X_val"], digits["y_val"]
    right = mlp.score(X_val, y_val)
    assert right == digits["table"]["kiem_dinh"].max()
    assert q4.evaluate({"do_chinh_xac_mlp": right}).correct
    assert q4.evaluate({"do_chinh_xac_mlp": ____}).status == "not_attempted"
    assert "nhân với 100" in message(q4, 100 * right)
    assert "huấn luyện" in message(q4, mlp.score(digits["X_train"], digits["y_train"]))
    assert "**dữ liệu kiểm tra**" in message(q4, mlp.score(digits["X_test"], digits["y_test"]))
    worst = digits["table"]["kiem_dinh"].min()
    assert "**một cài đặt khác**" in message(q4, worst)
    assert "làm tròn" in message(q4, round(right, 2))
    assert "chưa đúng" in message(q4, 0.5)


def test_q5_the_network_against_logistic_regression(digits):
    mlp, logistic = digits["mlp"], digits["logistic"]
    X_val, y_val = digits["X_val"], digits["y_val"]
    m, lg = mlp.score(X_val, y_val), logistic.score(X_val, y_val)
    right = m - lg
    assert right != 0  # else the reversed sign could not be told apart
    assert q5.evaluate({"chenh_lech": right}).correct
    assert q5.evaluate({"chenh_lech": ____}).status == "not_attempted"
    assert "**ngược dấu**" in message(q5, -right)
    assert "nhân với 100" in message(q5, 100 * right)
    assert "**hồi quy logistic**" in message(q5, lg)
    assert "**mạng**" in message(q5, m)
    train_gap = mlp.score(digits["X_train"], digits["y_train"]) - logistic.score(digits["X_train"], digits["y_train"])
    assert "huấn luyện" in message(q5, train_gap)
    test_gap = mlp.score(digits["X_test"], digits["y_test"]) - logistic.score(digits["X_test"], digits["y_test"])
    assert "**dữ liệu kiểm tra**" in message(q5, test_gap)
    assert "chưa đúng" in message(q5, 0.3)


@pytest.mark.parametrize("answer, status, words", [
    ("A", "correct", "cùng một cấu trúc"), (" a ", "correct", ""), ("A.", "correct", ""),
    ("B", "incorrect", "**cài đặt**"), ("C", "incorrect", "k-NN"), ("D", "incorrect", "không viết luật"),
    ("E", "incorrect", "A, B, C, D"), ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q6_what_training_changes(answer, status, words):
    result = q6.evaluate({"cau_tra_loi": answer})
    assert result.status == status and words in result.message


def test_q6_options_are_fair():
    options = q6.option_texts()
    assert sorted(options) == list("ABCD")
    assert len(options["A"]) < max(len(text) for text in options.values())
    assert max(map(len, options.values())) < 1.2 * min(map(len, options.values()))


def test_every_recognised_mistake_has_its_explanation_in_both_languages():
    from aijourney.i18n import catalogue

    for problem in (q1, q2, q3, q4, q5):
        for mistake in problem.mistakes:
            key = mistake.reason if mistake.reason.startswith("check.") else f"{problem.key}.{mistake.reason}"
            assert key in catalogue("vi") and key in catalogue("en"), key


def test_the_solutions_quote_the_computed_figures():
    n = a2.lesson_numbers()
    assert f"hidden={n['hidden']}, learning_rate={n['rate']}" in q4.solution_text()
    assert "toc_do_hoc_tot = 0.15" in q2.solution_text()
    assert "112,24" in q1.solution_text() and "0,1" in q3.solution_text()
