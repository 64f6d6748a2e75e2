"""Peer benchmark: the project's full build against Hugo's, on the same generated groups.

The groups come from the shared yardstick (``gen_content.py``, ``to_hugo.py`` in ``--shared``,
by default ``../shared/bench`` next to the repository). One seeded JSONL file becomes both a
Hugo site and a content tree of this project (the generator's vocabulary mapped onto ours; the
tree must pass ``build.py check`` with 0 errors). Each build runs as a child process, Hugo and
the project alternately, and is measured from outside: wall time, CPU (user + sys of the child)
and the child's peak resident memory.

Scenarios: every size cold (fresh output folder, fresh caches); 1,000 groups also cold with
``--jobs 1`` (the gain of the second core); sizes up to 1,000 also warm (after a build, one
group's summary changes and the same output and caches are built again). The project's stage
times (``build --timings``) are reported for each scenario.

    make bench
    .venv/bin/python benchmarks/peers.py [--sizes 1000 10000] [--skip-10k] [--repeat 3]
        [--today 2026-12-01] [--seed 42] [--output-dir /dev/shm] [--json peers.json]

Hugo does less than the project (no filter pages, calendars, posters, open data), so the files
written by each are listed next to the times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers

from brochure.core.codes import suggest_code

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared" / "bench"
DEFAULT_TODAY = dt.date(2026, 12, 1)
WARM_MAX = 1000  # sizes up to this are also built warm

# --- the generator's vocabulary -> the project's ids --------------------------------------

AUDIENCES: dict[str, tuple[str, ...]] = {
    "everyone": ("everyone",),
    "youth": ("youth",),
    "elderly": ("elderly",),
    "families": ("families",),
    "unemployed": ("outside-work",),
    "substance-mental-health": ("substance-use", "mental-health"),
    "immigrants": ("immigrants",),
    "long-term-ill": ("long-term-illness",),
}
ACTIVITIES: dict[str, str] = {
    "choir": "music",
    "crafts": "crafts",
    "exercise": "exercise",
    "cooking": "cooking",
    "discussion": "discussion",
    "language-cafe": "discussion",
    "folk-music": "music",
    "games": "games",
    "hiking": "outdoors",
    "art": "arts",
    "digital-help": "digital-skills",
    "peer-support": "peer-support",
    "dance": "dance",
    "gardening": "outdoors",
    "reading": "discussion",
}
WEEKDAYS: dict[str, str] = {
    "mon": "monday", "tue": "tuesday", "wed": "wednesday", "thu": "thursday",
    "fri": "friday", "sat": "saturday", "sun": "sunday",
}
ROLES: dict[str, str] = {
    "organiser": "professional",
    "co-organiser": "experience-expert",
    "partner": "peer",
    "volunteer-coordinator": "volunteer",
    "host": "volunteer",
}
# Partner organisation types (the generator's org ids are "<type>-<municipality>").
PARTNERS: dict[str, str] = {
    "mll": "jokilaaksojen-kylat",
    "spr": "paivakeskus",
    "seurakunta": "kokkolan-seurakunta",
    "kansalaisopisto": "osallisuushanke",
    "nuorisopalvelut": "etsiva",
    "4h": "kokkotyo",
    "martat": "jokilaaksojen-kylat",
    "mielenterveysseura": "mielenterveysyhdistys",
    "elakelaiset": "kpkoos",
    "kotoutumispalvelut": "soite",
    "tyollisyyspalvelut": "typ",
    "kirjasto": "osallisuushanke",
    "urheiluseura": "jokilaaksojen-kylat",
    "kylayhdistys": "jokilaaksojen-kylat",
}
SWEDISH_PARISH = "karleby-svenska-forsamling"
SUBSTITUTE = {
    "fi": "Sijainen tulee kumppanin varalistalta.",
    "sv": "En ersättare kommer från partnerns reservlista.",
    "en": "A substitute comes from the partner's list.",
}
LANGS = ("fi", "sv", "en")
SUMMARY_LIMIT = 160  # brochure.check.validate.SUMMARY_LIMIT
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{1,58})[a-z0-9]\Z")
SEASON_MARGIN = dt.timedelta(days=30)  # past the "ending soon" notice (14 days)


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def season_around(start: str, end: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The generated season moved by whole years to cover ``today`` (the end at least a month
    ahead: the generator's seasons lie in 2025-2026, a benchmark's today may not)."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    years = today.year - first.year
    if _years_later(first, years) > today:
        years -= 1
    first, last = _years_later(first, years), _years_later(last, years)
    while last < today + SEASON_MARGIN:
        last = _years_later(last, 1)
    return first, last


def valid_phone(phone: str) -> str:
    """The phone if it is a valid Finnish number, else a valid mobile number with its digits."""
    try:
        ok = phonenumbers.is_valid_number(phonenumbers.parse(phone, "FI"))
    except phonenumbers.NumberParseException:
        ok = False
    if ok:
        return phone
    digits = re.sub(r"\D", "", phone)[-7:].rjust(7, "0")
    return f"+358 40 {digits[:3]} {digits[3:]}"


def short_summary(text: str) -> str:
    """At most SUMMARY_LIMIT characters: drop trailing sentences, then cut at a word."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    while len(sentences) > 1 and len(" ".join(sentences)) > SUMMARY_LIMIT:
        sentences.pop()
    text = " ".join(sentences)
    if len(text) > SUMMARY_LIMIT:
        text = text[:SUMMARY_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def project_slug(slug: str, used: set[str]) -> str:
    if not SLUG.match(slug) or "--" in slug:
        slug = re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", slug.lower())).strip("-")
        if len(slug) > 60:
            slug = f"{slug[:51].rstrip('-')}-{_crc(slug):08x}"
        slug = slug.ljust(3, "0")
    base, k = slug, 2
    while slug in used:
        slug, k = f"{base[:56].rstrip('-')}-{k}", k + 1
    used.add(slug)
    return slug


def _partner(org: str, group: dict[str, Any], partners: Sequence[str]) -> str:
    kind, _, municipality = org.rpartition("-")
    if kind == "seurakunta" and municipality == "kokkola" and "sv" in group["languages"]:
        chosen = SWEDISH_PARISH
    else:
        chosen = PARTNERS[kind]
    if chosen not in partners:  # the example partners changed: any partner, deterministically
        chosen = partners[_crc(org) % len(partners)]
    return chosen


def group_yaml(group: dict[str, Any], partners: Sequence[str], today: dt.date,
               code: str | None = None) -> str:
    """One group file of this project for one generated group (valid on ``today``)."""
    slug = group["slug"]
    audiences = _unique(a for key in group["audience"] for a in AUDIENCES[key])
    activities = _unique(ACTIVITIES[key] for key in group["activities"])
    languages = _unique(group["languages"])
    first_org, second_org = (f["org"] for f in group["facilitators"][:2])
    first = _partner(first_org, group, partners)
    second = _partner(second_org, group, partners)
    if second == first:  # the pair must come from two organisations
        second = partners[(partners.index(first) + 1 + _crc(second_org) % (len(partners) - 1))
                          % len(partners)]
    roles = [ROLES[f["role"]] for f in group["facilitators"][:2]]
    phase = "pilot" if _crc(slug) % 3 == 0 else "established"
    if phase == "pilot" and "professional" not in roles:
        roles[0] = "professional"
    season_start, season_end = season_around(group["schedule"][0]["season_start"],
                                             group["schedule"][0]["season_end"], today)
    reviewed = today - dt.timedelta(days=_crc(slug) % 180)

    lines = ["# yaml-language-server: $schema=../../schema/group.schema.json", "name:"]
    lines += [f"  {lang}: {_q(group['name'][lang])}" for lang in LANGS]
    lines.append("summary:")
    lines += [f"  {lang}: {_q(short_summary(group['summary'][lang]))}" for lang in LANGS]
    lines.append("description:")
    for lang in LANGS:
        lines.append(f"  {lang}: |")
        lines += [f"    {line}" if line.strip() else ""
                  for line in group["description"][lang].strip().splitlines()]
    venue = group["venue"]
    lines += [
        f"municipality: {group['municipality']}",
        "venue:",
        "  name: {" + ", ".join(f"{lang}: {_q(venue['name'][lang])}" for lang in LANGS) + "}",
        f"  address: {_q(venue['address'])}",
        "schedule:",
        f"  season: {{start: {season_start.isoformat()}, end: {season_end.isoformat()}}}",
        "  meetings:",
    ]
    lines += [f"    - {{weekday: {WEEKDAYS[m['weekday']]}, start: {_q(m['start'])}, "
              f"end: {_q(m['end'])}}}" for m in group["schedule"]]
    lines += [
        f"audiences: [{', '.join(audiences)}]",
        f"activities: [{', '.join(activities)}]",
        f"languages: [{', '.join(languages)}]",
        "facilitators:",
        f"  - {{role: {roles[0]}, partner: {first}}}",
        f"  - {{role: {roles[1]}, partner: {second}}}",
        f"phase: {phase}",
        "substitute:",
        *(f"  {lang}: {_q(SUBSTITUTE[lang])}" for lang in LANGS),
        "contact:",
        f"  partner: {first}",
        f"  phone: {_q(valid_phone(group['contact']['phone']))}",
        f"  email: {group['contact']['email']}",
        "free: true",
        "referral_required: false",
        "anonymous: true",
        "registration: none",
        f"reviewed: {reviewed.isoformat()}",
        # As partners write them: a short code, and whether public holidays are meeting days.
        "meets_on_public_holidays: false",
        *([f"code: {_q(code)}"] if code else []),
    ]
    return "\n".join(lines) + "\n"


def write_project_content(groups: Sequence[dict[str, Any]], dest: Path, source: Path,
                          today: dt.date) -> Path:
    """A content tree of this project at ``dest``: ``source``'s site, vocabularies, partners
    and pages, and one group file per generated group. Returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("site.yaml", "vocabularies.yaml"):
        shutil.copy(source / name, dest / name)
    for name in ("partners", "pages"):
        if (source / name).is_dir():
            shutil.copytree(source / name, dest / name, dirs_exist_ok=True)
    folder = dest / "groups"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    partners = sorted(path.stem for path in (dest / "partners").glob("*.yaml"))
    if len(partners) < 2:
        raise ValueError(f"{source / 'partners'} needs at least two partners")
    used: set[str] = set()
    codes: set[str] = set()
    for group in groups:
        slug = project_slug(group["slug"], used)
        code = suggest_code(slug, codes | used)
        codes.add(code)
        (folder / f"{slug}.yaml").write_text(group_yaml(group, partners, today, code),
                                             encoding="utf-8")
    return dest


def generate(shared: Path, n: int, out: Path, seed: int) -> Path:
    """N groups as JSON lines, written by the shared generator."""
    subprocess.run([sys.executable, str(shared / "gen_content.py"), str(n), str(out),
                    "--seed", str(seed)], check=True, capture_output=True)
    return out


def read_groups(jsonl: Path) -> list[dict[str, Any]]:
    with jsonl.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def write_hugo_site(shared: Path, jsonl: Path, site: Path) -> Path:
    subprocess.run([sys.executable, str(shared / "to_hugo.py"), str(jsonl), str(site)],
                   check=True, capture_output=True)
    return site


def check_content(root: Path, today: dt.date) -> tuple[int, int]:
    """``build.py check`` on ``root``: (errors, warnings)."""
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--content",
                           str(root), "--today", today.isoformat(), "--format", "json"],
                          capture_output=True, text=True, cwd=REPO)
    try:
        problems = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"build.py check gave no JSON:\n{done.stdout}{done.stderr}") from None
    errors = sum(1 for p in problems if p["severity"] == "error")
    warnings = sum(1 for p in problems if p["severity"] == "warning")
    if done.returncode not in (0, 1):
        raise RuntimeError(f"build.py check failed ({done.returncode}):\n{done.stderr}")
    return errors, warnings


# --- measuring ----------------------------------------------------------------------------

@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float  # the largest single process
    files: int
    tree_mb: float = 0.0  # the whole process tree's PSS (the build and its workers), sampled
    stages: dict[str, float] = field(default_factory=dict)  # --timings of the project


@dataclass
class Scenario:
    name: str
    groups: int
    hugo: list[Run] = field(default_factory=list)
    project: list[Run] = field(default_factory=list)

    def median(self, tool: str, figure: str) -> float:
        runs: list[Run] = getattr(self, tool)
        return statistics.median(float(getattr(run, figure)) for run in runs)

    def ratio(self, figure: str = "wall") -> float:
        return self.median("project", figure) / self.median("hugo", figure)


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def tree_rss(pid: int) -> int:
    """Memory of ``pid`` and all its descendants, in kB (0 once it has ended): the sum of
    their proportional set sizes, so that pages a forked worker shares with the build count
    once (summing resident sizes would count them in every process).

    A child started by ``subprocess`` (Pagefind) is made with vfork: until it runs its
    program it shares its parent's memory, and /proc shows that whole memory as the child's
    too. A sample in that moment would count the build twice, so a child whose memory is
    its parent's (kcmp) is left out."""
    total, todo = 0, [(pid, 0)]
    while todo:
        current, parent = todo.pop()
        try:
            if not (parent and _same_memory(parent, current)):
                found = re.search(r"^Pss:\s+(\d+)",
                                  Path(f"/proc/{current}/smaps_rollup").read_text(), re.M)
                total += int(found.group(1)) if found else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [(int(c), current) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError, ValueError):
            continue
    return total


def _same_memory(first: int, second: int) -> bool:
    """Whether two processes share one address space (Linux's kcmp, KCMP_VM); False where
    that cannot be asked."""
    number = {"x86_64": 312, "aarch64": 272}.get(os.uname().machine)
    if number is None:
        return False
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.syscall(number, first, second, 1, 0, 0) == 0)  # 1: KCMP_VM
    except (OSError, AttributeError):
        return False


