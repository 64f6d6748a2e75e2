"""Paper: the printable brochures and the one-page posters, and their PDFs.

Pages added to the site model (URLs relative to ``base_url``)::

    <lang>/print/                    brochure: cover, then every group by municipality
    <lang>/print/<municipality>/     the same for one municipality (only those with groups)
    <lang>/groups/<slug>/poster/     one A4 poster per group

They are ordinary pages of the site (same chrome on screen, hidden in print), laid out for A4
by ``static/print.css``. Each group carries a QR code to its short link ``r/<slug>/``, which
stays the same in every language and whatever the group's page becomes.

With ``--pdf`` the brochures and posters are also turned into PDFs with WeasyPrint, from the
very HTML the build just rendered: a URL fetcher serves the stylesheets from the files in
memory and refuses everything else, so making a PDF never touches the network. The PDFs carry
``--today`` as their dates and no random file identifier, so the same content gives the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import re
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from .content import Content
from .formatting import collation_key, long_date
from .i18n import N_, gettext
from .languages import local
from .models import Group
from .qr import qr_svg
from .site import Page, SiteModel, Views, short_url

PRINT_KIND = "print"
POSTER_KIND = "poster"
# The free page where professionals look for material to hand out.
PROFESSIONALS_PAGE = "professionals"


def print_url(lang: str, municipality: str | None = None) -> str:
    return f"{lang}/print/{municipality}/" if municipality else f"{lang}/print/"


def poster_url(lang: str, slug: str) -> str:
    return f"{lang}/groups/{slug}/poster/"


def pdf_url(page: Page) -> str:
    """Where the PDF of a print page or poster goes: next to its HTML, named for a download."""
    key = page.data.get("key", "")
    stem = "brochure" if page.kind == PRINT_KIND else "poster"
    name = "-".join(part for part in (stem, page.lang, key) if part)
    return f"{page.url}{name}.pdf"


@dataclass(frozen=True)
class Section:
    """One municipality of a brochure and its groups, as :func:`_entry` describes them."""

    id: str
    label: str
    groups: list[dict[str, Any]]


@dataclass(frozen=True)
class Printable:
    """A link to a brochure, for the pages that list them."""

    url: str
    label: str
    count: int
    key: str = ""
    pdf: str | None = None


# --- the site model ---------------------------------------------------------------------

def add_print_pages(pages: list[Page], content: Content, views: Views, lang: str,
                    base_url: str) -> None:
    """Add the brochures and posters of ``lang`` and link them from the existing pages.

    Group pages get a link to their poster; the professionals' page (and any page whose data
    already has a ``printables`` list) gets the list of brochures.
    """
    site = content.site
    assert site is not None
    site_title = local(site.title, lang)
    assert site_title is not None
    ordered = views.sorted_groups(content.published, lang)
    # The group pages of this language already hold each group's details in words.
    details = {p.data["key"]: p.data for p in pages if p.lang == lang and p.kind == "group"}
    entries = {g.slug: _entry(details.get(g.slug) or views.group_detail(g, lang), g.slug, lang,
                              base_url)
               for g in ordered}

    by_municipality: dict[str, list[Group]] = {}
    for group in ordered:
        by_municipality.setdefault(group.municipality, []).append(group)
    municipalities = sorted(
        by_municipality, key=lambda m: collation_key(views.label("municipalities", m, lang).label,
                                                     lang))
    sections = [Section(m, views.label("municipalities", m, lang).label,
                        [entries[g.slug] for g in by_municipality[m]])
                for m in municipalities]

    brochure = gettext(lang, N_("Printable brochure"))
    all_label = gettext(lang, N_("All municipalities"))
    printables = [Printable(print_url(lang), all_label, len(ordered))]
    printables += [Printable(print_url(lang, s.id), s.label, len(s.groups), s.id)
                   for s in sections]
    cover = _cover(content, views, lang, base_url)

    new: list[Page] = [Page(
        url=print_url(lang), template="print.html", lang=lang, kind=PRINT_KIND,
        title=f"{brochure} – {site_title.text}",
        description=gettext(lang, N_("Every group on A4 paper, with QR codes to their pages.")),
        data={"key": "", "heading": site_title.text, "subheading": all_label,
              "sections": sections, "contents": printables[1:], "cover": cover,
              "printables": printables, "pdf": None},
        groups=frozenset(entries), sitemap=False, noindex=True,
    )]
    for section in sections:
        label = section.label
        new.append(Page(
            url=print_url(lang, section.id), template="print.html", lang=lang,
            kind=PRINT_KIND, title=f"{brochure}: {label} – {site_title.text}",
            description=gettext(lang, N_("Low-threshold groups: %(filter)s")) % {
                "filter": label},
            data={"key": section.id, "heading": site_title.text, "subheading": label,
                  "sections": [section], "contents": [], "cover": cover,
                  "printables": printables, "pdf": None},
            groups=frozenset(e["slug"] for e in section.groups), sitemap=False,
            noindex=True,
        ))

    poster_title = gettext(lang, N_("Poster"))
    for group in ordered:
        entry = entries[group.slug]
        new.append(Page(
            url=poster_url(lang, group.slug), template="poster.html", lang=lang,
            kind=POSTER_KIND, title=f"{poster_title}: {entry['name'].text}",
            description=entry["summary"].text,
            data={"key": group.slug, "group": entry, "pdf": None},
            groups=frozenset({group.slug}), sitemap=False, noindex=True,
        ))

    for page in pages:
        if page.lang != lang:
            continue
        if page.kind == "group":
            page.data["poster"] = poster_url(lang, page.data["key"])
        if "printables" in page.data or (page.kind == "page"
                                         and page.data.get("key") == PROFESSIONALS_PAGE):
            page.data["printables"] = printables
    pages.extend(new)


def _entry(detail: Mapping[str, Any], slug: str, lang: str, base_url: str) -> dict[str, Any]:
    """What paper shows of a group: when, where, contact and the way to the details."""
    card = detail["card"]
    link = base_url + short_url(slug)
    qr_label = gettext(lang, N_("QR code: %(url)s")) % {"url": link}
    return {
        "slug": slug,
        "name": card.name,
        "summary": card.summary,
        "when": card.when,
        "starts": card.starts,
        "season": detail["season"],
        "breaks": detail["breaks"],
        "venue_name": detail["venue_name"],
        "address": detail["address"],
        "contact_partner": detail["contact_partner"],
        "contact_name": detail["contact_name"],
        "phone": detail["phone"],
        "phone_href": detail["phone_href"],
        "email": detail["email"],
        "audiences": [a.label for a in card.audiences],
        "languages": [a.label for a in card.languages],
        "page_url": card.url,
        "link": link,
        # What a reader types: the address without its scheme, in parts that end in "/", so
        # that lines break only after a slash and never at a hyphen of the address.
        "link_parts": re.findall(r"[^/]*/|[^/]+$", link.split("://", 1)[-1]),
        "qr": qr_svg(link, qr_label),
    }


def _cover(content: Content, views: Views, lang: str, base_url: str) -> dict[str, Any]:
    site = content.site
    assert site is not None
    coordinator = site.coordinator
    description = local(site.description, lang)
    home = base_url + f"{lang}/"
    return {
        "description": description,
        "home": home,
        "as_of": gettext(lang, N_("Information as of %(date)s. The latest details are at "
                                  "%(url)s")) % {"date": long_date(content.today, lang),
                                                 "url": home},
        "coordinator": views.partner_name(coordinator.partner, lang),
        "email": coordinator.email,
        "phone": coordinator.phone,
        "phone_href": ("tel:" + coordinator.phone.replace(" ", "")
                       if coordinator.phone else None),
    }


# --- PDF --------------------------------------------------------------------------------

def pdf_pages(model: SiteModel) -> list[Page]:
    """The pages that get a PDF, after linking each of them (and the lists) to its PDF."""
    chosen = [p for p in model.pages if p.kind in (PRINT_KIND, POSTER_KIND)]
    pdfs = {p.url: pdf_url(p) for p in chosen}
    for page in chosen:
        page.data["pdf"] = pdfs[page.url]
    for page in model.pages:
        printables = page.data.get("printables")
        if printables:
            page.data["printables"] = [replace(p, pdf=pdfs.get(p.url)) for p in printables]
    return chosen


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


def render_pdfs(model: SiteModel, files: Mapping[str, bytes], pages: list[Page],
                jobs: int | None = None) -> dict[str, bytes]:
    """The PDFs of ``pages`` (from :func:`pdf_pages`), path in the output -> bytes.

    WeasyPrint takes a few tenths of a second a page and holds the interpreter, so the PDFs
    are made in ``jobs`` processes (default: one per CPU). Each PDF depends only on its own
    page, so the result is the same whatever the number of processes. The processes are
    started fresh ("spawn"), so a script calling this must guard its own top-level code
    with ``if __name__ == "__main__":``, as Python asks of every such program.
    """
    tasks = [(page.data["pdf"], page.url, files[page.output_path]) for page in pages]
    jobs = min(jobs or os.cpu_count() or 1, len(tasks))
    if jobs <= 1:
        return {pdf: render_pdf(html, url, files, model.base_url, model.today)
                for pdf, url, html in tasks}
    # The pages fetch only the stylesheets; each worker gets the non-page files once.
    shared = {path: data for path, data in files.items() if not path.endswith(".html")}
    # "spawn": a fresh interpreter is safe even when the caller runs threads (the preview).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init,
                             initargs=(shared, model.base_url, model.today)) as pool:
        results = pool.map(_worker_render, [(url, html) for _, url, html in tasks])
        return {pdf: data for (pdf, _, _), data in zip(tasks, results, strict=True)}


_worker: dict[str, Any] = {}


def _worker_init(files: dict[str, bytes], base_url: str, today: dt.date) -> None:
    _worker.update(files=files, base_url=base_url, today=today)


def _worker_render(task: tuple[str, bytes]) -> bytes:
    url, html = task
    return render_pdf(html, url, _worker["files"], _worker["base_url"], _worker["today"])
