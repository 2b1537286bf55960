"""How the suite is shared between pytest-xdist workers (``make test`` runs ``-n 3 --dist loadgroup``; the
scheduler below replaces loadgroup's, see ``pytest_xdist_make_scheduler`` in conftest.py).

A unit of work goes to one worker and runs there in order. By default a unit is one test file, so each
module-scoped fixture (a released course, a running Lab) is built once. Two exceptions, read from the node
id alone (the scheduler sees nothing else; pytest-xdist's ``xdist_group`` marks do not reach it under pytest 9):
- tests/test_assignments.py: one unit per assignment (the test's parameter), so workers grade several
  assignments at once;
- a lesson: its worked-solution run (tests/test_exercises_all.py) and its nbval run (notebooks/…) form one unit,
  so they run one after the other and the second reuses what the language model wrote in the first.
Units go out in collection order, each to the first worker that runs low.
"""

from xdist.scheduler import LoadScopeScheduling

ASSIGNMENT_TESTS = "tests/test_assignments.py"
WORKED_SOLUTIONS = "tests/test_exercises_all.py::test_every_worked_solution_runs_and_is_correct"


def unit_of(nodeid: str) -> str:
    """The unit of work a test belongs to."""
    path = nodeid.split("::", 1)[0]
    param = nodeid[nodeid.find("[") + 1:-1] if nodeid.endswith("]") and "[" in nodeid else ""
    if path.startswith("notebooks/") and path.endswith(".ipynb"):
        return "lesson:" + path.removeprefix("notebooks/")
    if nodeid.startswith(WORKED_SOLUTIONS + "[") and param:
        return "lesson:" + param
    if path == ASSIGNMENT_TESTS and param:
        return "assignment:" + param
    return path


class FileOrGroupScheduling(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)