def timed(command: Sequence[str], env: dict[str, str], log: Path, output: Path) -> Run:
    """Run ``command`` as a child; its wall time, CPU time, peak RSS (of its largest process
    and, sampled every 20 ms, of the whole process tree) and the files in ``output``."""
    with log.open("wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env,
                                 cwd=REPO)
        peak_tree = 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            peak_tree = max(peak_tree, tree_rss(child.pid))
            time.sleep(0.02)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} exited with {child.returncode}:\n{tail}")
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
               peak_mb=usage.ru_maxrss / 1024, files=count_files(output),
               tree_mb=(peak_tree or usage.ru_maxrss) / 1024, stages=stages_of(log))


def stages_of(log: Path) -> dict[str, float]:
    """The stage table ``build --timings`` printed (empty for Hugo)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    found = re.search(r"^stage\s+seconds\n(.*?)^total", text, re.M | re.S)
    if not found:
        return {}
    return {name: float(value) for name, value in
            re.findall(r"^(\w+)\s+([0-9.]+)$", found.group(1), re.M)}


class Bench:
    def __init__(self, work: Path, hugo: str, today: dt.date, project_options: list[str]):
        self.work, self.hugo_bin, self.today = work, hugo, today
        self.project_options = project_options
        self.runs = 0

    def fresh(self, name: str) -> Path:
        self.runs += 1
        path = self.work / f"{name}-{self.runs}"
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def hugo(self, site: Path, out: Path, cache: Path) -> Run:
        env = dict(os.environ, HUGO_CACHEDIR=str(cache))
        return timed([self.hugo_bin, "-s", str(site), "--quiet", "-d", str(out)], env,
                     self.work / "hugo.log", out)

    def project(self, content: Path, out: Path, cache: Path, jobs: int | None = None) -> Run:
        command = [sys.executable, str(REPO / "build.py"), "build", "--content", str(content),
                   "--output", str(out), "--today", self.today.isoformat()]
        if "--timings" in self.project_options:
            command.append("--timings")
        if jobs is not None:
            command += ["--jobs", str(jobs)]
        if "--cache" in self.project_options:
            command += ["--cache", str(cache / "build")]
        if "--quiet" in self.project_options:
            command.append("--quiet")
        env = dict(os.environ, BROCHURE_CACHE=str(cache / "env"))
        return timed(command, env, self.work / "project.log", out)

    def cold(self, size: int, site: Path, content: Path, repeat: int,
             jobs: int | None = None) -> Scenario:
        scenario = Scenario("cold" if jobs is None else f"cold -j{jobs}", size)
        for _ in range(repeat):
            out = self.fresh("out-hugo")
            scenario.hugo.append(self.hugo(site, out, self.fresh("cache-hugo")))
            shutil.rmtree(out)
            out, cache = self.fresh("out-project"), self.fresh("cache-project")
            (cache / "build").mkdir()
            (cache / "env").mkdir()
            scenario.project.append(self.project(content, out, cache, jobs))
            shutil.rmtree(out)
        return scenario

    def warm(self, size: int, site: Path, content: Path, slug: str, repeat: int) -> Scenario:
        """After a build, one group's summary changes and the same output is built again."""
        scenario = Scenario("warm", size)
        hugo_out, hugo_cache = self.fresh("out-hugo-warm"), self.fresh("cache-hugo-warm")
        out, cache = self.fresh("out-project-warm"), self.fresh("cache-project-warm")
        (cache / "build").mkdir()
        (cache / "env").mkdir()
        self.hugo(site, hugo_out, hugo_cache)
        self.project(content, out, cache)
        hugo_file = site / "content" / "groups" / f"{slug}.fi.md"
        group_file = content / "groups" / f"{slug}.yaml"
        for rep in range(1, repeat + 1):
            summary = f"Ryhmän tiedot päivitettiin ({rep})."
            change(hugo_file, r'^(summary: )".*"$', _q(summary))
            scenario.hugo.append(self.hugo(site, hugo_out, hugo_cache))
            change(group_file, r'^(summary:\n  fi: )".*"$', _q(summary))
            scenario.project.append(self.project(content, out, cache))
        shutil.rmtree(hugo_out)
        shutil.rmtree(out)
        return scenario


