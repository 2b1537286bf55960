"""The verifier process: runs the instructor's cells — read-only set-up cells and tests — for one
submission, in a process where no trainee code ever runs.

It is forked from the grading worker (which holds the assignment's source, never a trainee's
code) and talks only to that worker. A test's names resolve to the instructor's own values first
and then to the trainee's (``remote.ResolvingNamespace``): plain data is copied in as its base
type, everything else is a proxy to the trainee process. The points, the comparison and the
report (the cell's outputs, read by nbgrader's ``determine_grade``) are all computed here.
"""

from __future__ import annotations

import os
import socket
import sys
import time

from . import capture, remote
from .channel import Channel
from .sandbox import Limits, die_with_parent

# the verifier's own clock runs a little longer than the trainee's, so that a trainee that runs
# out of time is reported (as a timeout) before the verifier's alarm fires
VERIFIER_MARGIN = 1.0


# nbgrader gives full marks to a test cell whose last value is not a number (an array, a Series…):
# here such a cell is an error, so trainee data flowing into a partial-credit formula cannot earn them
NOT_A_SCORE = {"output_type": "error", "ename": "TestResultError", "evalue": "",
               "traceback": ["TestResultError: the test's last value is not a number of points"]}


def _score_output(value, outputs: list[dict]) -> list[dict]:
    """The test cell's outputs with its result checked: None (all or nothing) or a finite real
    number; a numpy number is written as a plain float so that nbgrader reads it."""
    import math

    kept = [o for o in outputs if o.get("output_type") != "execute_result"]
    if value is None:
        return kept
    np = sys.modules.get("numpy")
    if type(value) in (int, float) and math.isfinite(value):
        return outputs
    if np is not None and isinstance(value, (np.integer, np.floating)) and np.isfinite(value):
        return kept + [{"output_type": "execute_result", "data": {"text/plain": repr(float(value))},
                        "metadata": {}, "execution_count": None}]
    return kept + [dict(NOT_A_SCORE, evalue=f"{type(value).__name__} (expected a number)")]


def run(sock: socket.socket, limits: Limits, parent: int, state: dict) -> None:
    """Serve cells from the worker until told to stop (runs in the forked verifier process)."""
    die_with_parent(parent)
    channel = Channel(sock)
    deadline = [time.monotonic()]
    link = remote.Remote(channel, lambda: deadline[0] - VERIFIER_MARGIN)
    remote._REMOTE = link
    ns = remote.ResolvingNamespace(link)
    shell, sink_ref = state["shell"], state["sink_ref"]
    shell.init_create_namespaces(user_ns=ns)
    shell.init_user_ns()
    ns.update(state.get("setup_ns") or {})  # what the read-only cells define, computed once by the worker
    capture.prepare_shell(sink_ref)
    capture.arm_alarm()
    budget = capture.Sink(limits.output_bytes, interrupt=False)
    while True:
        msg, _ = channel.recv(None)
        kind = msg.get("type")
        if kind == "rep":
            continue  # a late answer to a request that already timed out
        if kind != "cell":
            break
        ns.new_cell()
        timeout = float(msg["timeout"]) + VERIFIER_MARGIN
        deadline[0] = time.monotonic() + timeout
        result = capture.run_cell(shell, sink_ref, budget, msg["source"], timeout, store_history=False,
                                  silent=not msg.get("test"))  # set-up cells: nothing to show
        value = result.pop("value")
        if not msg.get("test"):
            result["outputs"] = []  # the trainee process shows set-up cells
        else:
            result["outputs"] = _score_output(value, result["outputs"])
        channel.send({"type": "done", "i": msg.get("i"), **result})
    os._exit(0)
