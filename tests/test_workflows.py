"""What the GitHub workflows do: who may do what, when they run, what they run and from what.

The workflows cannot run here, so these tests read them as GitHub would and check behaviour,
not wording. The YAML is parsed; every `run:` script is split into its commands (shlex); every
call of the brochure is parsed by the program's own command line parser, so an option it would
refuse fails here; and the steps' `if:` conditions are evaluated, so the tests can ask which
steps run when the check fails, when the build fails, or at night. Each rule is a function
that raises on what it finds, run on the real workflows, on harmlessly changed copies (renamed
steps, reordered keys, reflowed scripts: they pass) and on copies with one mistake each (a
widened token, an unpinned action, a missing step, a misspelt option: each is caught).
actionlint (with shellcheck) checks the syntax and the scripts. tests/ci/test_pr_summary.py runs
the check workflow's steps themselves, tests/site/test_report.py the nightly report's, and
tests/ci/test_expiring.py the edges of the list of groups about to drop out.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import datetime as dt
import fnmatch
import functools
import importlib.metadata
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo, available_timezones

import pytest
import yaml

from brochure import cli
from brochure.check.content import site_setting
from brochure.commands import options
from tests.github_actions import (
    Command,
    Expression,
    Job,
    Step,
    Value,
    Workflow,
    Workflows,
    action,
    commands,
    condition,
    job_runs,
    lenient_commands,
    load,
    one,
    path_of,
    run_job,
    shell_commands,
    steps,
    strings,
    truthy,
    unwrap,
    using,
    variables,
)

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
SITE = REPO / "content" / "site.yaml"
LOCK = REPO / "requirements.lock"
VENV_BIN = Path(sys.executable).parent
FILES = sorted((GITHUB / "workflows").glob("*.y*ml"))
WORKFLOWS: Workflows = {p.name: load(p.read_text(encoding="utf-8")) for p in FILES}


# --- the brochure's own command lines ----------------------------------------------------------

def brochure_argv(command: Command) -> list[str] | None:
    """The arguments of ``python build.py ...`` or ``python -m brochure ...``, else None."""
    argv = list(command.argv)
    if argv[:2] == ["python", "build.py"]:
        rest = argv[2:]
    elif argv[:3] == ["python", "-m", "brochure"]:
        rest = argv[3:]
    else:
        return None
    # Both entry points build when no command is named (cli.main's default).
    return rest if rest and not rest[0].startswith("-") else ["build", *rest]


@dataclasses.dataclass(frozen=True)
class Call:
    """A call of the brochure in a job: the step, the command line and what it parses to."""

    step: Step
    command: Command
    args: argparse.Namespace

    @property
    def name(self) -> str:
        return str(self.args.command)


@functools.cache
def parser() -> argparse.ArgumentParser:
    return cli.make_parser()


def parse(argv: list[str]) -> argparse.Namespace:
    """The command line as the program parses it (``--today`` stays None when not given)."""
    return copy.copy(_parse(tuple(argv)))


@functools.cache
def _parse(argv: tuple[str, ...]) -> argparse.Namespace:
    with contextlib.redirect_stderr(io.StringIO()) as error:
        try:
            return parser().parse_args(argv)
        except SystemExit:
            message = error.getvalue().strip().splitlines()
            raise AssertionError(f"the program refuses `{shlex.join(argv)}`: "
                                 f"{message[-1] if message else ''}") from None


def calls(job: Job) -> list[Call]:
    found = []
    for step in steps(job):
        for command in commands(step):
            argv = brochure_argv(command)
            if argv is not None:
                found.append(Call(step, command, parse(argv)))
    return found


def job_calling(workflow: Workflow, name: str) -> Job:
    """The one job that calls ``brochure NAME``."""
    jobs = [j for j in workflow["jobs"].values() if any(c.name == name for c in calls(j))]
    assert len(jobs) == 1, f"{len(jobs)} jobs call `brochure {name}`, expected 1"
    return jobs[0]


def step_calling(job: Job, name: str) -> Step:
    found = [c.step for c in calls(job) if c.name == name]
    assert found, f"no step calls `brochure {name}`"
    return found[0]


# --- facts the workflows must agree with -------------------------------------------------------

def site_time_zone() -> str:
    """The site's time zone, read by the program as the commands read it."""
    zone = site_setting(SITE, "time_zone")
    assert zone, "site.yaml has no time_zone"
    return zone


def site_language() -> str:
    language = site_setting(SITE, "default_language")
    assert language, "site.yaml has no default_language"
    return language


