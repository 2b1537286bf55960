"""The lesson A6 helpers: offline tokenizers loaded once, attention tables, embeddings and cosine,
the syllable vocabulary and the tiny transformer."""

import numpy as np
import pandas as pd
import pytest

from aijourney.llm.cache import ModelError
from aijourney.toolkit import transformer_inside as ti


@pytest.mark.parametrize("name", ["MiniLM", "Gemma", "minilm"])
def test_the_tokenizers_load_offline_and_once(name):
    assert ti.tokenizer(name) is ti.tokenizer(name)
    assert (ti.minilm_folder() / "vocab.txt").exists()


def test_an_unknown_tokenizer_is_refused():
    with pytest.raises(ValueError):
        ti.tokenizer("bert")


def test_gemma_tokenizer_needs_the_prepared_model(monkeypatch, tmp_path):
    monkeypatch.setenv("AIJOURNEY_MODEL_DIR", str(tmp_path))
    monkeypatch.delenv("AIJOURNEY_LLM", raising=False)
    loaded = ti.gemma_tokenizer.__wrapped__
    with pytest.raises(ModelError, match="aijourney models prepare"):
        loaded()


def test_token_table_and_counts():
    table = ti.token_table("Hạt điều rất ngon")
    assert list(table["tu"]) == ["Hạt", "điều", "rất", "ngon"]
    assert table.loc[0, "MiniLM"] == "hat" and table.loc[3, "so_token_MiniLM"] == 2
    assert table["so_token_Gemma"].sum() < table["so_token_MiniLM"].sum()
    assert ti.tokens_per_word("MiniLM", "Hạt điều rất ngon") == table["so_token_MiniLM"].sum() / 4
    assert ti.distinct_forms("MiniLM", ["bán", "bạn", "bàn", "ban"]) == 1
    assert ti.distinct_forms("Gemma", ["bán", "bạn", "bàn", "ban"]) == 4


def test_attention_table_rows_are_shares():
    table = ti.attention_table("Tôi bán bàn cho bạn", layer=0, head=2)
    assert list(table.index) == list(table.columns) == ["[CLS]", "to", "##i", "ban", "ban#2", "cho", "ban#3", "[SEP]"]
    assert np.allclose(table.sum(axis=1), 1, atol=1e-5) and (table.to_numpy() >= 0).all()
    assert not table.equals(ti.attention_table("Tôi bán bàn cho bạn", layer=0, head=1))


def test_embeddings_and_cosine():
    a = ti.embed("Hạt điều ngon.")
    both = ti.embed(["Hạt điều ngon.", "Mật ong ngọt."])
    # alone or padded in a batch: the same vector up to float32 rounding
    assert a.shape == (384,) and both.shape == (2, 384) and np.allclose(both[0], a, atol=1e-5)
    assert not np.allclose(both[0], both[1], atol=1e-2)
    assert abs(np.linalg.norm(a) - 1) > 0.1  # mean pooled, not normalised
    assert ti.cosine(a, a) == pytest.approx(1)
    assert ti.cosine([1, 0], [0, 2]) == pytest.approx(0)
    assert ti.cosine([1, 2, 2], [2, 0, 1]) == pytest.approx(4 / 3 / np.sqrt(5))
    table = ti.similarity_table(ti.PAIRS[:2])
    assert list(table.columns) == ["ngon_ngu", "cap", "cau_1", "cau_2", "cosine"] and len(table) == 2


def test_syllable_vocabulary():
    vocab = ti.SyllableVocabulary(["Hạt điều ngon.", "Điều ngon lắm"])
    assert len(vocab) == 3 + 4  # pad, unknown, [CLS] + hạt, điều, ngon, lắm
    ids = vocab.encode(["điều ngon quá"], length=6)[0]
    assert ids[0] == vocab.CLS and ids[3] == vocab.UNK and list(ids[4:]) == [0, 0]
    assert ids[1] == vocab.index["điều"]
    assert vocab.encode(["a " * 50], length=8).shape == (1, 8)


def test_tiny_transformer_learns_and_is_reproducible():
    texts = ["hàng tốt lắm", "rất tốt", "tốt và nhanh", "hàng tệ quá", "rất tệ", "tệ và chậm"]
    labels = ["tot", "tot", "tot", "te", "te", "te"]
    model = ti.train_tiny(texts, labels, epochs=40)
    assert model.losses[-1] < model.losses[0]
    assert model.score(texts, labels) == 1.0
    again = ti.train_tiny(texts, labels, epochs=40)
    assert again.losses == model.losses
    assert model.n_parameters() == sum(p.numel() for p in model.model.parameters())
    grid = ti.epoch_grid(pd.DataFrame({"van_ban": texts, "cam_xuc": labels}),
                         pd.DataFrame({"van_ban": texts[:2], "cam_xuc": labels[:2]}), (1, 5))
    assert list(grid.columns) == ["so_vong", "huan_luyen", "kiem_dinh"] and list(grid["so_vong"]) == [1, 5]
