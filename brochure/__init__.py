"""Static site generator for the regional brochure of low-threshold group activities.

The pipeline, one module per stage: :mod:`loader` (files to values with positions) →
:mod:`validate` and :mod:`content` (values to models and problems) → :mod:`site` (the pages
and their URLs) → :mod:`render` (Jinja templates) → :mod:`writer` (atomic output).
"""

__version__ = "0.1.0"
