"""The province's Kubernetes files (grading/k8s/) say what the code needs: every YAML parses; the chart values grant
exactly what ``HubPolicy`` grants for a sample roster (the hub's own configuration snippets are run); every pod runs
with the right Unix id, volumes, gradebook and Dask address; every command a manifest runs is one the CLI accepts;
the images install exactly the pinned packages, pin their bases and never hold an assignment's answers. Nothing is
built or started (tests/test_hub_cluster.py tests the accounts and commands behind these files)."""

from __future__ import annotations

import functools
import json
import re
import shlex
import sys
import types
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from traitlets.config import Config

from aijourney import cli
from aijourney.course import DEFAULT_COURSE_ID, REPO_ROOT
from aijourney.hub import cluster
from aijourney.hub.policy import HubPolicy, grader_account
from aijourney.lab import KERNEL_CULLING, trainee_config_dir

K8S = REPO_ROOT / "grading" / "k8s"
MANIFESTS = ["storage.yaml", "gradebook.yaml", "dask.yaml", "grader.yaml", "grading-jobs.yaml"]
ROSTER = ("username,full_name,site,area,role\n"
          "lan01,Nguyễn Thị Lan,Xã Tân Phú,Đồng Phú,trainee\n"
          "minh02,Trần Văn Minh,Phường Bình Phước,,trainee\n"
          "thaygiao,Lê Văn Giáo,,,instructor\n")


@functools.cache
def documents(name: str) -> tuple[dict, ...]:
    return tuple(d for d in yaml.safe_load_all((K8S / name).read_text("utf-8")) if d is not None)


def values() -> dict:
    [only] = documents("values.yaml")
    return only


def manifests() -> list[dict]:
    return [d for name in MANIFESTS for d in documents(name)]


def pod_specs() -> list[dict]:
    """Every pod template of the manifests (Deployments, StatefulSets, Jobs, CronJobs)."""
    specs = [d.get("spec", {}) for d in manifests()]
    return [s.get("jobTemplate", {}).get("spec", s)["template"] for s in specs
            if "template" in s.get("jobTemplate", {}).get("spec", s)]


def containers(template: dict) -> list[dict]:
    return [*template["spec"].get("initContainers", []), *template["spec"]["containers"]]


def env_of(container: dict) -> dict[str, object]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container.get("env", [])}


def by_name(kind: str, name: str) -> dict:
    [found] = [d for d in manifests() if d["kind"] == kind and d["metadata"]["name"] == name]
    return found


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    lines = [line.split("#")[0].strip() for line in path.read_text("utf-8").splitlines()]
    return {normal(line.split("==")[0]): line.split("==")[1].strip() for line in lines if "==" in line}


def test_every_file_parses_and_every_manifest_is_complete():
    assert sorted(p.name for p in K8S.glob("*.yaml")) == sorted([*MANIFESTS, "values.yaml"])
    for d in manifests():
        assert d["apiVersion"] and d["kind"] and d["metadata"]["name"], d
    for template in pod_specs():
        for container in containers(template):
            ours = container["image"].startswith("registry.example.org/aijourney/")
            assert container["image"] and (container.get("command") or not ours), container
    assert {"hub", "singleuser", "cull", "scheduling", "prePuller"} <= set(values())


def test_the_values_set_what_the_hub_relies_on():
    v = values()
    hub, user = v["hub"], v["singleuser"]
    assert {"10-authenticator", "20-roster", "30-unix-ids"} <= set(hub["extraConfig"])
    assert hub["config"]["NativeAuthenticator"]["open_signup"] is False
    assert hub["config"]["JupyterHub"]["admin_access"] is False  # operators may not open a trainee's server
    assert user["image"]["name"] and user["image"]["tag"]
    module = user["cmd"][user["cmd"].index("-m") + 1]
    assert (REPO_ROOT / "src" / Path(*module.split("."))).with_suffix(".py").is_file()
    page = user["defaultUrl"].removeprefix("/lab/tree/")
    assert user["defaultUrl"].startswith("/lab/tree/") and (REPO_ROOT / "notebooks" / page).is_file()
    mounts = {m["mountPath"]: m["name"] for m in user["storage"]["extraVolumeMounts"]}
    volumes = {vol["name"]: vol for vol in user["storage"]["extraVolumes"]}
    exchange = user["extraEnv"]["AIJOURNEY_EXCHANGE"]
    assert volumes[mounts[exchange]]["persistentVolumeClaim"]["claimName"] == "aijourney-exchange"
    assert volumes[mounts["/var/lib/extrausers"]]["configMap"]["name"] == "aijourney-accounts"
    assert user["storage"]["type"] == "dynamic" and user["storage"]["dynamic"]["storageAccessModes"] == ["ReadWriteOnce"]
    assert v["cull"]["enabled"] is True and v["cull"]["timeout"] > 0 and v["cull"]["users"] is False
    assert float(user["cpu"]["guarantee"]) <= float(user["cpu"]["limit"])
    assert int(user["memory"]["guarantee"].rstrip("G")) < int(user["memory"]["limit"].rstrip("G"))
    rules = user["networkPolicy"]["egressAllowRules"]
    assert user["networkPolicy"]["enabled"] and rules["nonPrivateIPs"] is False and rules["privateIPs"] is False


