"""A tiny Gemma 3 model written as a real GGUF file (with the ``gguf`` package's writer): the same
architecture and tokenizer kind as the course's model, one layer of width 64 and a vocabulary of a few
hundred tokens, random weights. Preparing it takes seconds instead of the real model's half minute, so
tests of what preparation does (interrupted, repeated) can run it more than once."""

from pathlib import Path

import numpy as np

SPECIAL = ["<pad>", "<eos>", "<bos>", "<unk>"]  # ids 0-3, as in Gemma
WORDS = ("xin chào việt nam đồng nai hạt điều hồ tiêu cà phê căn cước dịch vụ công trả lời câu hỏi "
         "một hai ba là có không và của cho").split()
WIDTH, HEADS, HEAD_DIM, FF = 64, 2, 32, 128


def _vocabulary() -> tuple[list[str], list[float], list[int]]:
    """Special tokens, the 256 byte tokens (any text can be encoded), letters, then whole words."""
    letters = sorted({ch for word in WORDS for ch in word})
    tokens = SPECIAL + [f"<0x{b:02X}>" for b in range(256)] + ["▁"] + letters + ["▁" + w for w in WORDS]
    types = [3] * len(SPECIAL) + [6] * 256 + [1] * (len(tokens) - len(SPECIAL) - 256)  # control, byte, normal
    scores = [0.0] * (len(SPECIAL) + 256) + [-float(i) for i in range(len(tokens) - len(SPECIAL) - 256)]
    return tokens, scores, types


def write_tiny_gguf(path: Path) -> Path:
    import gguf

    tokens, scores, types = _vocabulary()
    writer = gguf.GGUFWriter(str(path), "gemma3")
    writer.add_name("tiny gemma3 (tests)")
    writer.add_context_length(512)
    writer.add_embedding_length(WIDTH)
    writer.add_block_count(1)
    writer.add_feed_forward_length(FF)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(1)
    writer.add_key_length(HEAD_DIM)
    writer.add_value_length(HEAD_DIM)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_rope_freq_base(10000.0)
    writer.add_sliding_window(64)
    writer.add_tokenizer_model("llama")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(2)
    writer.add_eos_token_id(1)
    writer.add_unk_token_id(3)
    writer.add_pad_token_id(0)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    rng = np.random.default_rng(0)
    writer.add_tensor("token_embd.weight", (rng.standard_normal((len(tokens), WIDTH)) * 0.02).astype(np.float32))
    writer.add_tensor("output_norm.weight", np.ones(WIDTH, np.float32))
    matrices = {"attn_q": (HEADS * HEAD_DIM, WIDTH), "attn_k": (HEAD_DIM, WIDTH), "attn_v": (HEAD_DIM, WIDTH),
                "attn_output": (WIDTH, HEADS * HEAD_DIM), "ffn_gate": (FF, WIDTH), "ffn_up": (FF, WIDTH),
                "ffn_down": (WIDTH, FF)}
    for name, shape in matrices.items():
        writer.add_tensor(f"blk.0.{name}.weight", (rng.standard_normal(shape) * 0.02).astype(np.float32))
    norms = {"attn_norm": WIDTH, "ffn_norm": WIDTH, "post_attention_norm": WIDTH, "post_ffw_norm": WIDTH,
             "attn_q_norm": HEAD_DIM, "attn_k_norm": HEAD_DIM}
    for name, size in norms.items():
        writer.add_tensor(f"blk.0.{name}.weight", np.ones(size, np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
