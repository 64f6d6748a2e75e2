"""Each group's own file, published as it is in the repository (``data/groups/<slug>.yaml``).

The form page changes a group by editing a copy of its file, so that comments, key order,
quoting and layout stay and a change of one field is a change of one line. Hidden and ended
groups' files are published too: the repository is public, and restarting a season is the
most common change. The bytes are the file's own, so the copy is the file.
"""

from __future__ import annotations

from brochure.check.content import ValidContent
from brochure.core import urls


def files(content: ValidContent) -> dict[str, bytes]:
    return {urls.group_source(slug): path.read_bytes()
            for slug, path in sorted(content.sources.items())}