# The live preview in a child process: its first build, then one group's summary edited
# ``repeat`` times, each update timed by the builder (own pages shown, whole site done).
PREVIEW = """
import datetime as dt, json, re, sys
from pathlib import Path
from brochure.engine.incremental import IncrementalBuilder
content, output, today, repeat = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
builder = IncrementalBuilder(content, output, dt.date.fromisoformat(today))
assert builder.update(None).ok
group = sorted((content / "groups").glob("*.yaml"))[0]
times = []
for rep in range(1, int(repeat) + 1):
    text = group.read_text(encoding="utf-8")
    new, count = re.subn(r'^(summary:\\n  fi: )".*"$', lambda m: m.group(1) + '"Esikatselu %d."'
                         % rep, text, count=1, flags=re.M)
    assert count == 1
    group.write_text(new, encoding="utf-8")
    done = builder.update([group])
    assert done.ok and not done.corrected, (done.errors, done.corrected)
    times.append([done.quick_seconds, done.seconds])
print(json.dumps(times))
"""


@dataclass
class Preview:
    """The live preview after one group's file is saved: when its own pages are written, and
    when every affected page (lists, sitemap, feeds, search) is."""

    groups: int
    own: list[float] = field(default_factory=list)
    whole: list[float] = field(default_factory=list)