def test_the_trainee_lab_gets_the_course_settings_of_a_site(tmp_path):
    user = values()["singleuser"]
    files = {f["mountPath"]: f["data"] for f in user["extraFiles"].values()}
    config = user["extraEnv"]["JUPYTER_CONFIG_PATH"]
    assert all(path.startswith(config + "/") for path in files)
    nbgrader = files[f"{config}/nbgrader_config.json"]
    assert nbgrader["CourseDirectory"]["course_id"] == user["extraEnv"]["AIJOURNEY_COURSE"] == DEFAULT_COURSE_ID
    assert nbgrader["Exchange"] == {"root": user["extraEnv"]["AIJOURNEY_EXCHANGE"], "path_includes_course": False}
    server = files[f"{config}/jupyter_server_config.json"]
    assert {f"MappingKernelManager.{k}": v for k, v in server["MappingKernelManager"].items()} == KERNEL_CULLING
    extensions = server["ServerApp"]["jpserver_extensions"]
    assert extensions == {"nbgrader.server_extensions.formgrader": False, "nbgrader.server_extensions.course_list": False}
    page = files[f"{config}/labconfig/page_config.json"]
    site_page = json.loads((trainee_config_dir(tmp_path) / "labconfig" / "page_config.json").read_text("utf-8"))
    assert page == site_page  # the same as a site's trainees get


@pytest.fixture
def hub_state(tmp_path, monkeypatch):
    """A roster imported for the cluster, and the hub's environment pointing at it (as values.yaml sets it)."""
    (tmp_path / "roster.csv").write_text(ROSTER, "utf-8")
    cluster.import_roster(tmp_path / "roster.csv", tmp_path / "hub", DEFAULT_COURSE_ID)
    environment = dict(values()["hub"]["extraEnv"])
    environment.update(AIJOURNEY_HUB_STATE=str(tmp_path / "hub"), AIJOURNEY_ACCOUNTS=str(tmp_path / "hub" / "passwd"),
                       AIJOURNEY_SERVICE_TOKEN="token-for-the-test")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    fake = types.ModuleType("nativeauthenticator")
    fake.__file__ = str(tmp_path / "nativeauthenticator" / "__init__.py")
    fake.NativeAuthenticator = type("NativeAuthenticator", (), {"admin_users": {"quan-tri"}, "log": None})
    monkeypatch.setitem(sys.modules, "nativeauthenticator", fake)
    return tmp_path / "hub"


def run_extra_config() -> Config:
    """The chart's configuration as it stands before hub.extraConfig (its culler's role and service), then every
    snippet of hub.extraConfig in the chart's order."""
    c = Config()
    c.JupyterHub.load_roles = [{"name": "jupyterhub-idle-culler", "services": ["jupyterhub-idle-culler"]}]
    c.JupyterHub.services = [{"name": "jupyterhub-idle-culler", "command": ["python3", "-m", "jupyterhub_idle_culler"]}]
    for _, code in sorted(values()["hub"]["extraConfig"].items()):
        exec(compile(code, "extraConfig", "exec"), {"c": c})
    return c


