"""The course's language model, loaded once per process from its prepared folder.

``load_model()`` returns a ``LanguageModel`` with what the lessons show: how a text is cut into
tokens, the probabilities of the next token, and text generation (greedy, so the same prompt always
gives the same answer, or sampled with a temperature, top-p and repetition penalty and a seed).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..i18n import t
from . import memo
from .cache import ModelError, configured_source, is_prepared, prepared_folder

_LOADED: dict[Path, "LanguageModel"] = {}


@dataclass(frozen=True)
class Settings:
    """How to pick each next token. ``temperature == 0`` means greedy: always the most likely one."""

    max_new_tokens: int = 40
    temperature: float = 0.0
    top_p: float = 1.0
    repetition_penalty: float = 1.0
    seed: int = 0

    def check(self) -> None:
        if not 1 <= int(self.max_new_tokens) <= 512:
            raise ValueError(t("llm.error.max_new_tokens", value=self.max_new_tokens))
        if not 0 <= float(self.temperature) <= 5:
            raise ValueError(t("llm.error.temperature", value=self.temperature))
        if not 0 < float(self.top_p) <= 1:
            raise ValueError(t("llm.error.top_p", value=self.top_p))
        if not 1 <= float(self.repetition_penalty) <= 3:
            raise ValueError(t("llm.error.repetition_penalty", value=self.repetition_penalty))


class _StopAt:
    """Stop generating once the new text contains one of ``stops`` (checked on the decoded text)."""

    def __init__(self, tokenizer, prompt_length: int, stops: Sequence[str]):
        self.tokenizer, self.prompt_length, self.stops = tokenizer, prompt_length, [s for s in stops if s]

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        text = self.tokenizer.decode(input_ids[0, self.prompt_length:], skip_special_tokens=True)
        done = any(stop in text for stop in self.stops)
        return torch.full((input_ids.shape[0],), done, dtype=torch.bool)


def _cut(text: str, stops: Sequence[str]) -> str:
    """``text`` up to the first of the ``stops`` strings."""
    for stop in stops:
        if stop and stop in text:
            text = text[: text.index(stop)]
    return text


class LanguageModel:
    """A causal language model and its tokenizer, on the CPU, in inference mode."""

    def __init__(self, folder: Path, name: str):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        self.name, self.folder = name, Path(folder)
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
            self.model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
        except Exception as exc:  # a damaged cache fails in many library-specific ways
            raise ModelError(t("llm.error.corrupt", folder=folder)) from exc
        self.model.eval()

    # -- tokens ---------------------------------------------------------------------------------
    def tokens(self, text: str) -> list[str]:
        """How the model cuts ``text`` into tokens (each shown as the text it stands for)."""
        ids = self.tokenizer(str(text), add_special_tokens=False)["input_ids"]
        return [self.tokenizer.decode([i]) for i in ids]

    def _encode(self, prompt: str):
        return self.tokenizer(str(prompt), return_tensors="pt")

    def next_tokens(self, prompt: str, k: int = 10):
        """The ``k`` most likely next tokens after ``prompt``: a table ``token``, ``xac_suat`` (0–1)."""
        import pandas as pd
        import torch

        with torch.inference_mode():
            logits = self.model(**self._encode(prompt)).logits[0, -1].float()
        probabilities = torch.softmax(logits, dim=-1)
        top = torch.topk(probabilities, int(k))
        return pd.DataFrame({"token": [self.tokenizer.decode([int(i)]) for i in top.indices],
                             "xac_suat": [round(float(p), 4) for p in top.values]})

    # -- text -----------------------------------------------------------------------------------
    def generate(self, prompt: str, max_new_tokens: int = 40, temperature: float = 0.0, top_p: float = 1.0,
                 repetition_penalty: float = 1.0, seed: int = 0, stop: Sequence[str] = ()) -> str:
        """The text the model writes after ``prompt`` (the prompt itself is not repeated).

        Greedy when ``temperature`` is 0 (the default): the same prompt always gives the same text.
        Generation ends after ``max_new_tokens`` tokens, at the end-of-text token, or just before the
        first of the ``stop`` strings.
        """
        import torch

        settings = Settings(max_new_tokens, temperature, top_p, repetition_penalty, seed)
        settings.check()
        request = ["generate", str(prompt), repr(settings), list(stop)]
        kept = memo.recall(self.folder, request)
        if kept is not None:
            return kept[0]
        inputs = self._encode(prompt)
        length = inputs["input_ids"].shape[1]
        options = dict(max_new_tokens=int(max_new_tokens), repetition_penalty=float(repetition_penalty),
                       pad_token_id=self.tokenizer.pad_token_id)
        if float(temperature) > 0:
            options.update(do_sample=True, temperature=float(temperature), top_p=float(top_p), top_k=0)
        else:
            options.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        if stop:
            options["stopping_criteria"] = [_StopAt(self.tokenizer, length, list(stop))]
        torch.manual_seed(int(seed))
        with torch.inference_mode():
            output = self.model.generate(**inputs, **options)
        text = _cut(self.tokenizer.decode(output[0, length:], skip_special_tokens=True), stop)
        memo.remember(self.folder, request, [text])
        return text

    def generate_many(self, prompts: Sequence[str], max_new_tokens: int = 40, stop: Sequence[str] = (),
                      batch_size: int = 8) -> list[str]:
        """Greedy answers to several prompts, computed together (on a CPU a batch of 8 costs little
        more than one prompt: reading the weights, not arithmetic, is what takes the time)."""
        import torch

        Settings(max_new_tokens).check()
        request = ["generate_many", [str(p) for p in prompts], int(max_new_tokens), list(stop), int(batch_size)]
        kept = memo.recall(self.folder, request)
        if kept is not None and len(kept) == len(prompts):
            return kept
        self.tokenizer.padding_side = "left"  # new tokens follow every prompt directly
        texts: list[str] = []
        for start in range(0, len(prompts), int(batch_size)):
            batch = [str(p) for p in prompts[start:start + int(batch_size)]]
            inputs = self.tokenizer(batch, return_tensors="pt", padding=True)
            length = inputs["input_ids"].shape[1]
            with torch.inference_mode():
                output = self.model.generate(**inputs, max_new_tokens=int(max_new_tokens), do_sample=False,
                                             temperature=None, top_p=None, top_k=None,
                                             pad_token_id=self.tokenizer.pad_token_id)
            texts += [_cut(self.tokenizer.decode(row[length:], skip_special_tokens=True), stop) for row in output]
        memo.remember(self.folder, request, texts)
        return texts

    def __repr__(self) -> str:
        return t("llm.repr", name=self.name)


def threads() -> int:
    """Threads for the model: ``AIJOURNEY_LLM_THREADS`` or every core this process may use.

    On a shared server set it to 1: with several kernels computing at once, threads that wait for
    each other on a busy core make generation many times slower (measured: 11 → 1 token/s with
    another process busy on 2 cores, while one thread each kept ~7 tokens/s)."""
    cores = len(os.sched_getaffinity(0))
    try:
        return max(1, min(cores, int(os.environ.get("AIJOURNEY_LLM_THREADS", cores))))
    except ValueError:
        return cores


def load_model() -> LanguageModel:
    """The configured model, loaded once per process (later calls return the same object).

    A model that was never prepared raises a Vietnamese ``ModelError`` that says which command
    prepares it.
    """
    import torch

    source = configured_source()
    folder = prepared_folder(source)
    torch.set_num_threads(threads())  # also for a model loaded before (e.g. in the process this one was forked from)
    if folder in _LOADED:
        return _LOADED[folder]
    if source.folder is None and not is_prepared(folder):
        raise ModelError(t("llm.error.not_prepared", folder=folder))
    _LOADED[folder] = LanguageModel(folder, source.name)
    return _LOADED[folder]
