"""The pages around the groups in one language: the partners, the free pages (Markdown from
``content/pages/``), the data and downloads, and the form for partners."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from brochure.core import urls
from brochure.core.formatting import capitalise, collation_key, file_size
from brochure.core.i18n import N_, gettext
from brochure.core.languages import Local
from brochure.core.models import Group
from brochure.site.form import (
    HELP,
    coordinator_mail,
    field_label,
    form_fields,
    form_groups,
    page_config,
    repository_parts,
)
from brochure.site.github_steps import github_steps
from brochure.site.pages import (
    Download,
    DownloadSection,
    DownloadsPage,
    FormPage,
    FreePage,
    Page,
    PartnerPage,
    PartnersPage,
    Printable,
)
from brochure.site.printing import PROFESSIONALS_PAGE
from brochure.site.scope import Scope
from brochure.site.views import Markdown


def partner_pages(scope: Scope) -> list[Page]:
    """The list of partners, and a page each with the groups the partner takes part in."""
    lang, views, site_title = scope.lang, scope.views, scope.site_title
    # Each partner's groups, found in one pass over the groups (not one pass per partner).
    groups: dict[str, list[Group]] = {pid: [] for pid in scope.content.partners}
    for group in scope.published:
        for pid in group.partner_ids():
            groups.setdefault(pid, []).append(group)
    partner_views = sorted(
        (views.partner(pid, lang, groups[pid]) for pid in scope.content.partners),
        key=lambda p: collation_key(p.name.text, lang))
    partner_title = gettext(lang, N_("Partner organisations"))
    pages: list[Page] = [PartnersPage(
        url=urls.partners(lang), lang=lang, title=f"{partner_title} – {site_title}",
        description=gettext(lang, N_("The organisations that run the groups together.")),
        alternates=scope.alternates(urls.partners), partners=tuple(partner_views))]
    for view in partner_views:
        pages.append(PartnerPage(
            url=view.url, lang=lang, key=view.id, title=f"{view.name.text} – {site_title}",
            description=view.description.text if view.description else view.name.text,
            alternates=scope.alternates(functools.partial(urls.partner, pid=view.id)),
            partner=view))
    return pages


def free_pages(scope: Scope, brochures: tuple[Printable, ...]) -> list[Page]:
    """The free pages; the site's main language stands in where a version is missing."""
    lang, main = scope.lang, scope.languages[0]
    pages: list[Page] = []
    for name, versions in sorted(scope.content.pages.items()):
        if main not in versions:
            continue
        page = versions.get(lang) or versions[main]
        pages.append(FreePage(
            url=urls.page(lang, name), lang=lang, key=name,
            title=f"{page.title} – {scope.site_title}",
            description=page.description or page.title,
            alternates=scope.alternates(functools.partial(urls.page, name=name)),
            heading=Local(page.title, page.lang, page.lang != lang),
            body=Markdown(page.body, page.lang, page.lang != lang, top_heading=2),
            printables=brochures if name == PROFESSIONALS_PAGE else ()))
    return pages


FORMATS = {
    "ics": N_("Calendar file (iCalendar)"),
    "json": N_("Data file (JSON)"),
    "schema": N_("Description of the data file (JSON Schema)"),
    "csv": N_("Spreadsheet (CSV, separated by commas; in Excel: Data › From Text/CSV)"),
    "hsds": N_("Service directory data (Open Referral HSDS 3.0, JSON)"),
    "atom": N_("News feed (Atom)"),
}


