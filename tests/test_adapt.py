"""toolkit.adapt (lesson A7): offline MiniLM, embeddings, frozen head, fine-tuning the last layer(s),
measured costs and the energy formula."""

import numpy as np
import pytest

from aijourney.toolkit import adapt

TEXTS = ["Hạt điều rang muối rất ngon, giòn thơm", "Cà phê bị mốc, không uống được",
         "Mật ong nguyên chất, cả nhà đều thích", "Giao hàng chậm, hộp bị móp méo",
         "Khô bò mềm, vị vừa ăn", "Áo may lệch đường chỉ, rất thất vọng"]
LABELS = ["tich_cuc", "tieu_cuc", "tich_cuc", "tieu_cuc", "tich_cuc", "tieu_cuc"]


def test_energy_formula():
    assert adapt.energy_wh(3600, 45) == 45
    assert adapt.energy_wh(20) == pytest.approx(20 * adapt.LAPTOP_WATTS / 3600)


def test_total_and_cost_table():
    costs = {"a": adapt.Cost(1.5, 300), "b": adapt.Cost(2.0, 500)}
    both = adapt.total("a", "b", costs=costs)
    assert both == adapt.Cost(3.5, 500)
    table = adapt.cost_table({"a": 0.7, "b": 0.6}, costs)
    assert list(table.columns) == ["giay", "mb_dinh", "macro_f1"] and table.loc["b", "mb_dinh"] == 500


def test_measure_records_seconds_and_peak(monkeypatch):
    monkeypatch.setattr(adapt, "MEASURED", {})
    got = adapt.measure("big", lambda: np.ones(40_000_000).sum())  # about 300 MB for a moment
    cost = adapt.MEASURED["big"]
    assert got == 40_000_000 and cost.seconds > 0 and cost.peak_mb > 250


def test_embed_is_offline_normalised_and_cached(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    X = adapt.embed(TEXTS)
    assert X.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-5)
    assert np.array_equal(X, adapt.embed(list(TEXTS)))
    X[0] = 0  # a copy: the cache is not changed
    assert not np.allclose(adapt.embed(TEXTS)[0], 0)


def test_minilm_strips_diacritics():
    tokenizer, _ = adapt.load_model()
    pieces = tokenizer.tokenize("Không ngon")
    assert "".join(p.removeprefix("##") for p in pieces) == "khongngon"


def test_frozen_head_and_parameters():
    import torch

    head = adapt.frozen_head(adapt.embed(TEXTS), LABELS, C=10)
    assert set(head.predict(adapt.embed(TEXTS))) <= set(LABELS)
    assert adapt.count_parameters(torch.nn.Linear(384, 2)) == 770
    _, model = adapt.load_model()
    assert adapt.count_parameters(model) == 0


def test_last_layer_on_cached_states_equals_the_full_model():
    """The fine-tuning trick: the layer below's cached output + the last layer = the full model."""
    import torch

    _, model = adapt.load_model()
    states = adapt._states(tuple(TEXTS), -2)
    hidden, mask = adapt._padded(states)
    with torch.no_grad():
        out = model.encoder.layer[-1](hidden, adapt._additive_mask(mask))
    out = out[0] if isinstance(out, tuple) else out
    for i, full in enumerate(adapt._states(tuple(TEXTS), -1)):
        assert torch.allclose(out[i, : len(full)], full, atol=1e-4)


def test_fine_tune_is_reproducible_and_leaves_the_shared_model_alone():
    _, model = adapt.load_model()
    before = model.encoder.layer[-1].output.dense.weight.clone()
    runs = [adapt.fine_tune(TEXTS, LABELS, epochs=2, batch_size=4, val_texts=TEXTS, val_labels=LABELS) for _ in range(2)]
    history = runs[0].history
    assert list(history.columns) == ["epoch", "giay", "loss", "macro_f1_kiem_dinh"] and len(history) == 2
    assert list(runs[0].predict(TEXTS)) == list(runs[1].predict(TEXTS))
    assert set(runs[0].predict(TEXTS)) <= set(LABELS)
    assert runs[0].trainable_parameters() == sum(p.numel() for p in model.encoder.layer[-1].parameters()) + 770
    assert (model.encoder.layer[-1].output.dense.weight == before).all()
    assert adapt.count_parameters(model) == 0
