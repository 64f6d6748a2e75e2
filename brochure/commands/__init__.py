"""Thin commands: each parses nothing itself and calls the pipeline's stages."""

from . import build, check, new, schema, serve

__all__ = ["build", "check", "new", "schema", "serve"]
