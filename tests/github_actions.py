"""A model of GitHub Actions for the workflow tests (tests/test_workflows.py).

A workflow file becomes typed data (as GitHub reads it: the key ``on``, short forms of
triggers); a ``run:`` script becomes the simple commands the shell would run (shlex, with
assignments, ``sudo`` and output redirections taken apart, and anything it does not model
refused rather than guessed); and ``if:`` conditions are evaluated as the runner evaluates
them, so a test can ask which steps of a job run, and whether the job and the jobs that need it
succeed, when a given step fails on a given event.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import re
import shlex
from collections.abc import Callable, Iterator, Mapping
from typing import TypedDict, TypeVar, cast

import yaml

# --- workflows as data -------------------------------------------------------------------------

# The keys the tests read (a workflow has more). Keys that are Python keywords or not
# identifiers need the functional form.
Step = TypedDict("Step", {
    "name": str, "id": str, "uses": str, "run": str, "with": dict[str, object],
    "env": dict[str, str], "if": str | bool, "continue-on-error": bool}, total=False)
Job = TypedDict("Job", {
    "name": str, "needs": str | list[str], "if": str | bool, "permissions": str | dict[str, str],
    "env": dict[str, str], "container": dict[str, str], "environment": dict[str, str],
    "steps": list[Step], "uses": str}, total=False)


class Workflow(TypedDict, total=False):
    name: str
    on: dict[str, object]  # trigger -> its settings (None when it has none)
    permissions: str | dict[str, str]
    env: dict[str, str]
    concurrency: dict[str, object]
    jobs: dict[str, Job]


Workflows = dict[str, Workflow]  # by file name
T = TypeVar("T")


def load(text: str) -> Workflow:
    """A workflow file's text as GitHub reads it."""
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as the boolean true; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    # `on: push` and `on: [push, schedule]` are `on: {push: null, ...}` written shorter.
    triggers = data.get("on")
    if isinstance(triggers, str):
        data["on"] = {triggers: None}
    elif isinstance(triggers, list):
        data["on"] = dict.fromkeys(triggers)
    return cast(Workflow, data)


def steps(job: Job) -> list[Step]:
    return job.get("steps", [])


def action(step: Step) -> str | None:
    """``actions/checkout`` for ``uses: actions/checkout@<sha>``."""
    uses = step.get("uses")
    return uses.split("@")[0] if uses else None


def using(job: Job, name: str) -> list[Step]:
    return [s for s in steps(job) if action(s) == name]


def unwrap(expression: str) -> str:
    """``${{ x }}`` -> ``x``."""
    match = re.fullmatch(r"\s*\$\{\{(.*)\}\}\s*", expression, re.DOTALL)
    return match[1].strip() if match else expression.strip()


