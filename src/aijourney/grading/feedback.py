"""Feedback without hidden tests.

Stock nbgrader puts the hidden tests into the feedback HTML it sends to trainees (by design,
nbgrader #917/#1363): the test cell's source, and the traceback of a failing hidden assert.
``HideHiddenTests`` is added to ``GenerateFeedback.preprocessors`` (see
``aijourney.course.nbgrader_config``). It

- removes the hidden region from every test cell with nbgrader's own ``ClearHiddenTests``;
- keeps only the error's name and message, never its traceback (which quotes the failing line),
  where a cell had hidden tests;
- blanks any output, of any cell, that quotes a hidden-test line: a notebook could print what it
  found while running (``In``, ``_ih``, the history), and that output would reach the trainee.
"""

from __future__ import annotations

import re

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

HIDDEN_NOTE = "(một kiểm tra ẩn không đạt)"
REDACTED = "[Phần này có nội dung kiểm tra ẩn nên không được hiển thị.]"
MIN_LINE = 12  # shorter lines (e.g. "import math") are not secrets


def _texts(output) -> list[str]:
    texts = []
    if "text" in output:
        texts.append(output["text"] if isinstance(output["text"], str) else "".join(output["text"]))
    for value in output.get("data", {}).values():
        texts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list) else str(value))
    texts.append(output.get("evalue", ""))
    texts.extend(output.get("traceback", []))
    return texts


class HideHiddenTests(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        clear = ClearHiddenTests(parent=self)
        clear.enforce_metadata = False
        begin, end = re.escape(clear.begin_test_delimeter), re.escape(clear.end_test_delimeter)
        secrets: set[str] = set()
        for cell in nb.cells:
            if cell.cell_type != "code" or clear.begin_test_delimeter not in cell.source:
                continue
            for block in re.findall(rf"{begin}(.*?){end}", cell.source, flags=re.S):
                secrets.update(line.strip() for line in block.splitlines() if len(line.strip()) >= MIN_LINE)
            clear._remove_hidden_test_region(cell)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    evalue = output.get("evalue", "")
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {evalue or HIDDEN_NOTE}"]
        if secrets:
            for cell in nb.cells:
                for i, output in enumerate(cell.get("outputs", [])):
                    if any(secret in text for text in _texts(output) for secret in secrets):
                        cell.outputs[i] = {"output_type": "stream", "name": "stdout", "text": REDACTED + "\n"}
        return nb, resources
