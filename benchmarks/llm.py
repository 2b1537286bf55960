"""The offline language model's budgets: load time from the prepared cache, greedy generation speed
and peak memory, measured in a fresh process (nothing loaded before).

    .venv/bin/python benchmarks/llm.py

Budgets (issue: generative AI): load ≤ 5 s, ≥ 15 generated tokens/s on 2 cores (greedy, a prompt of
at most 256 tokens), peak RSS ≤ 1.5 GB. The baseline in the same run is the first generation step
alone (prompt processing), so ``tokens_per_s`` counts only the tokens generated after it.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

BUDGET_LOAD_S = 5.0
BUDGET_TOKENS_PER_S = 15.0
BUDGET_RSS_MB = 1536.0
NEW_TOKENS = 64
PROMPT = ("Đoàn Thanh niên tỉnh Đồng Nai mở lớp học trí tuệ nhân tạo cho đoàn viên ở các xã, phường. "
          "Trong buổi học đầu tiên, các bạn được hướng dẫn dùng trợ lý ảo để tra cứu thủ tục hành chính, "
          "viết thư xin việc và lập kế hoạch bán hạt điều trên mạng. Giảng viên nhắc rằng")


def measure() -> dict:
    """In a fresh process: load, warm up, time prompt processing and greedy generation."""
    import torch

    started = time.perf_counter()
    from aijourney.llm import load_model

    model = load_model()
    load_s = time.perf_counter() - started
    inputs = model.tokenizer(PROMPT, return_tensors="pt")
    prompt_tokens = int(inputs["input_ids"].shape[1])
    assert prompt_tokens <= 256, prompt_tokens
    with torch.inference_mode():
        model.model.generate(**inputs, max_new_tokens=2, do_sample=False)  # warm-up
        t0 = time.perf_counter()
        model.model.generate(**inputs, max_new_tokens=1, do_sample=False)
        first_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        out = model.model.generate(**inputs, max_new_tokens=NEW_TOKENS, min_new_tokens=NEW_TOKENS, do_sample=False)
        total_s = time.perf_counter() - t0
    generated = int(out.shape[1]) - prompt_tokens
    return {"model": model.name, "threads": torch.get_num_threads(), "prompt_tokens": prompt_tokens,
            "load_s": round(load_s, 2), "prompt_s": round(first_s, 2),
            "tokens_per_s": round((generated - 1) / max(total_s - first_s, 1e-9), 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> int:
    if sys.argv[1:] == ["--child"]:
        print(json.dumps(measure()))
        return 0
    proc = subprocess.run([sys.executable, __file__, "--child"], capture_output=True, text=True)
    if proc.returncode:
        print(proc.stderr[-3000:], file=sys.stderr)
        return proc.returncode
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    print(json.dumps(r, ensure_ascii=False))
    ok = (r["load_s"] <= BUDGET_LOAD_S and r["tokens_per_s"] >= BUDGET_TOKENS_PER_S
          and r["peak_rss_mb"] <= BUDGET_RSS_MB)
    print(f"budgets: load ≤ {BUDGET_LOAD_S} s, ≥ {BUDGET_TOKENS_PER_S} tokens/s, peak RSS ≤ {BUDGET_RSS_MB:.0f} MB: "
          + ("met" if ok else "NOT met"))
    print(f"RESULT load_s={r['load_s']} tokens_per_s={r['tokens_per_s']} peak_rss_mb={r['peak_rss_mb']} "
          f"prompt_tokens={r['prompt_tokens']} prompt_s={r['prompt_s']} threads={r['threads']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
