"""The neural-network helpers of lesson A2: gradient descent on one parameter, the traced
perceptron, the small MLP helpers and the pictures they draw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

from aijourney.toolkit.neural import (TracedPerceptron, best_setting, descent_path, initial_first_layer,  # noqa: E402
                                      mlp_grid, mse, mse_slope, perceptron_update, plot_descent,
                                      plot_loss_curves, plot_perceptron, show_weights, train_mlp)

X = np.array([1.0, 2.0, 3.0])
Y = np.array([2.0, 4.0, 6.0])  # exactly y = 2x


def test_loss_and_slope_of_the_one_parameter_model():
    assert mse(2.0, X, Y) == 0.0 and mse_slope(2.0, X, Y) == 0.0
    assert mse(1.0, X, Y) == pytest.approx((1 + 4 + 9) / 3)
    h = 1e-6  # the slope is the derivative of the loss
    assert mse_slope(1.0, X, Y) == pytest.approx((mse(1 + h, X, Y) - mse(1 - h, X, Y)) / (2 * h), rel=1e-6)
    assert mse_slope(1.0, X, Y) < 0 < mse_slope(3.0, X, Y)


def test_descent_path_follows_the_rule_and_diverges_when_the_rate_is_too_large():
    path = descent_path(X, Y, w_start=0.0, learning_rate=0.05, steps=5)
    assert list(path.columns) == ["buoc", "w", "mat_mat", "do_doc"] and len(path) == 6
    for before, after in zip(path.itertuples(), path.iloc[1:].itertuples()):
        assert after.w == pytest.approx(before.w - 0.05 * before.do_doc)
    assert path["mat_mat"].is_monotonic_decreasing and path["w"].iloc[-1] == pytest.approx(2.0, abs=0.1)
    curvature = 2 * np.mean(X ** 2)  # beyond 2 / curvature every step overshoots more
    wild = descent_path(X, Y, w_start=0.0, learning_rate=2.5 / curvature, steps=5)
    assert wild["mat_mat"].is_monotonic_increasing


def test_perceptron_update_changes_only_on_mistakes():
    w, b = perceptron_update([0.5, -1.0], 0.2, [2.0, 3.0], label=1, predicted=0, learning_rate=0.1)
    assert np.allclose(w, [0.7, -0.7]) and b == pytest.approx(0.3)
    w, b = perceptron_update([0.5, -1.0], 0.2, [2.0, 3.0], label=0, predicted=1, learning_rate=0.1)
    assert np.allclose(w, [0.3, -1.3]) and b == pytest.approx(0.1)
    w, b = perceptron_update([0.5, -1.0], 0.2, [2.0, 3.0], label=1, predicted=1, learning_rate=0.1)
    assert np.allclose(w, [0.5, -1.0]) and b == 0.2


def test_traced_perceptron_learns_a_separable_rule_and_records_every_update():
    Xp = np.array([[1, 1], [2, 1], [1, 2], [5, 5], [6, 4], [4, 6]], dtype=float)
    yp = np.array([1, 1, 1, 0, 0, 0])
    p = TracedPerceptron(learning_rate=0.1).fit(Xp, yp)
    assert p.score(Xp, yp) == 1.0 and p.errors[-1] == 0 and p.errors[0] > 0
    assert len(p.history) == sum(p.errors)
    last = p.history.iloc[-1]
    assert np.allclose([last["w1"], last["w2"], last["b"]], [*p.w, p.b])
    stuck = TracedPerceptron(max_epochs=7).fit([[0.0], [1.0], [2.0]], [0, 1, 0])  # not separable by a line
    assert len(stuck.errors) == 7 and stuck.errors[-1] > 0


@pytest.fixture(scope="module")
def digits():
    from aijourney.datasets.digits import digits_validation_split

    X_tr, X_val, _, y_tr, y_val, _ = digits_validation_split()
    return X_tr[:300] / 16, y_tr[:300], X_val[:150] / 16, y_val[:150]


def test_train_mlp_is_silent_seeded_and_stops_after_the_given_epochs(digits, recwarn):
    X_tr, y_tr, X_val, y_val = digits
    a = train_mlp(X_tr, y_tr, hidden=8, learning_rate=0.01, epochs=5)
    b = train_mlp(X_tr, y_tr, hidden=8, learning_rate=0.01, epochs=5)
    assert not [w for w in recwarn if "converge" in str(w.message).lower()]
    assert a.n_iter_ == 5 and len(a.loss_curve_) == 5 and a.coefs_[0].shape == (64, 8)
    assert np.array_equal(a.coefs_[0], b.coefs_[0])


def test_initial_first_layer_is_what_scikit_learn_starts_from(digits):
    X_tr, y_tr, _, _ = digits
    model = train_mlp(X_tr, y_tr, hidden=8, learning_rate=0.01, epochs=3)
    frozen = MLPClassifier(hidden_layer_sizes=(8,), learning_rate_init=1e-12, max_iter=1, random_state=0)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frozen.fit(X_tr, y_tr)
    start = initial_first_layer(model)
    assert start.shape == (64, 8)
    assert np.allclose(start, frozen.coefs_[0], atol=1e-8)
    assert not np.allclose(start, model.coefs_[0], atol=1e-3)  # training moved the weights


def test_mlp_grid_and_best_setting(digits):
    table = mlp_grid(*digits, hidden_sizes=[2, 16], learning_rates=[0.01], epochs=10)
    assert list(table.columns) == ["so_no_ron", "toc_do_hoc", "huan_luyen", "kiem_dinh"] and len(table) == 2
    best = best_setting(table)
    assert best == {"hidden": 16, "learning_rate": 0.01}
    tie = table.assign(kiem_dinh=0.5)
    assert best_setting(tie)["hidden"] == 2  # the first row wins a tie


def test_the_pictures_draw_without_error():
    plt.close("all")  # figures other tests left open are not ours to count
    plot_descent(X, Y, {"0.05": descent_path(X, Y, 0.0, 0.05, 5), "huge": descent_path(X, Y, 0.0, 5.0, 5)})
    plot_descent(X, Y, {})
    plot_loss_curves({"a": [3, 2, 1]}, log=True)
    plot_perceptron(np.array([[1, 1], [5, 5.0]]), np.array([1, 0]), [-1.0, -1.0], 6.0)
    show_weights(np.random.RandomState(0).normal(size=(64, 5)), n=5, labels=list("abcde"))
    assert len(plt.get_fignums()) == 5
    plt.close("all")
    with pytest.raises(ValueError):
        show_weights(np.zeros((63, 2)))