def python_version() -> str:
    """The oldest Python the project supports (pyproject.toml), the one CI runs."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    match = re.fullmatch(r">=\s*(\d+\.\d+)", project["requires-python"])
    assert match, project["requires-python"]
    return match[1]


# What each action needs from the job's token. A job's token may do exactly what its actions
# need, nothing more; a new action is added here with what its documentation says it needs.
TOKEN_NEEDS: dict[str, dict[str, str]] = {
    "actions/checkout": {"contents": "read"},
    "actions/setup-python": {},
    "actions/cache": {},
    "actions/cache/restore": {},
    "actions/cache/save": {},
    "actions/upload-artifact": {},
    # Reads the Pages settings (GET /repos/{owner}/{repo}/pages) for the site's address.
    "actions/configure-pages": {"pages": "read"},
    "actions/upload-pages-artifact": {},
    # Creates the deployment, with an OIDC token proving where it comes from.
    "actions/deploy-pages": {"pages": "write", "id-token": "write"},
}
UNTRUSTED = re.compile(r"github\.(event\.|head_ref)")
PULL_REQUEST = {"pull_request", "pull_request_target"}
# The GitHub runner's own variables a script may use without setting them.
RUNNER_VARIABLES = re.compile(r"(GITHUB|RUNNER)_[A-Z_]+|CI|HOME|PATH")
INSTALLERS = {"pip", "pip3", "pipx", "uv", "npx", "yarn", "pnpm", "curl", "wget", "conda",
              "gem", "cargo", "go"}
WEASYPRINT_LIBRARIES = {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"}


def triggered_by_pull_requests(workflow: Workflow) -> bool:
    return bool(set(workflow["on"]) & PULL_REQUEST)


# --- the rules ---------------------------------------------------------------------------------

def check_triggers(workflows: Workflows) -> None:
    """Pull requests are checked whatever they touch; the site is published on every push to
    main, nightly in the small hours where the site is, and by hand; no workflow runs code
    from a fork with a writing token."""
    for name, workflow in workflows.items():
        assert not set(workflow["on"]) & {"pull_request_target", "workflow_run"}, (
            f"{name}: runs a fork's code with the repository's own token")
    check, publish = workflows["check.yml"], workflows["publish.yml"]
    assert set(check["on"]) == {"pull_request"}, f"check.yml runs on {set(check['on'])}"
    # A filter would let a pull request skip the required check (and then never merge).
    assert not check["on"]["pull_request"], "check.yml: the pull_request trigger has filters"
    assert set(publish["on"]) == {"push", "schedule", "workflow_dispatch"}, (
        f"publish.yml runs on {set(publish['on'])}")
    push = cast(dict[str, object], publish["on"]["push"])
    assert push == {"branches": ["main"]}, f"publish.yml: push is {push}, not every push to main"
    schedule = cast(list[dict[str, str]], publish["on"]["schedule"])
    assert len(schedule) == 1, "publish.yml: one nightly run"
    minute, hour, *rest = schedule[0]["cron"].split()
    assert rest == ["*", "*", "*"], f"publish.yml: not every day: {schedule[0]['cron']}"
    # Off the round minutes, when GitHub's scheduler is busiest.
    assert int(minute) % 5 != 0, f"publish.yml: the nightly run is at :{minute}"
    zone = ZoneInfo(site_time_zone())
    for day in (dt.date(2026, 1, 15), dt.date(2026, 7, 15)):  # winter and summer time
        local = dt.datetime.combine(day, dt.time(int(hour), int(minute)), dt.UTC).astimezone(
            zone)
        assert 1 <= local.hour <= 5, f"publish.yml: the nightly run is at {local:%H:%M} {zone}"


def check_permissions(workflows: Workflows) -> None:
    """Least privilege: every workflow sets its token's permissions (nothing is left to the
    repository's default), a job's token can do exactly what its actions need, pull requests
    get a read-only token, and a job that can write runs no script of ours."""
    for name, workflow in workflows.items():
        top = workflow.get("permissions")
        assert isinstance(top, dict), f"{name}: no permissions block (or read-all/write-all)"
        assert "write" not in top.values(), f"{name}: every job may write {top}"
        for job_id, job in workflow["jobs"].items():
            granted = job.get("permissions", top)
            assert isinstance(granted, dict), f"{name} {job_id}: permissions {granted!r}"
            granted = {k: v for k, v in granted.items() if v != "none"}
            needed: dict[str, str] = {}
            for step in steps(job):
                used = action(step)
                if used is None or used.startswith("./"):
                    continue
                assert used in TOKEN_NEEDS, f"TOKEN_NEEDS does not say what {used} needs"
                for scope, level in TOKEN_NEEDS[used].items():
                    if needed.get(scope) != "write":
                        needed[scope] = level
            assert granted == needed, (
                f"{name} {job_id}: the token may {granted}, its actions need {needed}")
            writes = {k for k, v in granted.items() if v == "write"}
            if triggered_by_pull_requests(workflow):
                assert not writes, f"{name} {job_id}: pull requests get a token that writes"
            if writes:
                assert not any("run" in s for s in steps(job)), (
                    f"{name} {job_id}: a script runs with a token that can write {writes}")


PIN = re.compile(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}|\./.*|docker://.+@sha256:[0-9a-f]{64}")


def check_pins(workflows: Workflows) -> None:
    """Every action is pinned to a full commit SHA (a tag can be moved to other code), one SHA
    per action across the workflows, so Dependabot bumps them together."""
    shas: dict[str, set[str]] = {}
    for name, workflow in workflows.items():
        for job_id, job in workflow["jobs"].items():
            for uses in [job.get("uses"), *(s.get("uses") for s in steps(job))]:
                if uses is None:
                    continue
                assert PIN.fullmatch(uses), f"{name} {job_id}: {uses} is not pinned to a commit"
                shas.setdefault(uses.split("@")[0], set()).add(uses.split("@")[-1])
    several = {name: found for name, found in shas.items() if len(found) > 1}
    assert not several, f"one action at several commits: {several}"


def check_untrusted_text(workflows: Workflows) -> None:
    """Text from a pull request (titles, branch names, file names) reaches a script only as an
    environment variable, never as code; checkouts do not keep the token on disk; a pull
    request's workflow reads no secrets."""
    for name, workflow in workflows.items():
        for path, text in strings(workflow):
            if path[-1] == "run":
                assert "${{" not in text, f"{name}: an expression inside a script: {text!r}"
            if UNTRUSTED.search(text):
                whole_env_value = (len(path) >= 2 and path[-2] == "env"
                                   and text.strip().startswith("${{")
                                   and text.strip().endswith("}}"))
                assert whole_env_value or path[-2:] == ("concurrency", "group"), (
                    f"{name}: pull request text at {'.'.join(path)}")
            if triggered_by_pull_requests(workflow):
                assert "secrets." not in text, f"{name}: a pull request's run reads a secret"
        for job_id, job in workflow["jobs"].items():
            for step in using(job, "actions/checkout"):
                assert step.get("with", {}).get("persist-credentials") is False, (
                    f"{name} {job_id}: the checkout keeps the token in .git/config")


