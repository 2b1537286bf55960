"""How the suite is shared between pytest-xdist workers (``make test`` runs ``-n 2 --dist loadgroup``).

A unit of work is one test file, so each module-scoped fixture (a released course, a running Lab, a
graded class) is built once, on one worker. A test marked ``xdist_group(name)`` forms a unit with the
other tests of that group instead: tests/test_assignments.py marks each assignment, so two workers grade
two assignments at once. Units go out in collection order, each to the first worker that runs low.
"""

from xdist.scheduler import LoadScopeScheduling


class FileOrGroupScheduling(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        # --dist loadgroup appends "@<group>" to the node id of a test marked xdist_group
        if nodeid.rfind("@") > nodeid.rfind("]"):
            return nodeid.rsplit("@", 1)[-1]
        return nodeid.split("::", 1)[0]
