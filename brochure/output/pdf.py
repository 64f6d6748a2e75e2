"""PDFs of the printable brochures and posters, made with WeasyPrint from the rendered HTML.

The print pages themselves are part of the site model (:mod:`brochure.site.printing`); this is an
output stage like rendering: it takes a page's HTML and the site's stylesheets and returns the
PDF's bytes. A URL fetcher serves the stylesheets from the built files and refuses everything
else, so making a PDF never touches the network. The PDFs carry ``--today`` as their dates and
no random file identifier, so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are not installed."""


class PdfError(RuntimeError):
    """A page asked for something outside the built site (a template bug: nothing is written)."""


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango is missing
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def pdf_available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def output_fetcher(files: Mapping[str, bytes], base_url: str) -> Any:
    """A WeasyPrint URL fetcher that serves the built files and refuses everything else.

    Pages are rendered with their public address as base URL, so a stylesheet link resolves
    to ``base_url + path``; any other address (another site, ``file:``, ``data:``) stops the
    PDF instead of going to the network or the disk.
    """
    _weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OutputFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
        def __init__(self) -> None:
            super().__init__(fail_on_errors=True, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = url.split("#", 1)[0]
            if not path.startswith(base_url) or path[len(base_url):] not in files:
                raise PermissionError(f"not part of the built site: {url}")
            data = files[path[len(base_url):]]
            mime = _MIME.get(path.rsplit(".", 1)[-1], "application/octet-stream")
            return URLFetcherResponse(url, data, {"Content-Type": mime})

    return OutputFetcher()


_MIME = {"css": "text/css", "svg": "image/svg+xml", "png": "image/png", "html": "text/html"}


def render_pdf(html: bytes, url: str, files: Mapping[str, bytes], base_url: str,
               today: dt.date) -> bytes:
    """One PDF from one rendered page (``url`` relative to ``base_url``)."""
    weasyprint = _weasyprint()
    # WeasyPrint reports CSS it does not know (the site's screen rules) as warnings; they are
    # expected, and a real problem (a refused or missing file) raises instead.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=html.decode("utf-8"), base_url=base_url + url,
                                   url_fetcher=output_fetcher(files, base_url)).render()
    except weasyprint.urls.FatalURLFetchingError as error:  # a BaseException: made ordinary
        raise PdfError(f"{url}: {error.__cause__ or error}") from error
    stamp = today.isoformat()
    document.metadata.created = stamp
    document.metadata.modified = stamp
    # Tagged, for screen readers. No file identifier (/ID): a random or time-based one would
    # make every build differ, so it is left out explicitly whatever WeasyPrint's default.
    data: bytes = document.write_pdf(pdf_identifier=None, pdf_tags=True)
    return data