def check_references(workflows: Workflows) -> None:
    """Every step a condition or a value refers to exists before it, and every variable a
    script uses is set (by the step, the job, the workflow, an earlier step through
    $GITHUB_ENV, or the runner), so no condition is silently false and no option empty."""
    for name, workflow in workflows.items():
        for job_id, job in workflow["jobs"].items():
            ids = [s.get("id") for s in steps(job)]
            exported: set[str] = set()
            outer = {*workflow.get("env", {}), *job.get("env", {})}
            for index, step in enumerate(steps(job)):
                for _path, text in strings(dict(step)):
                    for ref in re.findall(r"\bsteps\.([\w-]+)\.", text):
                        assert ref in ids[:index], (
                            f"{name} {job_id}: {step.get('name')} refers to step {ref!r}, "
                            f"which is not before it")
                    for ref in re.findall(r"\benv\.(\w+)", text):
                        assert ref in outer, f"{name} {job_id}: env.{ref} is never set"
                known = outer | set(step.get("env", {})) | exported
                for command in commands(step):
                    words = [*command.argv, command.stdout or "", *(v for _, v in command.env)]
                    for variable in (v for w in words for v in variables(w)):
                        assert variable in known or RUNNER_VARIABLES.fullmatch(variable), (
                            f"{name} {job_id}: ${variable} is not set for `{command}`")
                    if command.stdout and variables(command.stdout) == ["GITHUB_ENV"]:
                        exported |= {w.partition("=")[0] for w in command.argv[1:] if "=" in w}
            for _path, text in strings(job.get("environment", {})):
                for ref in re.findall(r"\bsteps\.([\w-]+)\.", text):
                    assert ref in ids, f"{name} {job_id}: the environment refers to {ref!r}"


def locked_install(command: Command) -> str | None:
    """``"lock"`` or ``"project"`` for the two pip installs the project allows, else raises;
    None for a command that is not a pip install."""
    argv = list(command.argv)
    if argv[:3] in (["python", "-m", "pip"], ["python3", "-m", "pip"]) or (
            argv and argv[0].endswith("/python") and argv[1:3] == ["-m", "pip"]):
        argv = ["pip", *argv[3:]]
    if argv[:1] not in (["pip"], ["pip3"]):
        return None
    assert argv[1:2] == ["install"], f"`{command}`"
    flags = {w for w in argv[2:] if w.startswith("-")} - {"--quiet", "-q"}
    values = [w for w in argv[2:] if not w.startswith("-")]
    if flags == {"--require-hashes", "--no-deps", "-r"} and values == ["requirements.lock"]:
        return "lock"
    if flags == {"--no-deps", "--no-build-isolation", "-e"} and values == ["."]:
        return "project"
    raise AssertionError(f"`{command}` installs something not pinned in requirements.lock")


def check_installs(workflows: Workflows) -> None:
    """Packages come only from the lock files: pip installs requirements.lock with its hashes
    and then the project alone; nothing else fetches code; pip's caches are keyed on the lock;
    every job that runs the brochure installs it that way first, with the project's Python."""
    for name, workflow in workflows.items():
        for job_id, job in workflow["jobs"].items():
            installed: list[str] = []
            for step in steps(job):
                if action(step) == "actions/setup-python":
                    settings = step.get("with", {})
                    assert str(settings.get("python-version")) == python_version(), (
                        f"{name} {job_id}: Python {settings.get('python-version')}")
                    if settings.get("cache") == "pip":
                        assert settings.get("cache-dependency-path") == "requirements.lock", (
                            f"{name} {job_id}: pip's cache is not keyed on the lock")
                if action(step) == "actions/cache" and "pip" in str(
                        step.get("with", {}).get("path")):
                    assert "hashFiles('requirements.lock')" in str(
                        step.get("with", {}).get("key")), f"{name} {job_id}: pip cache key"
                for command in commands(step):
                    kind = locked_install(command)
                    if kind:
                        installed.append(kind)
                    else:
                        assert command.argv[0] not in INSTALLERS, (
                            f"{name} {job_id}: `{command}` fetches what no lock pins")
                    assert command.argv[:2] != ("npm", "install"), f"{name}: `{command}`"
                    if brochure_argv(command) is not None:
                        assert installed == ["lock", "project"], (
                            f"{name} {job_id}: `{command}` runs before the locked install")
            assert installed in ([], ["lock", "project"]), f"{name} {job_id}: {installed}"
            image = job.get("container", {}).get("image")
            if image is not None:
                assert image.startswith(f"python:{python_version()}-"), f"{name}: {image}"


