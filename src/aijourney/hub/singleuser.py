"""Each user's Lab on a site's hub, started as that user: first the course's lessons and contest starters are
laid out in the home (never overwriting a notebook the trainee changed), then JupyterHub's single-user server.
The course service (the formgrader, run as the grader account) starts here too, without the lessons.

The layout runs here, as the user, not in the hub (which runs as root): a trainee's symbolic link in their home
can then only lead to what the trainee may write anyway.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# jsonschema checks "iri" strings with rfc3987-syntax when that is installed, and importing it builds a whole
# grammar: seconds of every Lab's start on a 2-core machine, for a format no schema of the Jupyter server uses.
sys.modules.setdefault("rfc3987_syntax", None)  # an import of it now fails, and jsonschema skips that check


def lay_out_home(home: Path) -> None:
    from ..workspace import build_workspace

    try:
        build_workspace(None, home)
    except OSError as error:  # a full disk or a file in the way: the Lab still starts, the lessons say why not
        print(f"[aijourney] lessons not laid out in {home}: {error}", file=sys.stderr)


def main() -> None:
    if not os.environ.get("JUPYTERHUB_SERVICE_NAME"):
        lay_out_home(Path.home())
    from jupyterhub.singleuser import main as singleuser_main

    sys.exit(singleuser_main())


if __name__ == "__main__":
    main()
