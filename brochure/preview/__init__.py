"""The live preview: build into a temporary folder, serve it, rebuild and reload on every edit.

- :mod:`.watch`: :class:`Watcher`, the changed files in batches (watchfiles);
- :mod:`.errorpage`: the page shown while the content has errors;
- :mod:`.server`: :class:`Preview`, the Tornado server with live reload and the thread that
  hands changes to :class:`~brochure.engine.incremental.IncrementalBuilder`.

Importing this package loads Tornado; ``brochure serve`` imports it only when it runs.
"""

from brochure.preview.errorpage import (
    ErrorItem,
    building_page,
    error_page,
    excerpt,
    failure_item,
    problem_items,
)
from brochure.preview.server import (
    STATUS_PATH,
    PortUnavailable,
    Preview,
    State,
    output_path,
    serve_in_thread,
)
from brochure.preview.watch import IGNORED_SUFFIXES, Watcher

__all__ = [
    "IGNORED_SUFFIXES",
    "STATUS_PATH",
    "ErrorItem",
    "PortUnavailable",
    "Preview",
    "State",
    "Watcher",
    "building_page",
    "error_page",
    "excerpt",
    "failure_item",
    "output_path",
    "problem_items",
    "serve_in_thread",
]