def check_pull_request_check(workflows: Workflows) -> None:
    """The check workflow's *Entries* job: annotations in the site's language, the job summary
    of the changed entries, the site built and uploaded as the preview the summary names; a
    failed check still gets its summary and preview, and fails the job."""
    workflow = workflows["check.yml"]
    job = job_calling(workflow, "check")
    found = calls(job)
    assert [c.name for c in found] == ["check", "pr-summary", "build"], (
        f"the Entries job calls {[c.name for c in found]}")
    check, summary, build = (c.args for c in found)
    assert check.format == "github", "the check's problems are not annotations"
    assert check.lang == site_language(), f"the check speaks {check.lang}"
    assert not check.paths, "the check does not check every file"

    pr_summary = found[1]
    base = variables(summary.base)
    assert base and pr_summary.step.get("env", {}).get(base[0], "").replace(" ", "") == (
        "${{github.event.pull_request.base.sha}}"), "pr-summary does not start at the base"
    assert summary.head == "HEAD"
    assert variables(pr_summary.command.stdout or str(summary.output)) == [
        "GITHUB_STEP_SUMMARY"], "pr-summary's Markdown does not reach the job summary"
    checkout = one(using(job, "actions/checkout"), "checkouts")
    assert checkout.get("with", {}).get("fetch-depth") == 0, "the base commit is not fetched"

    upload = one(using(job, "actions/upload-artifact"), "uploads")
    assert upload.get("with", {}).get("name") == summary.preview, (
        "the summary names a preview that is not uploaded")
    assert path_of(upload.get("with", {}).get("path")) == path_of(build.output), (
        "the preview uploaded is not the site built")

    check_step, summary_step, build_step = (c.step for c in found)
    good = run_job(workflow, job, "pull_request")
    assert good.result == "success" and all(good.ran(s) for s in (
        check_step, summary_step, build_step, upload)), "a good pull request is not all green"
    bad = run_job(workflow, job, "pull_request", lambda s: s is check_step)
    assert all(bad.ran(s) for s in (summary_step, build_step, upload)), (
        "a pull request with errors gets no summary or preview")
    assert bad.result == "failure", "a pull request with errors passes"
    unbuildable = run_job(workflow, job, "pull_request", lambda s: s is build_step)
    assert not unbuildable.ran(upload) and unbuildable.result == "failure", (
        "a site that failed to build is uploaded as the preview")


def check_tests_job(workflows: Workflows) -> None:
    """The check workflow's *Tests* job runs `make test`, the README's test command and .ci/run's,
    on the README's machine (Debian, the project's Python), with Node.js for the JS checkers."""
    jobs = [j for j in workflows["check.yml"]["jobs"].values()
            if any(c.argv == ("make", "test") for s in steps(j) for c in commands(s))]
    assert len(jobs) == 1, "no job runs `make test`"
    job = jobs[0]
    run = [c for s in steps(job) for c in commands(s)]
    assert run[-1].argv == ("make", "test"), f"`make test` is not the last command: {run[-1]}"
    packages = {w for c in run if c.argv[:2] == ("apt-get", "install") for w in c.argv[2:]}
    assert {"nodejs", "npm"} <= packages, "make test needs npm (make node-deps)"
    assert job.get("container", {}).get("image", "").startswith("python:"), (
        "the tests do not run in the README's Debian machine")


def check_publish(workflows: Workflows) -> None:
    """The publish workflow builds the site with its PDFs at the Pages address, from a cache
    keyed on the locked libraries; reports the groups about to drop out even when the build
    fails; at night only, writes the coordinator's report against the previous night's and
    keeps it as an artifact; and deploys only a good build, one deployment at a time."""
    workflow = workflows["publish.yml"]
    job = job_calling(workflow, "build")
    found = calls(job)
    assert [c.name for c in found] == ["build", "expiring", "expiring", "report"], (
        f"the build job calls {[c.name for c in found]}")
    build_call, *expiring_calls, report_call = found
    build = build_call.args
    assert build.pdf, "the printables (--pdf) are not built"
    libraries = {w for s in steps(job) for c in commands(s) if c.argv[:2] == (
        "apt-get", "install") for w in c.argv[2:]}
    assert libraries >= WEASYPRINT_LIBRARIES, "WeasyPrint's libraries are not installed"

    pages = one(using(job, "actions/configure-pages"), "configure-pages steps")
    address = f"${{{{ steps.{pages.get('id')}.outputs.base_url }}}}"
    for call in (build_call, report_call):
        variable = one(variables(str(call.args.base_url)), f"variables in {call.command}")
        assert call.step.get("env", {}).get(variable) == address, (
            f"`{call.command}` does not use the Pages address")

    cache = one(using(job, "actions/cache"), "build caches")
    settings = cache.get("with", {})
    assert path_of(settings.get("path")) == path_of(build.cache), "the build cache is not kept"
    key = str(settings.get("key"))
    assert "github.run_id" in key and "hashFiles('requirements.lock')" in key, (
        "the build cache's key neither changes every run nor follows the lock")
    restore = str(settings.get("restore-keys", "")).strip().splitlines()
    assert restore and key.startswith(restore[0].strip()), "no older cache is restored"
    order = steps(job)
    assert order.index(cache) < order.index(build_call.step)

    upload = one(using(job, "actions/upload-pages-artifact"), "uploads to Pages")
    assert path_of(upload.get("with", {}).get("path")) == path_of(build.output), (
        "the site uploaded to Pages is not the site built")
    assert {c.args.format for c in expiring_calls} == {"github", "markdown"}
    for call in expiring_calls:
        target = variables(call.command.stdout or "")
        assert target == (["GITHUB_STEP_SUMMARY"] if call.args.format == "markdown" else []), (
            f"`{call.command}` writes to {call.command.stdout}")

    report = report_call.args
    restored = one(using(job, "actions/cache/restore"), "restored reports")
    saved = one(using(job, "actions/cache/save"), "saved reports")
    kept = path_of(restored.get("with", {}).get("path"))
    assert path_of(saved.get("with", {}).get("path")) == kept, "the report is not kept"
    assert path_of(report.previous) == path_of(f"{kept}/report.json"), (
        "the report is not compared with the previous night's")
    assert variables(str(report.summary)) == ["GITHUB_STEP_SUMMARY"]
    copies = [c for c in commands(report_call.step) if c.argv[:1] == ("cp",)]
    assert copies and path_of(copies[-1].argv[-1]) == path_of(report.previous) and path_of(
        copies[-1].argv[-2]).startswith(path_of(report.output) + "/"), (
        "tonight's report.json is not kept for tomorrow")
    artifacts = [s for s in using(job, "actions/upload-artifact")
                 if path_of(s.get("with", {}).get("path")) == path_of(report.output)]
    assert len(artifacts) == 1, "the coordinator's report is not kept as an artifact"
    assert artifacts[0].get("with", {}).get("name") == "coordinator-report"

    deploy = one([j for j in workflow["jobs"].values() if using(j, "actions/deploy-pages")],
                 "deploy jobs")
    deployment = one(using(deploy, "actions/deploy-pages"), "deployments")
    assert deploy.get("environment") == {
        "name": "github-pages", "url": f"${{{{ steps.{deployment.get('id')}.outputs.page_url }}}}"}
    build_job = next(k for k, j in workflow["jobs"].items() if j is job)
    nightly = [restored, report_call.step, saved, artifacts[0]]
    for event in ("push", "workflow_dispatch", "schedule"):
        good = run_job(workflow, job, event)
        assert good.result == "success" and job_runs(deploy, {build_job: "success"}), event
        assert all(good.ran(s) for s in (build_call.step, expiring_calls[0].step, upload)), event
        assert all(good.ran(s) == (event == "schedule") for s in nightly), (
            f"the coordinator's report is {'not ' * (event == 'schedule')}made on {event}")
        failed = run_job(workflow, job, event, lambda s: s is build_call.step)
        assert failed.result == "failure" and not failed.ran(upload), (
            f"{event}: a failed build is uploaded to Pages")
        assert not job_runs(deploy, {build_job: failed.result}), f"{event}: deploys a failure"
        assert all(failed.ran(c.step) for c in expiring_calls), (
            f"{event}: a failed build hides the groups about to drop out")
        assert all(failed.ran(s) == (event == "schedule") for s in nightly), (
            f"{event}: a failed build changes the coordinator's report")
    assert workflow.get("concurrency") == {"group": "pages", "cancel-in-progress": False}, (
        "deployments may overlap or be cancelled halfway")