def strings(node: object, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every string in a parsed workflow, with the keys that lead to it."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, (*path, str(index)))


# --- scripts as commands -----------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Command:
    """One simple command of a `run:` script, as the shell would run it."""

    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()  # NAME=value words before it
    stdout: str | None = None  # the file its output goes to (`> FILE` or `>> FILE`)
    append: bool = False
    sudo: bool = False

    def __str__(self) -> str:
        return shlex.join(self.argv)


SEPARATORS = {"&&", "||", ";", "|"}
# Words that open or close a compound command rather than name a program.
KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!"}
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def shell_commands(script: str) -> list[Command]:
    """The simple commands of a script, one line (with its continuations) at a time. Syntax
    these tests do not model (subshells, command substitution, other redirections) raises
    ValueError, so no command hides from them."""
    return list(_shell_commands(script))


@functools.cache
def _shell_commands(script: str) -> tuple[Command, ...]:
    commands: list[Command] = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|<>()")
        lexer.whitespace_split = True
        words = list(lexer)
        for word in words:
            if "$(" in word or "`" in word:
                raise ValueError(f"command substitution in {line.strip()!r}")
        current: list[str] = []
        for word in [*words, ";"]:
            if word in SEPARATORS:
                if current:
                    commands.append(_command(current, line))
                current = []
            elif set(word) <= set(";&|<>()") and word not in {">", ">>"}:
                raise ValueError(f"shell syntax {word!r} in {line.strip()!r}")
            else:
                current.append(word)
    return tuple(c for c in commands if c.argv)


def _command(words: list[str], line: str) -> Command:
    argv: list[str] = []
    stdout: str | None = None
    append = False
    index = 0
    while index < len(words):
        if words[index] in {">", ">>"}:
            if index + 1 >= len(words):
                raise ValueError(f"redirection without a file in {line.strip()!r}")
            append, stdout = words[index] == ">>", words[index + 1]
            index += 2
        else:
            argv.append(words[index])
            index += 1
    while argv and argv[0] in KEYWORDS:
        argv.pop(0)
    sudo = bool(argv) and argv[0] == "sudo"
    if sudo:
        argv.pop(0)
    env: list[tuple[str, str]] = []
    while argv and ASSIGNMENT.match(argv[0]):
        name, _, value = argv.pop(0).partition("=")
        env.append((name, value))
    return Command(tuple(argv), tuple(env), stdout, append, sudo)


def lenient_commands(script: str) -> list[Command]:
    """The commands of the lines :func:`shell_commands` can read (for make's output and .ci/run,
    where a line it cannot model runs nothing these tests look for)."""
    found: list[Command] = []
    for line in script.replace("\\\n", " ").splitlines():
        with contextlib.suppress(ValueError):
            found.extend(shell_commands(line))
    return found


def commands(step: Step) -> list[Command]:
    return shell_commands(step.get("run", ""))


def variables(word: str) -> list[str]:
    """The shell variables a word uses: ``["BASE_URL"]`` for ``--base-url=$BASE_URL``."""
    return re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", word)


def one(items: list[T], what: str) -> T:
    assert len(items) == 1, f"{len(items)} {what}, expected 1"
    return items[0]


def path_of(value: object) -> str:
    """A path as a comparable string: ``_site/`` and ``./_site`` are ``_site``."""
    text = str(value).strip()
    return os.path.normpath(text.removeprefix("./")) if text else text


# --- conditions: which steps run ---------------------------------------------------------------

Value = str | float | bool | None
TOKEN = re.compile(r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>\d+(?:\.\d+)?)"
                   r"|(?P<op>&&|\|\||==|!=|[!(),])|(?P<name>[A-Za-z_][\w-]*(?:\.[\w*-]+)*))")
STATUS_FUNCTIONS = re.compile(r"\b(success|failure|always|cancelled)\s*\(")


class Expression:
    """A GitHub Actions expression, the part of the language the conditions use: literals,
    context properties, ``!``, ``==``, ``!=``, ``&&``, ``||``, parentheses and the status
    functions. Anything else raises, so a condition is never guessed."""

    def __init__(self, text: str, lookup: Callable[[str], Value],
                 status: Mapping[str, bool]) -> None:
        self.tokens: list[tuple[str, str]] = []
        position, text = 0, unwrap(text)
        while position < len(text.rstrip()):
            match = TOKEN.match(text, position)
            if match is None or match.end() == position:
                raise ValueError(f"cannot read the expression {text!r} at {position}")
            kind = match.lastgroup
            assert kind is not None
            self.tokens.append((kind, match[kind]))
            position = match.end()
        self.lookup, self.status, self.position = lookup, status, 0

    def value(self) -> Value:
        result = self._or()
        if self.position != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.position][1]!r}")
        return result

    def _next(self, *wanted: str) -> str | None:
        if self.position < len(self.tokens) and self.tokens[self.position][1] in wanted:
            self.position += 1
            return self.tokens[self.position - 1][1]
        return None

    def _or(self) -> Value:
        left = self._and()
        while self._next("||"):
            right = self._and()
            left = left if truthy(left) else right
        return left

    def _and(self) -> Value:
        left = self._equality()
        while self._next("&&"):
            right = self._equality()
            left = right if truthy(left) else left
        return left

    def _equality(self) -> Value:
        left = self._unary()
        operator = self._next("==", "!=")
        if operator is None:
            return left
        same = equal(left, self._unary())
        return same if operator == "==" else not same

    def _unary(self) -> Value:
        if self._next("!"):
            return not truthy(self._unary())
        return self._primary()

    def _primary(self) -> Value:
        if self.position >= len(self.tokens):
            raise ValueError("the expression ends too early")
        kind, text = self.tokens[self.position]
        self.position += 1
        if text == "(":
            inner = self._or()
            if not self._next(")"):
                raise ValueError("missing )")
            return inner
        if kind == "string":
            return text[1:-1].replace("''", "'")
        if kind == "number":
            return float(text)
        if kind != "name":
            raise ValueError(f"unexpected {text!r}")
        if self._next("("):
            if not self._next(")") or text not in self.status:
                raise ValueError(f"function {text}() is not modelled here")
            return self.status[text]
        literals: dict[str, Value] = {"true": True, "false": False, "null": None}
        return literals[text] if text in literals else self.lookup(text)


