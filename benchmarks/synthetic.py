"""Synthetic content for benchmarks: N valid groups in a copy of a real content tree.

``write_synthetic_content(dest, n)`` copies ``site.yaml``, ``vocabularies.yaml``,
``partners/`` (and ``pages/`` if there are any) from ``source`` into ``dest`` and writes ``n``
group files that pass every rule on ``today``: varied municipalities, audiences, activities,
languages, facilitator pairs, one or two meetings a week and some breaks. The output is
deterministic for the same ``n``, ``seed`` and ``today``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from brochure.core.codes import suggest_code

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
STARTS = ("09:00", "10:00", "12:00", "13:30", "16:00", "17:30", "18:00")
TOPICS = ("Kahvila", "Olohuone", "Kävelyryhmä", "Käsityöpiiri", "Lauluilta", "Digiapu",
          "Keskusteluryhmä", "Ruokapiiri", "Pelikerho", "Retkiryhmä")
TOPICS_SV = ("Kafé", "Vardagsrum", "Promenadgrupp", "Handarbetscirkel", "Sångkväll",
             "Digihjälp", "Samtalsgrupp", "Matcirkel", "Spelklubb", "Utflyktsgrupp")
TOPICS_EN = ("Café", "Living room", "Walking group", "Craft circle", "Singing evening",
             "Digital help", "Conversation group", "Cooking circle", "Games club",
             "Outing group")


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _ids(values: Any) -> list[str]:
    return [str(key) for key in values]


def _group(i: int, rng: random.Random, vocab: dict[str, Any], partners: list[str],
           today: dt.date, codes: set[str]) -> tuple[str, str]:
    municipality = rng.choice(_ids(vocab["municipalities"]))
    topic = i % len(TOPICS)
    slug = f"ryhma-{i:05d}-{municipality}"
    audiences = rng.sample(_ids(vocab["audiences"]), rng.randint(1, 3))
    activities = rng.sample(_ids(vocab["activities"]), rng.randint(0, 4))
    languages = ["fi", *rng.sample([x for x in _ids(vocab["languages"]) if x != "fi"],
                                   rng.randint(0, 2))]
    accessibility = rng.sample(_ids(vocab["accessibility"]), rng.randint(0, 3))
    first, second = rng.sample(partners, 2)
    phase = rng.choice(("pilot", "established"))
    roles = ["professional", rng.choice(("experience-expert", "peer", "volunteer"))]
    if phase == "established":
        roles = [rng.choice(("professional", "experience-expert")), "experience-expert"]

    season_start = today - dt.timedelta(days=rng.randint(30, 200))
    season_end = today + dt.timedelta(days=rng.randint(30, 300)) if rng.random() < 0.7 else None
    days = rng.sample(WEEKDAYS, rng.randint(1, 2))
    meetings = []
    for day in days:
        start = rng.choice(STARTS)
        hour, minute = (int(x) for x in start.split(":"))
        end = f"{hour + rng.randint(1, 3):02d}:{minute:02d}"
        every = rng.choice((1, 1, 1, 2, 4))
        line = f'    - {{weekday: {day}, start: "{start}", end: "{end}"'
        meetings.append(line + (f", every: {every}}}" if every > 1 else "}"))
    breaks = []
    if rng.random() < 0.5:
        pause = today + dt.timedelta(days=rng.randint(1, 25))
        breaks.append(f"    - {{start: {pause.isoformat()}, "
                      f"end: {(pause + dt.timedelta(days=rng.randint(0, 4))).isoformat()}}}")
    reviewed = today - dt.timedelta(days=rng.randint(0, 300))
    lat = 63.0 + rng.random() * 1.5
    lon = 22.5 + rng.random() * 2.5
    place = vocab["municipalities"][municipality]
    place_fi, place_sv, place_en = place["fi"], place["sv"], place["en"]

    lines = [
        "# yaml-language-server: $schema=../../schema/group.schema.json",
        "name:",
        f"  fi: {_q(f'{TOPICS[topic]} {i}')}",
        f"  sv: {_q(f'{TOPICS_SV[topic]} {i}')}",
        f"  en: {_q(f'{TOPICS_EN[topic]} {i}')}",
        "summary:",
        f"  fi: {_q(f'Avoin ryhmä paikkakunnalla {place_fi}: tule sellaisena kuin olet.')}",
        f"  sv: {_q(f'En öppen grupp i {place_sv}: kom som du är.')}",
        f"  en: {_q(f'An open group in {place_en}: come as you are.')}",
        "description:",
        "  fi: |",
        f"    Ryhmä {i} kokoontuu säännöllisesti. Mukaan voi tulla ilman lähetettä ja",
        "    ilmoittautumista, myös nimettömänä. Kahvi on valmiina.",
        "  sv: |",
        f"    Grupp {i} träffas regelbundet. Du kan komma utan remiss och anmälan,",
        "    också anonymt. Kaffet är färdigt.",
        "  en: |",
        f"    Group {i} meets regularly. You can come without a referral or sign-up,",
        "    anonymously if you wish. The coffee is ready.",
        f"municipality: {municipality}",
        "venue:",
        f"  name: {{fi: {_q('Kohtaamispaikka')}, sv: {_q('Mötesplatsen')}, "
        f"en: {_q('Meeting place')}}}",
        f"  address: {_q(f'Testikatu {i % 90 + 1}, {place_fi}')}",
        f"  accessibility: [{', '.join(accessibility)}]",
        f"  coordinates: [{lat:.4f}, {lon:.4f}]",
        "schedule:",
        f"  season: {{start: {season_start.isoformat()}"
        + (f", end: {season_end.isoformat()}}}" if season_end else "}"),
        "  meetings:",
        *meetings,
    ]
    if breaks:
        lines += ["  breaks:", *breaks]
    # Public holidays on its meeting days are days off (rule public-holidays-in-season).
    lines.append("meets_on_public_holidays: false")
    lines += [
        f"audiences: [{', '.join(audiences)}]",
        f"activities: [{', '.join(activities)}]",
        f"languages: [{', '.join(languages)}]",
        "facilitators:",
        f"  - {{role: {roles[0]}, partner: {first}}}",
        f"  - {{role: {roles[1]}, partner: {second}}}",
        f"phase: {phase}",
        "substitute:",
        f"  fi: {_q('Sijainen tulee kumppanin varalistalta.')}",
        f"  sv: {_q('En ersättare kommer från partnerns reservlista.')}",
        f"  en: {_q('A substitute comes from the partner list.')}",
        "contact:",
        f"  partner: {first}",
        f'  phone: "040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"',
        f"  email: ryhma{i}@{first}.example.fi",
        "free: true",
        "referral_required: false",
        "anonymous: true",
        f"registration: {rng.choice(('none', 'welcome'))}",
    ]
    if rng.random() < 0.5:
        lines.append(f"max_participants: {rng.randint(6, 20)}")
    code = suggest_code(slug, codes)  # the short link every group has (rule code-missing)
    codes.add(code)
    lines.append(f'code: "{code}"')
    lines.append(f"reviewed: {reviewed.isoformat()}")
    return slug, "\n".join(lines) + "\n"


def write_synthetic_content(dest: Path, n: int, source: Path = Path("content"), *,
                            today: dt.date | None = None, seed: int = 2026) -> Path:
    """Copy ``source``'s site, vocabularies and partners to ``dest``, add ``n`` valid groups.

    ``dest`` becomes a content root (it is created; existing groups in it are replaced).
    The groups are valid on ``today`` (default: the system date). Returns ``dest``.
    """
    today = today or dt.date.today()
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "site.yaml", dest / "site.yaml")
    shutil.copy(source / "vocabularies.yaml", dest / "vocabularies.yaml")
    for folder in ("partners", "pages"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder, dirs_exist_ok=True)
    groups = dest / "groups"
    if groups.exists():
        shutil.rmtree(groups)
    groups.mkdir()

    vocab = yaml.safe_load((source / "vocabularies.yaml").read_text(encoding="utf-8"))
    partners = sorted(path.stem for path in (dest / "partners").glob("*.yaml"))
    if len(partners) < 2:
        raise ValueError(f"{source / 'partners'} needs at least two partners")
    rng = random.Random(seed)
    codes: set[str] = set()
    for i in range(n):
        slug, text = _group(i, rng, vocab, partners, today, codes)
        (groups / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return dest
