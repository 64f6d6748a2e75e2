"""Thin commands: each adds its own options (``add_arguments``) and calls the pipeline's stages
(``run(args, parser) -> int``). The options they share, and the exit codes, are in
:mod:`brochure.commands.options`; :mod:`brochure.cli` puts them together.
"""