def test_the_hub_grants_what_hub_policy_grants_for_a_sample_roster(hub_state):
    policy = HubPolicy.load(hub_state)
    assert policy.trainees == ("lan01", "minh02") and policy.instructors == ("thaygiao",)
    c = run_extra_config()
    assert "allowed_users" not in c.Authenticator  # NativeAuthenticator would approve their sign-ups unasked
    assert c.JupyterHub.load_groups == policy.groups
    assert c.JupyterHub.load_roles == [{"name": "jupyterhub-idle-culler", "services": ["jupyterhub-idle-culler"]},
                                       *policy.roles]
    culler, service = c.JupyterHub.services
    expected = policy.course_service(values()["hub"]["extraEnv"]["AIJOURNEY_GRADER_URL"], [], "", {})
    assert service == {**{k: v for k, v in expected.items() if k not in ("command", "user", "cwd", "environment")},
                       "api_token": "token-for-the-test"}
    authenticator = c.JupyterHub.authenticator_class()
    names = ["lan01", "minh02", "thaygiao", "quan-tri", "grader-aijourney", "stranger"]
    assert [n for n in names if authenticator.check_allowed(n)] == sorted(policy.allowed_users) + ["quan-tri"]


def test_each_trainee_pod_runs_as_their_own_id_and_nobody_without_one(hub_state):
    c = run_extra_config()
    table = cluster.read_uids((hub_state / "passwd").read_text("utf-8"))
    spawner = types.SimpleNamespace(user=types.SimpleNamespace(name="minh02"))
    assert c.KubeSpawner.uid(spawner) == c.KubeSpawner.gid(spawner) == c.KubeSpawner.fs_gid(spawner) == table["minh02"]
    assert len({table["lan01"], table["minh02"], table["thaygiao"]}) == 3
    for name in ("stranger", grader_account(DEFAULT_COURSE_ID)):
        with pytest.raises(cluster.AccountsError):
            c.KubeSpawner.uid(types.SimpleNamespace(user=types.SimpleNamespace(name=name)))


def settings_of(container: dict) -> cluster.ClusterSettings:
    return cluster.ClusterSettings.from_environment({k: v for k, v in env_of(container).items() if isinstance(v, str)})


def test_every_command_a_manifest_runs_is_one_the_cli_accepts():
    scheduler = by_name("Service", "aijourney-dask-scheduler")
    port = {p["name"]: p["port"] for p in scheduler["spec"]["ports"]}["scheduler"]
    address = f"tcp://{scheduler['metadata']['name']}:{port}"
    worker = containers(by_name("Deployment", "aijourney-dask-worker")["spec"]["template"])[0]
    assert worker["command"][:3] == ["dask", "worker", address]
    seen, parser = set(), cli.build_parser()
    for template in pod_specs():
        for container in containers(template):
            command = [str(word) for word in container.get("command", [])]
            if "aijourney.hub.cluster" not in command:
                continue
            action = command[command.index("aijourney.hub.cluster") + 1:]
            if action == ["service"]:
                seen.add("service")
                continue
            assert action[0] == "cli"
            args = parser.parse_args(settings_of(container).cli_arguments(action[1:]))
            seen.add(args.command)
            if args.command == "grade":
                assert args.dask == address
    assert {"service", "collect", "grade", "feedback", "contest"} <= seen


def test_the_course_settings_agree_in_every_pod_of_the_grader():
    course_pods = [t for t in pod_specs() if any("aijourney.hub.cluster" in c.get("command", []) for c in containers(t))]
    assert len(course_pods) == 4  # the course service, the grading Job, the nightly CronJob, the contest scorer
    gradebook = by_name("StatefulSet", "aijourney-gradebook")
    postgres = env_of(containers(gradebook["spec"]["template"])[0])
    service = by_name("Service", "aijourney-gradebook")
    user_env = values()["singleuser"]["extraEnv"]
    for template in course_pods:
        assert template["spec"]["securityContext"]["runAsUser"] == cluster.GRADER_UID
        volumes = {v["name"]: v for v in template["spec"]["volumes"]}
        for container in containers(template):
            settings, env = settings_of(container), env_of(container)
            assert settings.course_id == user_env["AIJOURNEY_COURSE"] == DEFAULT_COURSE_ID
            assert str(settings.exchange) == user_env["AIJOURNEY_EXCHANGE"]
            url = urlparse(settings.db_url)
            assert url.password is None and url.hostname == service["metadata"]["name"]
            assert url.port == service["spec"]["ports"][0]["port"] and url.username == postgres["POSTGRES_USER"]
            assert url.path == "/" + postgres["POSTGRES_DB"] and env["PGPASSWORD"] == postgres["POSTGRES_PASSWORD"]
            mounts = {m["mountPath"]: volumes[m["name"]] for m in container["volumeMounts"]}
            assert mounts[str(settings.exchange)]["persistentVolumeClaim"]["claimName"] == "aijourney-exchange"
            assert mounts[str(settings.course_dir.parent)]["persistentVolumeClaim"]["claimName"] == "aijourney-course"
            assert settings.state.parent == settings.course_dir.parent
            assert mounts["/var/lib/extrausers"]["configMap"]["name"] == "aijourney-accounts"


