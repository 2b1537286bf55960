"""GGUF → Hugging Face folder, once, at set-up.

``transformers`` reads a GGUF file (``from_pretrained(..., gguf_file=...)``, with the ``gguf``
package) by de-quantising every tensor to float32, but refuses to ``save_pretrained`` a model loaded
that way. So the model is rebuilt from its configuration in the target precision, given the
de-quantised weights, and saved like any other model; the tokenizer is saved beside it.

``transformers`` opens the GGUF file three times (configuration, tokenizer, weights) and parsing its
metadata (262,144 vocabulary entries) is most of the minute; ``_one_reader_per_file`` lets the three
share one parsed reader (the reader only reads a memory map, so sharing it is safe).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path


@contextmanager
def _one_reader_per_file():
    import gguf

    original = gguf.GGUFReader
    readers: dict[tuple[str, str], object] = {}

    def shared_reader(path, mode="r"):
        key = (str(Path(path).resolve()), mode)
        if key not in readers:
            readers[key] = original(path, mode)
        return readers[key]

    gguf.GGUFReader = shared_reader
    try:
        yield
    finally:
        gguf.GGUFReader = original


def convert_gguf(gguf: Path, out: Path, dtype: str = "float32") -> None:
    """Write ``out`` (an existing, empty folder) as a Hugging Face model + tokenizer from ``gguf``."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    gguf = Path(gguf)
    with _one_reader_per_file():
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        loaded = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    config = loaded.config
    for attribute in ("quantization_config", "_name_or_path", "_model_name_or_path"):
        if hasattr(config, attribute):
            delattr(config, attribute)
    target = getattr(torch, dtype)
    weights = {name: tensor.to(target) for name, tensor in loaded.state_dict().items()}
    del loaded
    model = AutoModelForCausalLM.from_config(config, dtype=target)
    model.load_state_dict(weights, strict=True)
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
