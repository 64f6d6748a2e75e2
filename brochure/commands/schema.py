"""``brochure schema``: write the editors' JSON Schemas into ``schema/``."""

from __future__ import annotations

import argparse
from pathlib import Path

from brochure.check.content import load_vocabularies
from brochure.check.files import VOCABULARIES_FILE, file_problem
from brochure.check.messages import render
from brochure.check.schema import schemas
from brochure.commands.options import EXIT_ERRORS, EXIT_OK, require_content


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", type=Path, default=Path("schema"), metavar="DIR",
                        help="where to write the schemas (default: schema/)")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    require_content(args, parser)
    found = load_vocabularies(args.content)
    if found is None or found.model is None:
        problems = list(found.problems) if found is not None else [
            file_problem(args.content / VOCABULARIES_FILE, "missing-file",
                         value=VOCABULARIES_FILE)]
        print(render(problems, "text", args.lang))
        return EXIT_ERRORS
    args.output.mkdir(parents=True, exist_ok=True)
    for name, text in schemas(found.model).items():
        path = args.output / name
        path.write_text(text, encoding="utf-8")
        print(path)
    return EXIT_OK