@functools.cache
def time_zones() -> frozenset[str]:
    return frozenset(z for z in available_timezones() if "/" in z)


def check_date_from_site(workflows: Workflows) -> None:
    """The date seasons and reviews are counted from is today where the site is: no command
    is given --today, no time zone is set, and no zone is named anywhere in a workflow."""
    zones = time_zones()
    for name, workflow in workflows.items():
        for path, text in strings(workflow):
            named = set(re.findall(r"[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+", text)) & zones
            assert not named, f"{name}: names the time zone {named} at {'.'.join(path)}"
            assert not (path[-2:-1] == ("env",) and path[-1] == "TZ"), f"{name}: sets TZ"
        for job in workflow["jobs"].values():
            for command in (c for s in steps(job) for c in commands(s)):
                assert "TZ" not in dict(command.env), f"{name}: `{command}` sets TZ"
                assert command.argv[0] != "date", f"{name}: `{command}` makes its own date"
                # --today, or what argparse takes for it (--tod), before the value is parsed:
                # a "$VARIABLE" is no date the parser would accept.
                given = [w for w in brochure_argv(command) or [] if w.startswith("--to")
                         and "--today".startswith(w.partition("=")[0])]
                assert not given, f"{name}: `{command}` is given a date"
            for call in calls(job):
                assert call.args.today is None, f"{name}: `{call.command}` is given a date"


RULES = [check_triggers, check_permissions, check_pins, check_untrusted_text,
         check_references, check_installs, check_pull_request_check, check_tests_job,
         check_publish, check_date_from_site]


def broken_rules(workflows: Workflows) -> list[str]:
    found = []
    for rule in RULES:
        try:
            rule(workflows)
        except (AssertionError, ValueError) as error:
            found.append(f"{rule.__name__}: {str(error).splitlines()[0]}")
    return found


@pytest.mark.parametrize("rule", RULES, ids=[r.__name__ for r in RULES])
def test_the_workflows_keep_the_rule(rule: Callable[[Workflows], None]) -> None:
    rule(WORKFLOWS)


def test_the_workflows_exist() -> None:
    assert {"check.yml", "publish.yml"} <= set(WORKFLOWS)


def test_the_date_is_today_where_the_site_is() -> None:
    """Without --today, the publish workflow's commands count from the site's own today."""
    for call in calls(job_calling(WORKFLOWS["publish.yml"], "build")):
        args = argparse.Namespace(**{**vars(call.args), "content": REPO / call.args.content})
        resolved = options.resolve(args)
        assert resolved.today == dt.datetime.now(ZoneInfo(site_time_zone())).date()


# --- the rules fail on mistakes, and only on mistakes ------------------------------------------