def preview(work: Path, content: Path, today: dt.date, size: int, repeat: int) -> Preview:
    output = work / "preview-output"
    shutil.rmtree(output, ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", PREVIEW, str(content), str(output),
                           today.isoformat(), str(repeat)], capture_output=True, text=True,
                          cwd=REPO, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the preview benchmark failed (exit status {done.returncode}):\n"
                           f"{done.stdout[-3000:]}{done.stderr[-3000:]}")
    shutil.rmtree(output, ignore_errors=True)
    times = json.loads(done.stdout.splitlines()[-1])
    return Preview(size, [t[0] for t in times], [t[1] for t in times])


def change(path: Path, pattern: str, value: str) -> None:
    """Replace what follows ``pattern``'s first group on its first match with ``value``."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, lambda m: m.group(1) + value, text, count=1, flags=re.M)
    if count != 1:
        raise RuntimeError(f"{path}: no line matches {pattern!r}")
    path.write_text(new, encoding="utf-8")


# --- report -------------------------------------------------------------------------------

def table(scenarios: Sequence[Scenario]) -> str:
    head = (f"{'scenario':<9} {'groups':>6} | {'Hugo wall':>9} {'CPU':>6} {'MB':>5} "
            f"{'files':>6} | {'project wall':>12} {'CPU':>6} {'MB':>5} {'tree MB':>7} "
            f"{'files':>6} | {'wall ratio':>10} {'CPU ratio':>9}")
    rows = [head, "-" * len(head)]
    for s in scenarios:
        rows.append(
            f"{s.name:<9} {s.groups:>6} | {s.median('hugo', 'wall'):>8.2f}s "
            f"{s.median('hugo', 'cpu'):>5.2f}s {s.median('hugo', 'peak_mb'):>5.0f} "
            f"{int(s.median('hugo', 'files')):>6} | {s.median('project', 'wall'):>11.2f}s "
            f"{s.median('project', 'cpu'):>5.2f}s {s.median('project', 'peak_mb'):>5.0f} "
            f"{s.median('project', 'tree_mb'):>7.0f} "
            f"{int(s.median('project', 'files')):>6} | {s.ratio():>9.2f}x "
            f"{s.ratio('cpu'):>8.2f}x")
    return "\n".join(rows)


def stage_table(scenarios: Sequence[Scenario]) -> str:
    """The project's stages (``build --timings``), medians per scenario, in seconds."""
    names = list(dict.fromkeys(n for s in scenarios for r in s.project for n in r.stages))
    if not names:
        return ""
    rows = [f"{'scenario':<9} {'groups':>6} | " + " ".join(f"{n:>8}" for n in names)]
    for s in scenarios:
        cells = [statistics.median(r.stages.get(n, 0.0) for r in s.project) for n in names]
        rows.append(f"{s.name:<9} {s.groups:>6} | " + " ".join(f"{c:>8.2f}" for c in cells))
    return "\n".join(rows)


