"""Each user's Lab on a site's hub, started as that user: first the course's lessons and contest starters are
laid out in the home (never overwriting a notebook the trainee changed), then JupyterHub's single-user server.

The layout runs here, as the user, not in the hub (which runs as root): a trainee's symbolic link in their home
can then only lead to what the trainee may write anyway.
"""

from __future__ import annotations

import sys
from pathlib import Path


def lay_out_home(home: Path) -> None:
    from ..workspace import build_workspace

    try:
        build_workspace(None, home)
    except OSError as error:  # a full disk or a file in the way: the Lab still starts, the lessons say why not
        print(f"[aijourney] lessons not laid out in {home}: {error}", file=sys.stderr)


def main() -> None:
    lay_out_home(Path.home())
    from jupyterhub.singleuser import main as singleuser_main

    sys.exit(singleuser_main())


if __name__ == "__main__":
    main()
