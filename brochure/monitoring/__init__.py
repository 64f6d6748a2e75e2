"""The coordinator's view: coverage, the partners' share, freshness and attendance.

The operating model asks the coordinating body (Soite) to follow up and report on what the
groups achieve. This package works that out from the content, in the pipeline's stages:

- :mod:`.attendance`: ``content/attendance/<slug>/<season-start-year>.yaml``, anonymous
  counts per meeting, read and checked (called by :func:`brochure.content.load_content`);
- :mod:`.figures`: pure functions from :class:`~brochure.content.Content` to typed, frozen
  figures (the report's data);
- :mod:`.charts`: inline SVG charts drawn at build time (pygal, no scripts);
- :mod:`.export`: the figures as CSV (UTF-8 with a byte-order mark) and JSON.

The page itself is a :class:`brochure.pages.ReportPage`, built in :mod:`brochure.site`.
This module imports nothing, so :mod:`brochure.content` can use :mod:`.attendance`.
"""