def preview_line(found: Preview) -> str:
    return (f"live preview, {found.groups:,} groups, one group's file saved: its own pages "
            f"after {statistics.median(found.own):.2f} s, every page after "
            f"{statistics.median(found.whole):.2f} s (medians of {len(found.own)})")


def targets(scenarios: Sequence[Scenario],
            previews: Sequence[Preview] = ()) -> list[dict[str, Any]]:
    found = {(s.name, s.groups): s for s in scenarios}
    cold1k, warm1k, cold10k = (found.get(("cold", 1000)), found.get(("warm", 1000)),
                               found.get(("cold", 10000)))
    serial1k = found.get(("cold -j1", 1000))
    verdicts: list[dict[str, Any]] = []

    def verdict(name: str, met: bool | None, figure: str) -> None:
        verdicts.append({"target": name, "met": met, "figure": figure})

    if cold1k:
        r = cold1k.ratio()
        verdict("1,000 groups cold: wall <= 2x Hugo", r <= 2.0, f"{r:.2f}x")
        verdict("1,000 groups cold (stretch): wall <= 1.5x Hugo", r <= 1.5, f"{r:.2f}x")
    else:
        verdict("1,000 groups cold: wall <= 2x Hugo", None, "not measured")
    if cold1k and serial1k:
        speedup = serial1k.median("project", "wall") / cold1k.median("project", "wall")
        verdict("1,000 groups cold: --jobs 2 >= 1.6x faster than --jobs 1", speedup >= 1.6,
                f"{speedup:.2f}x")
    if warm1k:
        w = warm1k.median("project", "wall")
        verdict("1,000 groups warm (one group changed): full build <= 1 s", w <= 1.0,
                f"{w:.2f} s")
    else:
        verdict("1,000 groups warm (one group changed): full build <= 1 s", None,
                "not measured")
    for shown in previews:
        if shown.groups == 1000:
            w = statistics.median(shown.whole)
            verdict("1,000 groups live preview: every affected page within 1 s of a save",
                    w <= 1.0, f"{w:.2f} s (own pages {statistics.median(shown.own):.2f} s)")
    if cold10k:
        r, peak = cold10k.ratio(), cold10k.median("project", "tree_mb")
        verdict("10,000 groups cold: wall <= 2.5x Hugo, process tree <= 1 GB",
                r <= 2.5 and peak <= 1024, f"{r:.2f}x, {peak:.0f} MB")
        verdict("10,000 groups cold (stretch): process tree <= 500 MB", peak <= 500,
                f"{peak:.0f} MB")
    else:
        verdict("10,000 groups cold: wall <= 2.5x Hugo, process tree <= 1 GB", None,
                "not measured")
    if cold1k and cold10k:
        g = cold10k.median("project", "wall") / cold1k.median("project", "wall")
        verdict("growth 1,000 -> 10,000 groups (project wall) <= 11x", g <= 11.0, f"{g:.1f}x")
    else:
        verdict("growth 1,000 -> 10,000 groups (project wall) <= 11x", None, "not measured")
    return verdicts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--skip-10k", action="store_true", help="leave out 10,000 groups")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool (default 3)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=DEFAULT_TODAY)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help="folder of gen_content.py and to_hugo.py (default: %(default)s)")
    parser.add_argument("--output-dir", type=Path,
                        default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None,
                        help="where inputs and outputs go (default: /dev/shm)")
    parser.add_argument("--hugo", default=shutil.which("hugo") or "hugo")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE",
                        help="also save the figures as JSON")
    args = parser.parse_args(argv)
    sizes = [s for s in args.sizes if not (args.skip_10k and s >= 10000)]
    if not (args.shared / "gen_content.py").is_file():
        parser.error(f"no gen_content.py in {args.shared} (give --shared)")
    if not shutil.which(args.hugo):
        parser.error(f"hugo not found: {args.hugo}")

    help_text = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--help"],
                               capture_output=True, text=True, cwd=REPO).stdout
    options = [o for o in ("--cache", "--quiet", "--timings")
               if re.search(rf"{o}\b", help_text)]
    hugo_version = subprocess.run([args.hugo, "version"], capture_output=True,
                                  text=True).stdout.strip()
    print(f"Hugo: {hugo_version}")
    print(f"project: build.py build {' '.join(options) or '(no --cache/--quiet yet)'}; "
          f"today {args.today}, seed {args.seed}, {args.repeat} alternating runs each, "
          f"{os.cpu_count()} CPUs")

    scenarios: list[Scenario] = []
    previews: list[Preview] = []
    checks: dict[int, dict[str, int]] = {}
    work = Path(tempfile.mkdtemp(prefix="brochure-peers-", dir=args.output_dir))
    try:
        bench = Bench(work, args.hugo, args.today, options)
        for size in sizes:
            jsonl = generate(args.shared, size, work / f"groups-{size}.jsonl", args.seed)
            groups = read_groups(jsonl)
            site = write_hugo_site(args.shared, jsonl, work / f"hugo-{size}")
            content = write_project_content(groups, work / f"content-{size}",
                                            REPO / "content", args.today)
            errors, warnings = check_content(content, args.today)
            print(f"{size} groups: build.py check: {errors} errors, {warnings} warnings")
            assert errors == 0, f"the converted tree {content} has {errors} errors"
            checks[size] = {"errors": errors, "warnings": warnings}
            scenarios.append(bench.cold(size, site, content, args.repeat))
            print(table(scenarios[-1:]).splitlines()[-1], flush=True)
            if size == 1000 and (os.cpu_count() or 1) > 1:
                # The same build in one process: what the second core gives.
                scenarios.append(bench.cold(size, site, content, args.repeat, jobs=1))
                print(table(scenarios[-1:]).splitlines()[-1], flush=True)
            if size <= WARM_MAX:
                slug = sorted(p.stem for p in (content / "groups").glob("*.yaml"))[0]
                scenarios.append(bench.warm(size, site, content, slug, args.repeat))
                print(table(scenarios[-1:]).splitlines()[-1], flush=True)
                previews.append(preview(work, content, args.today, size, args.repeat))
                print(preview_line(previews[-1]), flush=True)
            shutil.rmtree(site)
            shutil.rmtree(content)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print("Medians; CPU is user + sys of the child and its workers; MB is the largest process's")
    print("maximum RSS, tree MB the whole process tree's proportional set size (shared pages")
    print("counted once; sampled every 20 ms); files")
    print("are those in the output folder (Hugo writes no filters, calendars, posters or data).")
    print("On a busy machine wall time exceeds CPU time; the CPU ratio is the steadier one.")
    print(table(scenarios))
    print()
    print("The project's stages (build --timings), medians in seconds:")
    print(stage_table(scenarios))
    print()
    for found in previews:
        print(preview_line(found))
    print()
    verdicts = targets(scenarios, previews)
    for v in verdicts:
        state = {True: "met", False: "NOT met", None: "-"}[v["met"]]
        print(f"target {v['target']}: {state} ({v['figure']})")
    command = [".venv/bin/python", "benchmarks/peers.py", "--sizes", *map(str, sizes),
               "--repeat", str(args.repeat), "--seed", str(args.seed), "--today",
               args.today.isoformat()]
    if args.output_dir:
        command += ["--output-dir", str(args.output_dir)]
    if args.shared != DEFAULT_SHARED:
        command += ["--shared", str(args.shared)]
    print("Reproduce: " + " ".join(command))
    if args.json:
        args.json.write_text(json.dumps({
            "today": args.today.isoformat(), "seed": args.seed, "repeat": args.repeat,
            "hugo": hugo_version, "project_options": options, "cpus": os.cpu_count(),
            "checks": checks,
            "scenarios": [{**asdict(s), "ratio": s.ratio(), "cpu_ratio": s.ratio("cpu")}
                          for s in scenarios],
            "previews": [asdict(p) for p in previews],
            "targets": verdicts, "command": " ".join(command),
        }, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
