"""Feedback without hidden tests.

Stock nbgrader puts the hidden tests into the feedback HTML it sends to trainees (by design,
nbgrader #917/#1363): the test cell's source, and the traceback of a failing hidden assert.
``HideHiddenTests`` is added to ``GenerateFeedback.preprocessors`` (see
``aijourney.course.nbgrader_config``): it removes the hidden region from every test cell with
nbgrader's own ``ClearHiddenTests`` and, where a cell had hidden tests, keeps only the error's
name and message, never its traceback (which quotes the failing line).
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

HIDDEN_NOTE = "(một kiểm tra ẩn không đạt)"


class HideHiddenTests(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        clear = ClearHiddenTests(parent=self)
        clear.enforce_metadata = False
        begin = clear.begin_test_delimeter
        for cell in nb.cells:
            if cell.cell_type != "code" or begin not in cell.source:
                continue
            clear._remove_hidden_test_region(cell)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    evalue = output.get("evalue", "")
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {evalue or HIDDEN_NOTE}"]
        return nb, resources
