"""The GitHub side of the editorial process: workflows, templates, owners and Dependabot.

The workflows cannot run here, so these tests hold them to what matters: actionlint (with
shellcheck for every `run:` script) passes, the security properties hold (triggers, token
permissions, pinned actions, no expressions inside shell scripts), the publish workflow builds
with today's Helsinki date and deploys only a good build, and the nightly report it runs finds
the groups about to drop out. tests/test_pr_summary.py runs the check workflow's own steps.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import importlib.metadata
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
CHECK = GITHUB / "workflows" / "check.yml"
PUBLISH = GITHUB / "workflows" / "publish.yml"
VENV_BIN = Path(sys.executable).parent
SHA_PIN = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w.-]+(?:/[\w./-]+)?)@(?P<sha>[0-9a-f]{40})"
    r"\s+#\s+v\d+\.\d+\.\d+\s*$")


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step(workflow: dict[str, Any], job: str, step_id: str) -> dict[str, Any]:
    return next(s for s in workflow["jobs"][job]["steps"] if s.get("id") == step_id)


def using(workflow: dict[str, Any], job: str, action: str) -> dict[str, Any]:
    return next(s for s in workflow["jobs"][job]["steps"]
                if s.get("uses", "").split("@")[0] == action)


def commands(script: str) -> list[list[str]]:
    """The simple commands of a shell script, as words (continuations and >> kept)."""
    return [shlex.split(line) for line in script.replace("\\\n", " ").splitlines()
            if line.strip()]


def test_the_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["check.yml", "publish.yml"]


# --- actionlint --------------------------------------------------------------------------------

def _tool(name: str) -> str:
    found = shutil.which(name, path=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        pytest.fail(f"{name} is not installed: `make test` installs it (pyproject.toml's test "
                    f"extra for actionlint, the Makefile's DEBIAN_PACKAGES for shellcheck)")
    return found


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool("actionlint"), "-no-color", f"-shellcheck={_tool('shellcheck')}", "-pyflakes=",
         *map(str, files)],
        cwd=REPO, capture_output=True, text=True, timeout=120)


def test_actionlint_passes_on_every_workflow() -> None:
    done = actionlint(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_and_shellcheck_would_catch_mistakes(tmp_path: Path) -> None:
    """The lint test above can fail: an injection and an unquoted variable are reported."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n"
        "      - run: rm -rf $FOLDER/*\n", encoding="utf-8")
    done = actionlint(bad)
    assert done.returncode == 1
    assert "potentially untrusted" in done.stdout
    assert "SC2086" in done.stdout  # shellcheck ran on the script


# --- security properties ----------------------------------------------------------------------

def test_check_runs_on_pull_requests_only_with_a_read_only_token() -> None:
    workflow = load(CHECK)
    assert workflow["on"] == {"pull_request": None}
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert "permissions" not in job  # nothing widens the token


def test_no_workflow_uses_pull_request_target_or_workflow_run() -> None:
    for path in WORKFLOWS:
        triggers = load(path)["on"]
        names = set(triggers) if isinstance(triggers, dict) else set(
            [triggers] if isinstance(triggers, str) else triggers)
        assert not names & {"pull_request_target", "workflow_run"}, path.name


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if re.match(r"^\s*(-\s+)?uses:", line)]
        assert lines, path.name
        for line in lines:
            match = SHA_PIN.match(line)
            assert match, f"{path.name}: not pinned to a full SHA with '# vX.Y.Z': {line}"
            pins.setdefault(match["action"], set()).add(match["sha"])
        # Every `uses:` the YAML has is one of the lines checked above.
        assert len([s for s in steps(load(path)) if "uses" in s]) == len(lines)
    # One version of each action across the workflows, so Dependabot bumps them together.
    assert all(len(shas) == 1 for shas in pins.values()), pins


def test_no_expression_inside_a_shell_script() -> None:
    """Text from a pull request reaches the shell only through `env:`, never as code."""
    for path in WORKFLOWS:
        for s in steps(load(path)):
            if "run" in s:
                assert "${{" not in s["run"], f"{path.name}: {s.get('name')}"
        # Untrusted contexts appear nowhere but as whole `env:` values.
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\$\{\{([^}]*)\}\}", text):
            expression = match[1]
            if re.search(r"github\.(event|head_ref)", expression):
                line = text[:match.start()].rsplit("\n", 1)[-1]
                assert re.fullmatch(r"\s+[A-Z_]+: ", line) or "group:" in line, line