def harmless(workflows: Workflows) -> Workflows:
    """The same workflows written differently: steps renamed, every mapping's keys in reverse
    order, `if:` without `${{ }}`, long commands broken over lines, and the files written
    again in another YAML style (quoting, flow and block collections)."""
    def reverse(node: object) -> object:
        if isinstance(node, dict):
            return {k: reverse(v) for k, v in reversed(list(node.items()))}
        if isinstance(node, list):
            return [reverse(v) for v in node]
        return node

    changed = cast(Workflows, reverse(copy.deepcopy(workflows)))
    for workflow in changed.values():
        for job in workflow["jobs"].values():
            for index, step in enumerate(steps(job)):
                step["name"] = f"Step {index + 1}"
                if isinstance(step.get("if"), str):
                    step["if"] = unwrap(str(step["if"]))
                if "run" in step:
                    step["run"] = step["run"].replace(" --", " \\\n    --")
    return {name: load(yaml.safe_dump(workflow, default_flow_style=None, sort_keys=False,
                                      width=60))
            for name, workflow in changed.items()}


def test_harmless_changes_break_no_rule() -> None:
    assert broken_rules(harmless(WORKFLOWS)) == []


def _check(w: Workflows) -> dict[str, Job]:
    return w["check.yml"]["jobs"]


def _publish(w: Workflows) -> dict[str, Job]:
    return w["publish.yml"]["jobs"]


def _step(job: Job, name: str) -> Step:
    return step_calling(job, name)


def _edit_run(step: Step, old: str, new: str) -> None:
    assert old in step["run"]
    step["run"] = step["run"].replace(old, new)


def _drop(job: Job, step: Step) -> None:
    job["steps"] = [s for s in steps(job) if s is not step]


def _installing(job: Job) -> Step:
    return next(s for s in steps(job) if "requirements.lock" in s.get("run", ""))


MISTAKES: list[tuple[str, Callable[[Workflows], object], str]] = [
    ("pull requests may write",
     lambda w: w["check.yml"].update({"permissions": {"contents": "write"}}), "check_permissions"),
    ("no permissions block", lambda w: w["publish.yml"].pop("permissions"), "no permissions"),
    ("the build job may write to Pages",
     lambda w: _publish(w)["build"].update(
         {"permissions": {"contents": "read", "pages": "write"}}),
     "the token may"),
    ("the deploy job has no OIDC token",
     lambda w: _publish(w)["deploy"].update({"permissions": {"pages": "write"}}), "the token may"),
    ("a script runs with the Pages token",
     lambda w: steps(_publish(w)["deploy"]).append({"run": "python build.py check"}),
     "a script runs with a token"),
    ("an action pinned to a tag",
     lambda w: steps(_check(w)["entries"])[0].update({"uses": "actions/checkout@v7"}),
     "not pinned"),
    ("an action pinned to a short SHA",
     lambda w: steps(_check(w)["tests"])[0].update({"uses": "actions/checkout@3d3c42e"}),
     "not pinned"),
    ("two versions of one action",
     lambda w: steps(_check(w)["tests"])[0].update({"uses": "actions/checkout@" + "0" * 40}),
     "several commits"),
    ("pull_request_target", lambda w: w["check.yml"].update({"on": {"pull_request_target": None}}),
     "fork's code"),
    ("the check skips some pull requests",
     lambda w: w["check.yml"]["on"].update(pull_request={"paths": ["content/**"]}), "filters"),
    ("publishing a pull request",
     lambda w: w["publish.yml"]["on"].update(pull_request=None), "publish.yml runs on"),
    ("no nightly run", lambda w: w["publish.yml"]["on"].pop("schedule"), "publish.yml runs on"),
    ("the nightly run at noon",
     lambda w: w["publish.yml"]["on"].update(schedule=[{"cron": "17 10 * * *"}]), "nightly"),
    ("a title inside a script",
     lambda w: _edit_run(_step(_check(w)["entries"], "build"), "_site",
                         '_site "${{ github.event.pull_request.title }}"'), "inside a script"),
    ("a title in a step's input",
     lambda w: using(_check(w)["entries"], "actions/upload-artifact")[0]["with"].update(
         name="${{ github.head_ref }}"), "pull request text"),
    ("a secret for a pull request",
     lambda w: _step(_check(w)["entries"], "build").update(
         {"env": {"TOKEN": "${{ secrets.DEPLOY_TOKEN }}"}}), "reads a secret"),
    ("a checkout keeps the token",
     lambda w: using(_publish(w)["build"], "actions/checkout")[0]["with"].pop(
         "persist-credentials"), "keeps the token"),
    ("a misspelt option",
     lambda w: _edit_run(_step(_check(w)["entries"], "check"), "--format", "--formta"),
     "refuses"),
    ("annotations in English",
     lambda w: _edit_run(_step(_check(w)["entries"], "check"), '"fi"', "en"), "speaks en"),
    ("the summary only for a good check",
     lambda w: _step(_check(w)["entries"], "pr-summary").update(
         {"if": "steps.check.outcome == 'success'"}), "no summary"),
    ("a failed check passes",
     lambda w: _drop(_check(w)["entries"], steps(_check(w)["entries"])[-1]), "with errors pass"),
    ("no job summary",
     lambda w: _drop(_check(w)["entries"], _step(_check(w)["entries"], "pr-summary")),
     "calls"),
    ("the preview under another name",
     lambda w: using(_check(w)["entries"], "actions/upload-artifact")[0]["with"].update(
         name="preview"), "not uploaded"),
    ("a step id renamed, not its uses",
     lambda w: using(_publish(w)["build"], "actions/configure-pages")[0].update(
         {"id": "configure"}),
     "not before it"),
    ("an unset variable",
     lambda w: _step(_publish(w)["build"], "build").pop("env"), "is not set"),
    ("an unpinned install",
     lambda w: _edit_run(_installing(_publish(w)["build"]), "--require-hashes ", ""),
     "not pinned in requirements.lock"),
    ("a package from elsewhere",
     lambda w: _edit_run(_installing(_publish(w)["build"]), "-e .", "-e . weasyprint"),
     "not pinned in requirements.lock"),
    ("pip's cache not keyed on the lock",
     lambda w: using(_check(w)["tests"], "actions/cache")[0]["with"].update(key="pip"),
     "cache key"),
    ("the tests skip make test",
     lambda w: _edit_run(steps(_check(w)["tests"])[-1], "make test", "make test-fast"),
     "make test"),
    ("the site uploaded after a failed build",
     lambda w: using(_publish(w)["build"], "actions/upload-pages-artifact")[0].update(
         {"if": "always()"}), "a failed build is uploaded"),
    ("a failed build deployed",
     lambda w: _publish(w)["deploy"].update({"if": "always()"}), "deploys a failure"),
    ("no report of the groups leaving when the build fails",
     lambda w: _step(_publish(w)["build"], "expiring").pop("if"), "hides the groups"),
    ("the coordinator's report on every push",
     lambda w: _step(_publish(w)["build"], "report").update({"if": "!cancelled()"}),
     "made on push"),
    ("no coordinator's report artifact",
     lambda w: _drop(_publish(w)["build"], using(
         _publish(w)["build"], "actions/upload-artifact")[0]), "as an artifact"),
    ("no PDFs", lambda w: _edit_run(_step(_publish(w)["build"], "build"), "--pdf", ""),
     "printables"),
    ("a hard-coded time zone",
     lambda w: _publish(w)["build"]["env"].update(TZ="Europe/Helsinki"), "time zone"),
    ("a date given to the build",
     lambda w: _edit_run(_step(_publish(w)["build"], "build"), "--pdf",
                         "--pdf --today 2026-01-01"), "is given a date"),
    ("a date passed through the environment",
     lambda w: _edit_run(_step(_publish(w)["build"], "expiring"), "--format github",
                         '--format github --today "$GITHUB_RUN_DATE"'), "is given a date"),
    ("a date made by the shell",
     lambda w: steps(_publish(w)["build"]).insert(
         3, {"run": 'echo "TODAY=$(TZ=Europe/Helsinki date +%F)" >> "$GITHUB_ENV"'}),
     "command substitution"),
]