def downloads_page(scope: Scope, sizes: Mapping[str, int],
                   printables: tuple[Printable, ...]) -> DownloadsPage:
    """``<lang>/data/``: every export file with its format and size in plain words."""
    lang, languages, site_title = scope.lang, scope.languages, scope.site_title
    published = scope.published
    vocab = scope.content.vocabularies

    def item(url: str, label: str, kind: str, file_lang: str | None = None) -> Download:
        size = sizes.get(url)
        return Download(url, label, gettext(lang, FORMATS[kind]), file_lang,
                        file_size(size, lang) if size is not None else None)

    def language(code: str) -> str:
        return vocab.languages[code].get(lang) if code in vocab.languages else code

    used = {g.municipality for g in published}
    municipalities = sorted(
        (mid for mid in vocab.municipalities if mid in used),
        key=lambda mid: collation_key(vocab.municipalities[mid].get(lang), lang))
    calendars = [item(urls.all_calendar(lang), gettext(lang, N_("All groups")), "ics", lang)]
    calendars += [item(urls.municipality_calendar(lang, mid),
                       vocab.municipalities[mid].get(lang), "ics", lang)
                  for mid in municipalities]
    hsds = [item(urls.hsds(code, name), f"{capitalise(language(code))}: {name}", "hsds", code)
            for code in languages for name in urls.HSDS_FILES]
    sections = (
        DownloadSection("calendars", gettext(lang, N_("Calendars")), gettext(lang, N_(
            "Add the groups to the calendar of your phone or computer. Open a file to add "
            "the meetings once, or copy its address into your calendar's \"subscribe\" or "
            "\"add calendar from URL\" option to get changes automatically. Each group's "
            "own calendar is on its page.")), tuple(calendars)),
        DownloadSection("open-data", gettext(lang, N_("Open data")), gettext(lang, N_(
            "Every published group in all the brochure's languages, for other services and "
            "websites to use without copying by hand.")), (
            item(urls.GROUPS_JSON, "groups.json", "json"),
            item(urls.GROUPS_SCHEMA, "groups.schema.json", "schema"),
            item(urls.GROUPS_CSV, "groups.csv", "csv"),
        )),
        DownloadSection("hsds", gettext(lang, N_("For service directories")), gettext(lang, N_(
            "The groups in the Open Referral Human Services Data Specification (HSDS), a "
            "common format of service catalogues, one set per language.")), tuple(hsds)),
        DownloadSection("feed", gettext(lang, N_("News feed")), gettext(lang, N_(
            "Follow new and changed groups in a feed reader.")),
            (item(urls.feed(lang), gettext(lang, N_("New and changed groups")), "atom",
                  lang),)),
    )
    heading = gettext(lang, N_("Data and downloads"))
    return DownloadsPage(
        url=urls.downloads(lang), lang=lang, title=f"{heading} – {site_title}",
        description=gettext(lang, N_("Calendars, open data and a news feed of the "
                                     "low-threshold groups.")),
        alternates=scope.alternates(urls.downloads),
        heading=heading, sections=sections, printables=printables)


CONTRIBUTE_PAGE = "contribute"
ISSUE_TEMPLATE = "add-or-change-group.yml"


def form_page(scope: Scope) -> FormPage:
    """"Lisää tai päivitä ryhmä": the form, built from the group model and the vocabularies."""
    content, lang, site_title = scope.content, scope.lang, scope.site_title
    site = content.site
    fields = form_fields(content, lang)
    mail_url, mail_items = coordinator_mail(content, lang)
    parts = repository_parts(site.repository)
    heading = gettext(lang, N_("Add or update a group"))
    return FormPage(
        url=urls.group_form(lang), lang=lang, title=f"{heading} – {site_title}",
        description=gettext(lang, N_("A form for partners: describe a group, check it and "
                                     "propose it on GitHub without writing YAML.")),
        alternates=scope.alternates(urls.group_form), heading=heading, fields=fields,
        config=page_config(content, lang, fields, form_groups(content, lang)),
        coordinator=site.coordinator.email, mail_url=mail_url, mail_items=mail_items,
        github_new=github_steps(lang, "new", site.coordinator.reply_days),
        github_update=github_steps(lang, "update", site.coordinator.reply_days),
        time_label=field_label(lang, "schedule.meetings.time"),
        time_help=gettext(lang, HELP["schedule.meetings.time"]),
        new_file_url=(urls.github_new(*parts, site.repository_branch, "content/groups/", None)
                      if parts else None),
        issue_url=urls.github_issue_form(*parts, ISSUE_TEMPLATE) if parts else None,
        guide_url=urls.page(lang, CONTRIBUTE_PAGE) if CONTRIBUTE_PAGE in content.pages else None)