def truthy(value: Value) -> bool:
    """GitHub's truth: false, null, 0, NaN and the empty string are false."""
    return value not in (False, None, "") and value == value and value != 0


def equal(left: Value, right: Value) -> bool:
    """GitHub's ``==``: values of different types are compared as numbers."""
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()  # GitHub compares strings ignoring case
    if type(left) is type(right):
        return left == right

    def number(value: Value) -> float:
        if value is None:
            return 0.0
        try:
            return float(value)
        except ValueError:
            return float("nan")
    return number(left) == number(right)


def as_text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else value


def condition(value: str | bool | None) -> str:
    """What GitHub evaluates for ``if:``: without a status function, ``success() && (...)``."""
    if value is None:
        return "success()"
    text = unwrap(as_text(value))
    return text if STATUS_FUNCTIONS.search(text) else f"success() && ({text})"


@dataclasses.dataclass(frozen=True)
class Ran:
    """What became of a step in a simulated run."""

    step: Step
    outcome: str  # success, failure or skipped
    conclusion: str  # the outcome, but success for a failure allowed by continue-on-error


@dataclasses.dataclass(frozen=True)
class JobRun:
    steps: list[Ran]
    result: str  # success or failure

    def ran(self, step: Step) -> bool:
        return next(r for r in self.steps if r.step is step).outcome != "skipped"


def exits_with_failure(step: Step) -> bool:
    """A script whose last command is ``exit N`` with N > 0 always fails."""
    found = commands(step)
    return bool(found) and found[-1].argv[:1] == ("exit",) and found[-1].argv[1:] not in [
        (), ("0",)]


def run_job(workflow: Workflow, job: Job, event: str,
            failing: Callable[[Step], bool] = lambda step: False) -> JobRun:
    """Which steps of ``job`` run on ``event`` when the steps ``failing`` picks fail (and every
    script that always fails does), and the job's result, as GitHub decides them."""
    github: dict[str, Value] = {"event_name": event}

    def context(path: str, done: list[Ran], env: Mapping[str, str]) -> Value:
        root, _, rest = path.partition(".")
        if root == "github":
            return github.get(rest)
        if root == "env":
            return env.get(rest)
        if root == "steps":
            step_id, _, field = rest.partition(".")
            for ran in done:
                if ran.step.get("id") == step_id and field in ("outcome", "conclusion"):
                    return ran.outcome if field == "outcome" else ran.conclusion
            return None
        raise ValueError(f"the context {root!r} is not modelled here")

    def interpolate(text: str, env: Mapping[str, str]) -> str:
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: as_text(Expression(
            m[1], lambda p: context(p, [], env), {}).value()), text)

    env: dict[str, str] = {}
    for name, value in [*workflow.get("env", {}).items(), *job.get("env", {}).items()]:
        env[name] = interpolate(str(value), env)
    done: list[Ran] = []
    failed = False
    for step in steps(job):
        status = {"success": not failed, "failure": failed, "always": True, "cancelled": False}
        runs = truthy(Expression(condition(step.get("if")),
                                 lambda p: context(p, done, env), status).value())
        if not runs:
            done.append(Ran(step, "skipped", "skipped"))
            continue
        outcome = "failure" if failing(step) or exits_with_failure(step) else "success"
        conclusion = ("success" if outcome == "failure" and step.get("continue-on-error") is True
                      else outcome)
        failed = failed or conclusion == "failure"
        done.append(Ran(step, outcome, conclusion))
    return JobRun(done, "failure" if failed else "success")


def job_runs(job: Job, results: Mapping[str, str]) -> bool:
    """Whether a job runs, given the results of the jobs it needs."""
    needs = job.get("needs", [])
    needed = [needs] if isinstance(needs, str) else needs
    ok = all(results.get(name) == "success" for name in needed)
    status = {"success": ok, "failure": not ok, "always": True, "cancelled": False}
    return truthy(Expression(condition(job.get("if")), lambda p: None, status).value())