@pytest.mark.parametrize(("mutate", "expected"), [(m, e) for _, m, e in MISTAKES],
                         ids=[name for name, _, _ in MISTAKES])
def test_a_mistake_breaks_a_rule(mutate: Callable[[Workflows], object], expected: str) -> None:
    changed = copy.deepcopy(WORKFLOWS)
    mutate(changed)
    broken = broken_rules(changed)
    assert any(expected in line for line in broken), broken


def test_triggers_are_read_as_github_reads_them() -> None:
    for text in ("on: push", "on: [push]", "on:\n  push:\n", "'on': {push: null}"):
        assert load(f"{text}\njobs: {{}}\n")["on"] == {"push": None}, text


def test_shell_commands_are_read_as_the_shell_reads_them() -> None:
    assert shell_commands(
        'sudo DEBIAN_FRONTEND=noninteractive apt-get install -y \\\n  libpango-1.0-0\n'
        'python -m brochure x --a "$B C" >> "$GITHUB_STEP_SUMMARY" && exit 1\n'
        'if [ -d x ]; then npm ci; fi  # a comment\n') == [
        Command(("apt-get", "install", "-y", "libpango-1.0-0"),
                (("DEBIAN_FRONTEND", "noninteractive"),), sudo=True),
        Command(("python", "-m", "brochure", "x", "--a", "$B C"), stdout="$GITHUB_STEP_SUMMARY",
                append=True),
        Command(("exit", "1")),
        Command(("[", "-d", "x", "]")),
        Command(("npm", "ci"))]
    for hidden in ("echo $(date)", "(cd x && make)", "make 2>&1", "a <<EOF"):
        with pytest.raises(ValueError):
            shell_commands(hidden)


def test_conditions_are_evaluated_as_github_does() -> None:
    def evaluate(text: str, failed: bool = False) -> bool:
        values: dict[str, Value] = {"steps.check.outcome": "failure", "env.NIGHTLY": "true"}
        status = {"success": not failed, "failure": failed, "always": True,
                  "cancelled": False}
        return truthy(Expression(condition(text), values.get, status).value())
    assert evaluate("${{ !cancelled() && steps.check.outcome == 'failure' }}", failed=True)
    assert not evaluate("env.NIGHTLY == 'true'", failed=True)  # success() && ...
    assert evaluate("${{ env.NIGHTLY == 'TRUE' }}")  # strings compare ignoring case
    assert not evaluate("steps.check.outcome != 'failure' || env.OTHER")
    assert evaluate("always()", failed=True) and not evaluate("failure()")
    with pytest.raises(ValueError):
        evaluate("contains(github.ref, 'main')")


# --- actionlint and shellcheck -----------------------------------------------------------------

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
    done = actionlint(*FILES)
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


def test_every_pin_names_its_version() -> None:
    """A SHA says nothing to a reader: each `uses:` line ends with the version it is, which
    Dependabot keeps up to date with the SHA."""
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        pins = 0
        for key, value in _mapping_pairs(yaml.compose(text)):
            if key.value == "uses" and isinstance(value, yaml.ScalarNode):
                rest = lines[value.end_mark.line][value.end_mark.column:]
                assert re.fullmatch(r"\s*#\s*v\d+(\.\d+){0,2}\s*", rest), (
                    f"{path.name}:{value.end_mark.line + 1}: no version after the SHA")
                pins += 1
        assert pins, path.name