def test_the_course_service_pod_is_the_service_the_hub_routes_to():
    policy = HubPolicy(DEFAULT_COURSE_ID, (), ())
    deployment = by_name("Deployment", "aijourney-grader")
    env = env_of(containers(deployment["spec"]["template"])[0])
    expected = policy.course_service("", [], "", {})
    assert env["JUPYTERHUB_SERVICE_NAME"] == expected["name"] and env["JUPYTERHUB_USER"] == policy.grader
    assert env["JUPYTERHUB_DEFAULT_URL"] == expected["environment"]["JUPYTERHUB_DEFAULT_URL"]
    assert env["JUPYTERHUB_SERVICE_PREFIX"] == f"/services/{policy.course_id}/"
    assert env["JUPYTERHUB_CLIENT_ID"] == f"service-{policy.course_id}"
    hub_env = values()["hub"]["extraEnv"]
    assert env["JUPYTERHUB_API_TOKEN"] == hub_env["AIJOURNEY_SERVICE_TOKEN"]["valueFrom"]
    grader = urlparse(hub_env["AIJOURNEY_GRADER_URL"])
    port = by_name("Service", "aijourney-grader")["spec"]["ports"][0]["port"]
    assert (grader.hostname, grader.port) == (deployment["metadata"]["name"], port)
    hub_mounts = {m["mountPath"]: m for m in values()["hub"]["extraVolumeMounts"]}
    assert hub_mounts[hub_env["AIJOURNEY_HUB_STATE"]]["subPath"] == "hub"
    assert str(Path(hub_env["AIJOURNEY_ACCOUNTS"]).parent) in hub_mounts


def test_no_trainee_pod_reaches_the_gradebook_or_the_dask_cluster():
    # the labels chart 4.4.0 puts on every user's pod (singleuser.extraLabels' default included), then ours
    trainee_labels = {"app": "jupyterhub", "component": "singleuser-server", "hub.jupyter.org/network-access-hub": "true",
                      **values()["singleuser"].get("extraLabels", {})}
    for name, selected in (("aijourney-gradebook", "aijourney-gradebook"), ("aijourney-dask", None)):
        policy = by_name("NetworkPolicy", name)
        assert policy["spec"]["policyTypes"] == ["Ingress"]
        sources = [s["podSelector"]["matchLabels"] for rule in policy["spec"]["ingress"] for s in rule["from"]]
        assert sources and all(labels.items() - trainee_labels.items() for labels in sources)
        if selected:
            assert policy["spec"]["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": selected}
    for deployment in ("aijourney-dask-scheduler", "aijourney-dask-worker"):
        labels = by_name("Deployment", deployment)["spec"]["template"]["metadata"]["labels"]
        assert by_name("NetworkPolicy", "aijourney-dask")["spec"]["podSelector"]["matchLabels"].items() <= labels.items()


