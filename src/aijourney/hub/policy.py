"""Who may do what on a course's hub: users, groups and roles from the roster import's ``hub-roster.json``.

Shared by the one-machine site (``grading/hub/jupyterhub_config.py``) and the province's Kubernetes values, so
both hubs grant the same rights. Pure data in, pure data out: no JupyterHub import, nothing read or started.

- ``formgrade-<course>`` (the instructors and the grader account) may open the course service, where the
  formgrader runs as the grader account;
- ``nbgrader-<course>`` (the trainees) may find the course service, so the Assignments panel lists the course,
  but not open it: the formgrader answers them 403;
- every user's server token inherits its owner's rights (nbgrader's panels ask the hub for the user's groups).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

STATE_FILE = "hub-roster.json"


def grader_account(course_id: str) -> str:
    """The Unix account the course service (formgrader, gradebook, ``aijourney grade``) runs as."""
    return f"grader-{course_id}"


@dataclass(frozen=True)
class HubPolicy:
    course_id: str
    trainees: tuple[str, ...]
    instructors: tuple[str, ...]

    @classmethod
    def from_roster(cls, roster: dict) -> "HubPolicy":
        return cls(str(roster["course"]), tuple(roster.get("trainees", ())), tuple(roster.get("instructors", ())))

    @classmethod
    def load(cls, state: Path) -> "HubPolicy":
        return cls.from_roster(json.loads((Path(state) / STATE_FILE).read_text("utf-8")))

    @property
    def grader(self) -> str:
        return grader_account(self.course_id)

    @property
    def allowed_users(self) -> set[str]:
        """Who may log in: the roster's trainees and instructors (a removed trainee is on neither list)."""
        return set(self.trainees) | set(self.instructors)

    @property
    def groups(self) -> dict[str, dict]:
        return {f"formgrade-{self.course_id}": {"users": sorted(self.instructors)},
                f"nbgrader-{self.course_id}": {"users": sorted(self.trainees)}}

    @property
    def roles(self) -> list[dict]:
        service = self.course_id
        return [
            {"name": f"formgrade-{service}", "groups": [f"formgrade-{service}"],
             "scopes": [f"access:services!service={service}", "list:services", f"read:services!service={service}"]},
            {"name": f"nbgrader-{service}", "groups": [f"nbgrader-{service}"],
             "scopes": ["list:services", f"read:services!service={service}"]},
            {"name": "server", "scopes": ["inherit"]},
        ]

    def course_service(self, url: str, command: list[str], home: str, environment: dict[str, str]) -> dict:
        """The course service: a Jupyter server run by the hub as the grader account, named like the course."""
        return {"name": self.course_id, "url": url, "command": command, "user": self.grader, "cwd": home,
                "environment": {"JUPYTERHUB_DEFAULT_URL": "/lab", **environment}, "oauth_no_confirm": True}