def test_checkouts_do_not_keep_the_token() -> None:
    for path in WORKFLOWS:
        workflow = load(path)
        for job in workflow["jobs"]:
            checkout = [s for s in workflow["jobs"][job].get("steps", [])
                        if s.get("uses", "").startswith("actions/checkout@")]
            for s in checkout:
                assert s["with"]["persist-credentials"] is False, (path.name, job)


# --- the check workflow -------------------------------------------------------------------------

def test_check_sets_up_python_with_pip_caching() -> None:
    setup = using(load(CHECK), "entries", "actions/setup-python")
    assert setup["with"] == {"python-version": "3.11", "cache": "pip",
                             "cache-dependency-path": "requirements.lock"}


def test_check_annotates_summarises_tests_builds_and_uploads_a_preview() -> None:
    workflow = load(CHECK)
    check = step(workflow, "entries", "check")
    assert commands(check["run"]) == [
        ["python", "build.py", "check", "--format", "github", "--lang", "fi"]]
    summary = commands(step(workflow, "entries", "summary")["run"])
    assert summary == [["python", "-m", "brochure", "pr-summary", "--base", "$BASE_SHA",
                        "--head", "HEAD", "--preview", "site-preview", ">>",
                        "$GITHUB_STEP_SUMMARY"]]
    assert step(workflow, "entries", "summary")["env"] == {
        "BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    build = commands(step(workflow, "entries", "build")["run"])
    assert build == [["python", "build.py", "build", "--output", "_site"]]
    upload = using(workflow, "entries", "actions/upload-artifact")
    assert upload["with"]["name"] == "site-preview"
    assert upload["with"]["path"].rstrip("/") == "_site"
    checkout = using(workflow, "entries", "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # the base commit is needed for the diff
    tests = [s for s in workflow["jobs"]["tests"]["steps"] if "run" in s]
    assert commands(tests[-1]["run"]) == [["make", "test"]]
    # The container is the README's machine: Debian with Python 3.11.
    assert workflow["jobs"]["tests"]["container"]["image"].startswith("python:3.11-")


def test_a_failing_check_still_writes_the_summary_and_fails_the_job() -> None:
    entries = load(CHECK)["jobs"]["entries"]["steps"]
    ids = [s.get("id") for s in entries]
    check = entries[ids.index("check")]
    assert check.get("continue-on-error") is True
    # Every step after it runs whatever the check found (only a cancel stops them) ...
    for s in entries[ids.index("check") + 1:]:
        condition = s.get("if", "")
        assert "!cancelled()" in condition or "always()" in condition, s["name"]
    # ... and the last one turns the check's failure into the job's.
    last = entries[-1]
    assert "steps.check.outcome" in last["if"] and commands(last["run"])[-1] == ["exit", "1"]
    assert ids.index("summary") > ids.index("check")


# --- one set of versions: requirements.lock -----------------------------------------------------

LOCK = REPO / "requirements.lock"
# How every workflow and the Makefile install: the lock with its hashes and nothing else, then
# the project alone, built with the locked setuptools.
LOCKED_INSTALL = [
    ["python", "-m", "pip", "install", "--require-hashes", "--no-deps", "-r",
     "requirements.lock"],
    ["python", "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-e", "."],
]


def locked_packages() -> dict[str, str]:
    """Name -> pinned version of every package in requirements.lock."""
    pins = re.findall(r"(?m)^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", LOCK.read_text(
        encoding="utf-8"))
    return {name.lower(): version for name, version in pins}


def test_every_pip_install_in_the_workflows_is_from_the_lock() -> None:
    installs = 0
    for path in WORKFLOWS:
        for s in steps(load(path)):
            found = [c for c in commands(s.get("run", "")) if "pip" in c and "install" in c]
            if found:
                assert found == LOCKED_INSTALL, (path.name, s.get("name"))
                installs += 1
            if s.get("uses", "").startswith("actions/setup-python@"):
                assert s["with"]["cache-dependency-path"] == "requirements.lock", path.name
            if s.get("uses", "").startswith("actions/cache@"):
                assert "hashFiles('requirements.lock')" in s["with"]["key"], path.name
    assert installs == 2  # the check's entries job and the publish build (tests: `make test`)


def test_the_makefile_installs_from_the_lock_only() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    stamp = re.search(r"(?m)^\$\(STAMP\):(.*)\n((?:\t.*\n)+)", makefile)
    assert stamp, "the venv stamp target"
    assert {"requirements.lock", "pyproject.toml"} <= set(stamp[1].split())
    recipe = [line.strip().split() for line in stamp[2].splitlines()]
    installs = [line for line in recipe if "install" in line and any(
        w.endswith("pip") for w in line)]
    assert [[w for w in line if w != "--quiet"] for line in installs] == [
        ["$(BIN)/python", *command[1:]] for command in LOCKED_INSTALL]
    # `make lock` regenerates both lock files.
    lock = re.search(r"(?m)^lock:.*\n((?:\t.*\n)+)", makefile)
    assert lock and "pip-compile" in lock[1] and "--generate-hashes" in lock[1]
    assert "npm install --package-lock-only" in lock[1]


def test_the_lock_pins_every_package_with_hashes() -> None:
    text = LOCK.read_text(encoding="utf-8")
    # pip-compile's header, which Dependabot reads to recompile the lock the same way.
    assert "# This file is autogenerated by pip-compile" in text
    header = re.search(r"(?m)^#\s+(pip-compile .*)$", text)
    assert header and {"--generate-hashes", "--allow-unsafe", "--extra=test", "--extra=pdf",
                       "--strip-extras"} <= set(header[1].split())
    assert "--index-url" not in text and "--find-links" not in text  # PyPI alone
    requirements = re.split(r"(?m)^(?=[A-Za-z0-9])", text)[1:]
    assert requirements
    for requirement in requirements:
        first = requirement.splitlines()[0]
        assert re.match(r"^[A-Za-z0-9._-]+==[^\s;]+( ; .*)? \\$", first), first
        assert "--hash=sha256:" in requirement, first
    pins = locked_packages()
    # The installers themselves are pinned too, so nothing is installed unpinned.
    assert {"pip", "setuptools", "wheel", "pip-tools"} <= set(pins)
    # Every direct dependency of pyproject.toml is locked, extras included.
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"],
              *(r for extra in project["optional-dependencies"].values() for r in extra)]
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        assert name and re.sub(r"[._]", "-", name[0].lower()) in pins, requirement


def test_the_installed_packages_are_the_locked_versions() -> None:
    """The environment running these tests was made from the lock (`make build`)."""
    pins = locked_packages()
    for name in ("babel", "pydantic", "jinja2", "icalendar", "weasyprint", "watchfiles",
                 "tqdm", "holidays", "pip", "setuptools"):
        assert importlib.metadata.version(name) == pins[name], name


def test_package_lock_pins_the_javascript_tools_with_integrity_hashes() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["lockfileVersion"] == 3
    for name, version in package["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), name  # exact, not a range
        entry = lock["packages"][f"node_modules/{name}"]
        assert entry["version"] == version
        assert entry["integrity"].startswith("sha512-"), name


# --- the publish workflow -----------------------------------------------------------------------

HELSINKI = ZoneInfo("Europe/Helsinki")


def test_publish_triggers_on_main_nightly_and_by_hand() -> None:
    triggers = load(PUBLISH)["on"]
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers
    [schedule] = triggers["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"]
    # Off-peak: not on a round minute, when GitHub's scheduler is busiest.
    assert int(minute) % 5 != 0
    # In the small hours of Finnish time, in winter and in summer alike.
    for day in (dt.date(2026, 1, 15), dt.date(2026, 7, 15)):
        utc = dt.datetime.combine(day, dt.time(int(hour), int(minute)), dt.UTC)
        assert 1 <= utc.astimezone(HELSINKI).hour <= 5, utc


def test_publish_permissions_and_concurrency() -> None:
    workflow = load(PUBLISH)
    assert workflow["permissions"] == {"contents": "read", "pages": "write",
                                       "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_publish_builds_with_helsinki_date_pdfs_and_the_pages_url() -> None:
    workflow = load(PUBLISH)
    build_steps = workflow["jobs"]["build"]["steps"]
    today = next(s for s in build_steps if "TZ=Europe/Helsinki date +%F" in s.get("run", ""))
    assert commands(today["run"]) == [
        ["echo", "TODAY=$(TZ=Europe/Helsinki date +%F)", ">>", "$GITHUB_ENV"]]
    pages = using(workflow, "build", "actions/configure-pages")
    build = next(s for s in build_steps if "build.py build" in s.get("run", ""))
    assert build_steps.index(today) < build_steps.index(build)
    assert build_steps.index(pages) < build_steps.index(build)
    assert build["env"] == {"BASE_URL": f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"}
    assert commands(build["run"]) == [[
        "python", "build.py", "build", "--output", "_site", "--today", "$TODAY",
        "--base-url", "$BASE_URL", "--pdf", "--cache", ".cache/brochure"]]
    # The cache is restored before the build and saved after it, under a key that changes
    # with every run (a cache entry is never overwritten) and with the locked libraries.
    cache = using(workflow, "build", "actions/cache")
    assert build_steps.index(cache) < build_steps.index(build)
    assert cache["with"]["path"] == ".cache/brochure"
    assert "github.run_id" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"].strip())
    # A failed build stops the job: nothing after it is forced to run except the report.
    assert "continue-on-error" not in build
    upload = using(workflow, "build", "actions/upload-pages-artifact")
    assert "if" not in upload and upload["with"]["path"].rstrip("/") == "_site"
    libraries = next(s for s in build_steps if "apt-get install" in s.get("run", ""))
    words = {w for c in commands(libraries["run"]) for w in c}
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"} <= words
    install = next(s for s in build_steps if "pip install" in s.get("run", ""))
    assert commands(install["run"]) == LOCKED_INSTALL
    # WeasyPrint, for --pdf, is in the lock.
    assert "weasyprint" in locked_packages()
    setup = using(workflow, "build", "actions/setup-python")
    assert setup["with"] == {"python-version": "3.11", "cache": "pip",
                             "cache-dependency-path": "requirements.lock"}


def test_publish_deploys_only_after_a_good_build() -> None:
    workflow = load(PUBLISH)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "if" not in deploy
    deployment = using(workflow, "deploy", "actions/deploy-pages")
    assert deploy["environment"] == {
        "name": "github-pages", "url": f"${{{{ steps.{deployment['id']}.outputs.page_url }}}}"}


def test_makefile_installs_shellcheck_for_actionlint() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    packages = re.search(r"^DEBIAN_PACKAGES\s*:=(.*)$", makefile, re.MULTILINE)
    assert packages and "shellcheck" in packages[1].split()


# --- the nightly report, run as the publish workflow runs it ------------------------------------

def test_nightly_report_warns_about_groups_that_leave_soon(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    today = dt.date(2026, 11, 23)
    group = (content / "groups" / "torstain-olohuone.yaml")
    text = group.read_text(encoding="utf-8")
    # The season ends in ten days; another group's review runs out in three.
    text = text.replace("season: {start: 2026-08-27}", "season: {start: 2026-08-27, "
                        "end: 2026-12-03}")
    text = re.sub(r"(?m)^  breaks: .*\n", "", text)  # its Christmas break would be after it
    assert "end: 2026-12-03" in text and "breaks" not in text
    group.write_text(text, encoding="utf-8")
    other = content / "groups" / "mielen-maisemat.yaml"
    reviewed = today - dt.timedelta(days=430 - 3)
    other.write_text(re.sub(r"(?m)^reviewed: .*$", f"reviewed: {reviewed}",
                            other.read_text(encoding="utf-8")), encoding="utf-8")

    report = next(s for s in load(PUBLISH)["jobs"]["build"]["steps"]
                  if "brochure expiring" in s.get("run", ""))
    assert report["if"] == "${{ !cancelled() }}"  # reported even when the build fails
    summary = tmp_path / "summary.md"
    script = tmp_path / "report.sh"
    script.write_text(report["run"], encoding="utf-8")
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
           "TODAY": today.isoformat(), "GITHUB_STEP_SUMMARY": str(summary)}
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

    warnings = [line for line in done.stdout.splitlines() if line.startswith("::warning ")]
    assert len(warnings) == 2, done.stdout
    season_line = next(i for i, line in enumerate(text.splitlines(), 1)
                       if "end: 2026-12-03" in line)
    reviewed_line = next(i for i, line in enumerate(
        other.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("reviewed:"))
    # Soonest first: the review (3 days), then the season (10 days).
    assert warnings[0].startswith(
        f"::warning file=content/groups/mielen-maisemat.yaml,line={reviewed_line},col=")
    assert ",title=review-runs-out::" in warnings[0]
    assert warnings[1].startswith(
        f"::warning file=content/groups/torstain-olohuone.yaml,line={season_line},col=")
    assert ",title=season-ends::" in warnings[1]
    assert "2026-12-03" in warnings[1] and "\n" not in warnings[1] and "%0A" in warnings[1]
    # Whom to remind: the group's own service contact.
    assert "olohuone@paivakeskus.example.fi" in warnings[1]

    written = summary.read_text(encoding="utf-8")
    assert written.index("## Suomeksi") < written.index("## På svenska") < written.index(
        "## In English")
    rows = [line for line in written.splitlines() if line.startswith("| ") and "groups/" in line]
    assert len(rows) == 6  # two groups, three languages
    assert "Torstain olohuone" in written and "Torsdagens vardagsrum" in written
    # The group whose season already ended is listed as not shown.
    assert "kevaan-kavelyryhma-perho.yaml" in written


def test_nightly_report_is_quiet_when_nothing_expires(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "brochure", "expiring", "--content", str(REPO / "content"),
         "--today", "2026-09-15", "--days", "3", "--format", "github"],
        capture_output=True, text=True, check=True)
    assert done.stdout == ""


def test_workflow_commands_in_the_report_are_escaped(tmp_path: Path) -> None:
    """Text from an entry cannot end the message early or start a workflow command."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    group = content / "groups" / "torstain-olohuone.yaml"
    text = group.read_text(encoding="utf-8").replace(
        'fi: "Torstain olohuone"', 'fi: "Olohuone 100%, ::error::injected"').replace(
        "season: {start: 2026-08-27}", "season: {start: 2026-08-27, end: 2026-11-25}")
    group.write_text(re.sub(r"(?m)^  breaks: .*\n", "", text), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "brochure", "expiring", "--content", str(content),
         "--today", "2026-11-23", "--format", "github"],
        capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert all(line.startswith("::warning file=") for line in lines), lines
    assert len(lines) == 1 and "Olohuone 100%25, ::error::injected" in lines[0]


# --- for partners: the pull request template, the issue form and the owners ---------------------

def test_pull_request_template_has_the_checklist_in_three_languages() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ]")]
    assert len(items) >= 3
    checklist = text[text.index(items[0]):]
    # Finnish first, then Swedish and English, for each promise.
    for fi, sv, en in [("ohjaajat ovat sopineet", "handledarna har kommit överens",
                        "facilitators have agreed"),
                       ("vain luvalla", "bara med samtycke", "only with consent"),
                       ("tarkistettu", "kontrollerade", "checked"),
                       ("palvelun yhteystietoja", "tjänstens kontaktuppgifter",
                        "service's contacts")]:
        assert checklist.index(fi) < checklist.index(sv) < checklist.index(en), fi


def test_issue_form_asks_for_every_field_with_the_vocabularies() -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "add-or-change-group.yml").read_text(
        encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form)
    assert form["name"].startswith("Lisää tai muuta ryhmää")
    body = form["body"]
    kinds = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
    assert all(item["type"] in kinds for item in body)
    fields = {item["id"]: item for item in body if item["type"] != "markdown"}
    assert len(fields) == len(body) - 1  # every field has a unique id
    labels = [item["attributes"]["label"] for item in fields.values()]
    assert len(set(labels)) == len(labels)
    # Each label is in Finnish, Swedish and English.
    assert all(label.count(" · ") == 2 for label in labels), labels
    for wanted in ("name-fi", "summary", "municipality", "address", "meetings", "season",
                   "audiences", "languages", "facilitators", "phase", "substitute",
                   "contact-organisation", "phone", "email", "registration", "promises",
                   "consent"):
        assert wanted in fields, wanted

    vocab = yaml.safe_load((REPO / "content" / "vocabularies.yaml").read_text(encoding="utf-8"))

    def offered(field: str) -> str:
        attributes = fields[field]["attributes"]
        options = attributes["options"]
        return "\n".join(o["label"] if isinstance(o, dict) else o for o in options)

    for field, vocabulary in [("municipality", "municipalities"), ("audiences", "audiences"),
                              ("activities", "activities"),
                              ("accessibility", "accessibility")]:
        for key, label in vocab[vocabulary].items():
            for lang in ("fi", "sv"):
                assert label[lang] in offered(field), (field, key, lang)
    promises = fields["promises"]["attributes"]["options"]
    assert len(promises) == 4 and all(p["required"] for p in promises)


def owners(path: str) -> list[str]:
    """The owners GitHub gives ``path`` (the last matching CODEOWNERS line wins)."""
    result: list[str] = []
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *names = line.split()
        if pattern == "*":
            matched = True
        elif pattern.endswith("/"):
            matched = ("/" + path).startswith(pattern)
        else:
            matched = fnmatch.fnmatch("/" + path, pattern)
        if matched:
            result = names
    return result


@pytest.mark.parametrize("path", [
    ".github/workflows/check.yml", ".github/CODEOWNERS", "brochure/cli.py",
    "templates/base.html", "static/style.css", "Makefile", "pyproject.toml", "build.py",
    "content/site.yaml", "content/vocabularies.yaml"])
def test_code_and_settings_need_a_maintainer(path: str) -> None:
    assert owners(path) == ["@example/brochure-maintainers"]


@pytest.mark.parametrize("path", ["content/groups/torstain-olohuone.yaml",
                                  "content/partners/soite.yaml", "content/pages/about.fi.md"])
def test_entries_can_be_reviewed_by_the_coordinator(path: str) -> None:
    assert "@example/brochure-coordinators" in owners(path)


def test_dependabot_bumps_actions_python_and_javascript_packages_weekly() -> None:
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip", "npm"}
    for update in updates.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"