def _mapping_pairs(node: yaml.Node | None) -> Iterator[tuple[yaml.ScalarNode, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield key, value
            yield from _mapping_pairs(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _mapping_pairs(item)


# --- CI runs `make test`, and `make` installs only from the locks ------------------------------

def make(*arguments: str) -> list[Command]:
    """The commands ``make -n`` says it would run (lines it cannot model are left out)."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    done = subprocess.run(["make", "-n", *arguments], cwd=REPO, env=env, capture_output=True,
                          text=True, check=True, timeout=60)
    return lenient_commands(done.stdout)


def test_ci_runs_make_test_and_make_test_runs_every_check() -> None:
    script = REPO / ".ci" / "run"
    assert os.access(script, os.X_OK)
    run = lenient_commands(script.read_text(encoding="utf-8"))
    assert run[0].argv[:2] == ("set", "-euo") and run[-1].argv == ("exec", "make", "test")
    test = make("test")
    assert {"ruff", "mypy", "pytest"} <= {Path(c.argv[0]).name for c in test}, test
    # The JavaScript checkers come from package-lock.json.
    assert [c.argv[:2] for c in test if c.argv[0] == "npm"] == [("npm", "ci")]


def test_make_installs_python_packages_from_the_lock_only() -> None:
    installs = [locked_install(c) for c in make("-B", ".venv/.installed")]
    assert [i for i in installs if i] == ["lock", "project"]


def test_make_lock_regenerates_both_lock_files_with_hashes() -> None:
    run = make("-B", "lock")
    [compile_] = [c for c in run if Path(c.argv[0]).name == "env" and any(
        Path(w).name == "pip-compile" for w in c.argv)]
    assert {"--generate-hashes", "--allow-unsafe", "--strip-extras"} <= set(compile_.argv)
    assert compile_.argv[-3:] == ("-o", "requirements.lock", "pyproject.toml")
    # Resolved against PyPI alone, whatever pip configuration this machine has.
    assert {"PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL"} <= set(compile_.argv)
    assert any(c.argv[:3] == ("npm", "install", "--package-lock-only") for c in run)


def test_makefile_installs_shellcheck_for_actionlint() -> None:
    done = subprocess.run(["make", "-s", "--eval", "print-%: ; @echo $($*)",
                           "print-DEBIAN_PACKAGES"], cwd=REPO, capture_output=True, text=True,
                          check=True, timeout=60)
    assert "shellcheck" in done.stdout.split()


# --- the lock files ----------------------------------------------------------------------------

def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.lower())


def locked_packages() -> dict[str, str]:
    """Name -> pinned version of every package in requirements.lock."""
    pins = re.findall(r"(?m)^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", LOCK.read_text(
        encoding="utf-8"))
    return {canonical(name): version for name, version in pins}


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
        assert name and canonical(name[0]) in pins, requirement


def test_the_environment_is_the_lock() -> None:
    """The environment running these tests was made from the lock (`make build`): every
    locked package is installed at its locked version. (A package no longer locked may linger
    in an old .venv, which `make build` does not empty; CI starts from a fresh one.)"""
    pins = locked_packages()
    installed = {canonical(d.metadata["Name"]): d.version
                 for d in importlib.metadata.distributions()}
    assert {n: v for n, v in pins.items() if installed.get(n) != v} == {}


def test_package_lock_pins_the_javascript_tools_with_integrity_hashes() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["lockfileVersion"] == 3
    for name, version in package["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), name  # exact, not a range
        entry = lock["packages"][f"node_modules/{name}"]
        assert entry["version"] == version
        assert entry["integrity"].startswith("sha512-"), name


# --- the nightly report, run as the publish workflow runs it -----------------------------------

def run_in_process(step: Step, today: dt.date, env: Mapping[str, str]) -> str:
    """Run a step's brochure commands in this process (the program the shell would start) in
    the current folder at ``today``; output goes where the script sends it. Returns the log."""
    log = io.StringIO()
    for command in commands(step):
        argv = brochure_argv(command)
        assert argv is not None, f"`{command}` is not the brochure"
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            code = cli.main([*argv, "--today", today.isoformat()])
        assert code == options.EXIT_OK, f"`{command}` exited with {code}"
        if command.stdout is None:
            log.write(printed.getvalue())
        else:
            target = Path(re.sub(r"\$\{?(\w+)\}?", lambda m: env[m[1]], command.stdout))
            with target.open("a" if command.append else "w", encoding="utf-8") as file:
                file.write(printed.getvalue())
    return log.getvalue()


def test_nightly_report_warns_about_groups_that_leave_soon(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The publish workflow's step, its commands run at a fixed date where the repository's
    content folder is, as in CI."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    today = dt.date(2026, 11, 23)
    group = content / "groups" / "torstain-olohuone.yaml"
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

    step = step_calling(job_calling(WORKFLOWS["publish.yml"], "build"), "expiring")
    summary = tmp_path / "summary.md"
    monkeypatch.chdir(tmp_path)
    log = run_in_process(step, today, {"GITHUB_STEP_SUMMARY": str(summary)})

    warnings = [line for line in log.splitlines() if line.startswith("::warning ")]
    assert len(warnings) == 2, log
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


# --- for partners: the pull request template, the issue form and the owners --------------------

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
        options = fields[field]["attributes"]["options"]
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
    ".github/workflows/check.yml", ".github/CODEOWNERS", ".ci/run", "brochure/cli.py",
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
