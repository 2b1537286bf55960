"""Capture what a cell shows — streams, displays, results, errors — as nbformat outputs,
within an output budget, inside an IPython shell that has no kernel."""

from __future__ import annotations

import json

TIMEOUT_ERROR = {
    "output_type": "error",
    "ename": "CellTimeoutError",
    "evalue": "",
    "traceback": ["CellTimeoutError: No reply from kernel before timeout"],
}


class CellTimeout(BaseException):
    """Raised in a process whose cell ran out of time (not catchable as ``Exception``)."""


class OutputLimit(BaseException):
    pass


class Sink:
    """Collects a cell's outputs, within the submission's output budget. Past the budget, output
    is dropped and — where ``interrupt`` — the running code is interrupted (``OutputLimit``); the
    verifier never interrupts a test for its output (errors are always kept)."""

    def __init__(self, budget: int, interrupt: bool = True):
        self.outputs: list[dict] = []
        self.remaining = budget
        self.exceeded = False
        self.interrupt = interrupt

    def charge(self, n: int) -> bool:
        """True when ``n`` more bytes of output may be kept."""
        if not self.exceeded:
            self.remaining -= n
            if self.remaining >= 0:
                return True
            self.exceeded = True
            self.outputs.append({"output_type": "stream", "name": "stderr",
                                 "text": "\n[aijourney] output limit reached: the rest of the output was dropped\n"})
        if self.interrupt:
            raise OutputLimit()
        return False

    def stream(self, name: str, text: str) -> None:
        if not self.charge(len(text)):
            return
        if self.outputs and self.outputs[-1].get("output_type") == "stream" and self.outputs[-1]["name"] == name:
            self.outputs[-1]["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})


class Stream:
    def __init__(self, sink_ref: list, name: str):
        self._sink_ref, self.name = sink_ref, name
        self.encoding, self.errors = "utf-8", "strict"

    def write(self, text) -> int:
        text = str(text)
        self._sink_ref[0].stream(self.name, text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("no file descriptor while grading")


def install_capture(shell, sink_ref: list) -> None:
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher

    class Hook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            data = {k: v for k, v in format_dict.items()}
            # a cell's result is kept even past the budget: in a test it is the score
            sink_ref[0].charge(len(json.dumps(data, default=str)))
            sink_ref[0].outputs.append({"output_type": "execute_result", "data": data, "metadata": md_dict or {},
                                        "execution_count": self.shell.execution_count})

        def finish_displayhook(self):
            pass

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kw):
            if sink_ref[0].charge(len(json.dumps(data, default=str))):
                sink_ref[0].outputs.append({"output_type": "display_data", "data": dict(data), "metadata": metadata or {}})

        def clear_output(self, wait=False):
            sink_ref[0].outputs[:] = []

    def showtraceback(etype, evalue, stb):
        if etype is OutputLimit:
            return
        sink_ref[0].outputs.append({"output_type": "error", "ename": getattr(etype, "__name__", str(etype)),
                                    "evalue": str(evalue), "traceback": list(stb)})

    shell.displayhook = Hook(shell=shell, cache_size=0)
    shell.display_trap.hook = shell.displayhook
    shell.display_pub = Publisher(shell=shell)
    shell._showtraceback = showtraceback
    shell.colors = "NoColor"


def new_shell():
    """The process's IPython shell, without a history file (grading processes write nothing)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    if InteractiveShell.initialized():
        return InteractiveShell.instance()
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell.instance(config=config)
    # plain tracebacks (file, line, code, error): the rich mode inspects every loaded module and
    # costs ~25 ms per error, paid by every failing test
    shell.InteractiveTB.set_mode(mode="Plain")
    return shell


def prepare_shell(sink_ref: list):
    """The process's IPython shell with capture installed, and stdout/stderr redirected."""
    import sys

    shell = new_shell()
    install_capture(shell, sink_ref)
    sys.stdout, sys.stderr = Stream(sink_ref, "stdout"), Stream(sink_ref, "stderr")
    return shell


def arm_alarm() -> None:
    """SIGALRM raises ``CellTimeout`` in this process."""
    import signal

    def on_alarm(signum, frame):
        raise CellTimeout()

    signal.signal(signal.SIGALRM, on_alarm)


def stop_clock() -> None:
    """Disarm the cell's clock. An alarm that fired just before (its handler runs at the next
    instruction, possibly here) is absorbed: it must never reach the process's own loop."""
    import signal

    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        except CellTimeout:
            continue


def run_cell(shell, sink_ref: list, budget: Sink, source: str, timeout: float, store_history: bool = True,
             silent: bool = False) -> dict:
    """Run one cell with a wall clock; its outputs count against ``budget``."""
    import signal
    import sys
    import time

    sink = Sink(budget.remaining, budget.interrupt)
    sink.exceeded = budget.exceeded
    sink_ref[0] = sink
    start, timed_out, result = time.monotonic(), False, None
    try:
        # fires again every half second: code that swallows the first interrupt gets more
        signal.setitimer(signal.ITIMER_REAL, max(timeout, 0.001), 0.5)
        try:
            result = shell.run_cell(source, store_history=store_history, silent=silent)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except CellTimeout:
        timed_out = True
    except OutputLimit:
        pass
    stop_clock()
    if timed_out or any(o.get("ename") == "CellTimeout" for o in sink.outputs):
        sink.outputs = [o for o in sink.outputs if o.get("output_type") != "error"] + [dict(TIMEOUT_ERROR)]
    budget.remaining, budget.exceeded = sink.remaining, sink.exceeded
    sys.stdout.flush()
    return {"outputs": sink.outputs, "count": shell.execution_count - 1, "seconds": time.monotonic() - start,
            "value": getattr(result, "result", None)}


SHOWN_TYPES = {"stream", "display_data"}  # what trainee code may show under a test cell
CELL_TYPES = SHOWN_TYPES | {"execute_result", "error"}


def clean_outputs(outputs, allowed: set[str], budget: list[int]) -> list[dict]:
    """Outputs another process reported, rebuilt from their plain fields: only the allowed types,
    within ``budget`` (a one-item list, decreased)."""
    kept = []
    for o in outputs if isinstance(outputs, list) else []:
        if not isinstance(o, dict) or o.get("output_type") not in allowed:
            continue
        kind = o["output_type"]
        if kind == "stream":
            o = {"output_type": "stream", "name": "stderr" if o.get("name") == "stderr" else "stdout",
                 "text": str(o.get("text", ""))}
        elif kind == "error":
            o = {"output_type": "error", "ename": str(o.get("ename", "Error")), "evalue": str(o.get("evalue", "")),
                 "traceback": [str(t) for t in o.get("traceback", [])] if isinstance(o.get("traceback"), list) else []}
        else:
            data = o.get("data") if isinstance(o.get("data"), dict) else {}
            o = {"output_type": kind, "metadata": {},
                 "data": {str(k): v if isinstance(v, str) else str(v) for k, v in data.items()}}
            if kind == "execute_result":
                o["execution_count"] = None
        size = len(str(o))
        if size > budget[0]:
            kept.append({"output_type": "stream", "name": "stderr",
                         "text": "\n[aijourney] output limit reached: the rest of the output was dropped\n"})
            budget[0] = 0
            break
        budget[0] -= size
        kept.append(o)
    return kept
