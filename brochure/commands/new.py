"""``brochure new group SLUG`` / ``brochure new partner ID``: start an entry with every field
explained (see :mod:`brochure.check.scaffold`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from brochure.check.content import load_vocabularies
from brochure.check.files import RETIRED_FILE, display_path
from brochure.check.findings import valid_slug
from brochure.check.lenient import Resolver, fold
from brochure.check.rules import hint, message
from brochure.check.scaffold import group_entry, partner_entry
from brochure.check.validate import suggestion
from brochure.commands.options import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, require_content
from brochure.core.codes import suggest_code
from brochure.core.i18n import N_, gettext
from brochure.core.models import Vocabularies
from brochure.core.problems import Position, Problem
from brochure.load.reader import load_yaml


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=("group", "partner"))
    parser.add_argument("id", metavar="SLUG")
    parser.add_argument("--municipality")
    parser.add_argument("--partner", action="append", default=[],
                        help="partner id of a facilitator (give twice for the pair)")


def _usage(text: str) -> int:
    print(text, file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    lang = args.lang
    require_content(args, parser)
    if not valid_slug(args.id):
        bad = Problem(args.id, Position(), "slug-format", params={"value": args.id})
        return _usage(f"{message(bad, lang)}\n{hint(bad, lang)}")
    found = load_vocabularies(args.content)
    vocab = found.model if found is not None else None
    if args.kind == "partner":
        if args.municipality or args.partner:
            return _usage(gettext(lang, N_(
                "--municipality and --partner are for new groups, not partners.")))
        path = args.content / "partners" / f"{args.id}.yaml"
        text = partner_entry(args.id, vocab=vocab)
    else:
        # A name check reads (Karleby) is written as its id; no vocabulary: as given.
        municipality = municipality_id(args.municipality, vocab) if (
            args.municipality and vocab is not None) else args.municipality
        wrong = _check_choices(args, vocab, municipality)
        if wrong:
            return _usage(wrong)
        path = args.content / "groups" / f"{args.id}.yaml"
        text = group_entry(args.id, args.today, municipality=municipality,
                           partners=args.partner, vocab=vocab,
                           code=suggest_code(args.id, taken_codes(args.content)))
    if path.exists():
        print(gettext(lang, N_("%(path)s already exists; edit it instead, or choose another "
                               "name.")) % {"path": display_path(path)}, file=sys.stderr)
        return EXIT_ERRORS
    path.parent.mkdir(parents=True, exist_ok=True)
    # Exclusive creation: never overwrite a file that appeared meanwhile.
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        print(gettext(lang, N_("%(path)s already exists; edit it instead, or choose another "
                               "name.")) % {"path": display_path(path)}, file=sys.stderr)
        return EXIT_ERRORS
    shown = display_path(path)
    print(gettext(lang, N_("Wrote %(path)s. Fill in the empty fields (\"\"), then check it "
                           "with: python build.py check %(path)s")) % {"path": shown})
    return EXIT_OK


def taken_codes(content: Path) -> set[str]:
    """Every short code and slug in use or retired, read leniently from the files as they are
    (a new group's code must differ from all of them)."""
    taken: set[str] = set()
    folder = content / "groups"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        taken.add(path.stem)
        data = load_yaml(str(path), path.read_bytes()).data
        if isinstance(data, dict) and isinstance(code := data.get("code"), str):
            taken.add(code)
    retired = content / RETIRED_FILE
    if retired.is_file():
        data = load_yaml(str(retired), retired.read_bytes()).data
        entries = data.get("groups") if isinstance(data, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict):
                taken.update(v for k in ("slug", "code")
                             if isinstance(v := entry.get(k), str))
    return taken


def _check_choices(args: argparse.Namespace, vocab: Vocabularies | None,
                   municipality: str | None) -> str | None:
    """A message if --municipality (read as ``municipality``) or --partner names something
    that does not exist."""
    lang = args.lang
    if args.municipality and vocab is not None and municipality is None:
        return _explain(lang, "unknown-municipality", args.municipality, vocab.municipalities)
    if len(args.partner) > 2:
        return gettext(lang, N_("Give --partner at most twice: one for each facilitator."))
    if len(args.partner) == 2 and args.partner[0] == args.partner[1]:
        return gettext(lang, N_("The two facilitators come from two different organisations: "
                                "give two different --partner ids."))
    folder = args.content / "partners"
    known = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    for pid in args.partner:
        if known and pid not in known:
            return _explain(lang, "unknown-partner", pid, known)
    return None


def municipality_id(name: str, vocab: Vocabularies) -> str | None:
    """The municipality's id for an id or a name the checker reads (Karleby, Kokkola), as
    check takes it; None when there is none."""
    if name in vocab.municipalities:
        return name
    return Resolver(vocab).words("municipalities").get(fold(name))


def _explain(lang: str, rule: str, value: str, allowed: Iterable[str]) -> str:
    """The validator's own (translated) message and hint for a wrong id."""
    choices = list(allowed)
    problem = Problem("", Position(), rule, params={
        "value": value, "allowed": ", ".join(choices), **suggestion(value, choices)})
    return f"{message(problem, lang)}\n{hint(problem, lang)}"