def dockerfile(name: str) -> list[tuple[str, str, str]]:
    """(stage, instruction, arguments) of each instruction, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", "\n".join(line for line in (K8S / name).read_text("utf-8").splitlines()
                                          if not line.lstrip().startswith("#")))
    steps, stage = [], ""
    for line in filter(str.strip, text.splitlines()):
        instruction, _, arguments = line.strip().partition(" ")
        if instruction.upper() == "FROM":
            stage = arguments.split(" AS ")[-1].strip() if " AS " in arguments else arguments.strip()
        steps.append((stage, instruction.upper(), " ".join(arguments.split())))
    return steps


def pip_installs(name: str) -> list[list[str]]:
    commands = [shlex.split(part) for _, instruction, arguments in dockerfile(name) if instruction == "RUN"
                for part in re.split(r"&&|\|\|", arguments)]
    return [words[words.index("install") + 1:] for words in commands if words[:2] == ["pip", "install"]]


def package_arguments(words: list[str]) -> list[str]:
    with_value = {"-c", "-r", "--index-url", "--extra-index-url", "-e"}
    return [w for i, w in enumerate(words) if not w.startswith("-") and words[i - 1] not in with_value]


@pytest.mark.parametrize("name", ["Dockerfile", "Dockerfile.hub"])
def test_every_package_an_image_installs_is_pinned_in_constraints(name):
    constraints = pins(REPO_ROOT / "constraints.txt")
    installs = pip_installs(name)
    assert installs
    for words in installs:
        assert ("-c" in words and Path(words[words.index("-c") + 1]).name == "constraints.txt") or \
            (words[-2:] == ["-e", "."] and "--no-deps" in words), words
        for package in package_arguments(words):
            assert "==" in package and "latest" not in package, package
            package_name, version = package.split("==")
            assert constraints[normal(package_name)] == version, package


def test_the_image_installs_exactly_the_repository_pins_and_the_package():
    installs = pip_installs("Dockerfile")
    assert ["-c", "constraints.txt", "-r", "requirements.txt"] in installs
    assert not [w for words in installs for i, w in enumerate(words) if words[i - 1] == "-r" and w != "requirements.txt"]
    assert ["--no-deps", "--no-build-isolation", "-e", "."] in installs
    copied = " ".join(arguments for _, instruction, arguments in dockerfile("Dockerfile") if instruction == "COPY")
    for file in ("constraints.txt", "requirements.txt", "pyproject.toml"):
        assert file in copied and (REPO_ROOT / file).is_file()
    torch = [p for words in installs for p in package_arguments(words) if p.startswith("torch==")]
    assert torch == [f"torch=={pins(REPO_ROOT / 'requirements.txt')['torch']}"]
    hub = [p for words in pip_installs("Dockerfile.hub") for p in package_arguments(words)]
    assert f"jupyterhub=={pins(REPO_ROOT / 'requirements.txt')['jupyterhub']}" in hub


def test_the_trainee_image_holds_no_answers():
    steps = dockerfile("Dockerfile")
    stages = [arguments for _, instruction, arguments in steps if instruction == "FROM"]
    assert stages[-1].endswith("AS trainee")  # the default target is the trainee's
    copied = {stage: {Path(source).parts[0] for s, i, a in steps if i == "COPY" and s == stage for source in a.split()[:-1]}
              for stage in ("base", "grader", "trainee")}
    assert "assignments" in copied["grader"] and "src" in copied["base"]
    assert not {"assignments", "tests"} & (copied["base"] | copied["trainee"])
    ignored = (K8S / "Dockerfile.dockerignore").read_text("utf-8").split()
    assert {"src/aijourney/simulations", "tests", "build", ".venv"} <= set(ignored)
    assert (REPO_ROOT / "src" / "aijourney" / "simulations").is_dir()  # what the rule keeps out still exists
    users = {s: a for s, i, a in steps if i == "USER"}
    assert users["trainee"].split(":")[0] not in ("0", "root", str(cluster.GRADER_UID))
    assert users["grader"].split(":")[0] == str(cluster.GRADER_UID)


def test_the_chart_base_images_and_our_images_are_pinned():
    chart = re.search(r"^# chart: jupyterhub/jupyterhub (\d+\.\d+\.\d+)", (K8S / "values.yaml").read_text("utf-8"), re.M)
    readme = re.findall(r"--version (\S+)", (K8S / "README.md").read_text("utf-8"))
    assert chart and readme and set(readme) == {chart.group(1)}
    bases = [a.split()[0] for name in ("Dockerfile", "Dockerfile.hub") for _, i, a in dockerfile(name)
             if i == "FROM" and ":" in a.split()[0]]
    assert f"quay.io/jupyterhub/k8s-hub:{chart.group(1)}" in bases
    assert [b for b in bases if b.startswith("python:")] == [b for b in bases if re.fullmatch(r"python:3\.11\.\d+-\S+", b)]
    version = re.search(r'^version = "(.+)"', (REPO_ROOT / "pyproject.toml").read_text("utf-8"), re.M).group(1)
    images = [c["image"] for t in pod_specs() for c in containers(t)]
    images += [f"{values()[part]['image']['name']}:{values()[part]['image']['tag']}" for part in ("hub", "singleuser")]
    for image in images + bases:
        assert re.fullmatch(r"\S+:[\w.-]*\d[\w.-]*", image) and not image.endswith(":latest"), image
        if image.startswith("registry.example.org/aijourney/"):
            assert image.endswith(f":{version}"), image
