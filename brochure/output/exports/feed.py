"""An Atom feed (RFC 4287) per language of new and changed groups.

A group's entry is updated when its partner reviews it (``reviewed``), the date the content
says it changed, never the time of the build. Entry ids are UUID 5 URNs of the group's page
address, so they stay the same as long as the group's slug does; the newest entries come
first (then by slug), and the feed's own ``updated`` is that of its newest entry.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from xml.etree import ElementTree as ET

from brochure.core import urls
from brochure.core.formatting import meeting_phrase
from brochure.core.i18n import N_, gettext
from brochure.core.languages import local
from brochure.core.models import Group
from brochure.output.exports import Source

# Elements are written without a namespace and the root declares Atom's as the default one:
# ElementTree's own prefix registry is global, and any other module could change it.
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Readers only show what is new; a long brochure need not send every group every time.
MAX_ENTRIES = 50

# Characters XML 1.0 cannot carry at all (the loader rejects them in files, but a YAML
# escape such as "\\x0b" could still bring one in).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def files(source: Source) -> dict[str, bytes]:
    return {urls.feed(lang): feed(source, lang) for lang in source.languages}


def urn(url: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, url).urn


def stamp(day: dt.date) -> str:
    return day.isoformat() + "T00:00:00Z"


def feed(source: Source, lang: str) -> bytes:
    site = source.site
    groups = sorted(source.groups, key=lambda g: (-g.reviewed.toordinal(), g.slug))
    groups = groups[:MAX_ENTRIES]
    title = local(site.title, lang, source.site.language_order)
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    add(root, "id", urn(source.absolute(urls.feed(lang))))
    add(root, "title", title.text if title else "")
    add(root, "subtitle", gettext(lang, N_("New and changed groups")))
    link(root, "self", source.absolute(urls.feed(lang)), "application/atom+xml")
    link(root, "alternate", source.absolute(urls.home(lang)), "text/html")
    newest = max((g.reviewed for g in groups), default=source.today)
    add(root, "updated", stamp(newest))
    author = ET.SubElement(root, "author")
    coordinator = source.partners.get(site.coordinator.partner)
    name = local(coordinator.name, lang, source.site.language_order) if coordinator else None
    add(author, "name", name.text if name else site.coordinator.partner)
    if site.coordinator.email:
        add(author, "email", site.coordinator.email)
    for group in groups:
        entry(root, group, source, lang)
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def add(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = _NOT_XML.sub("", text)
    return element


def link(parent: ET.Element, rel: str, href: str, media: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "href": href, "type": media})


def entry(root: ET.Element, group: Group, source: Source, lang: str) -> None:
    vocab = source.vocabularies
    url = source.absolute(urls.group(lang, group.slug))
    name = local(group.name, lang, source.site.language_order)
    summary = local(group.summary, lang, source.site.language_order)
    item = ET.SubElement(root, "entry")
    add(item, "id", urn(url))
    title = add(item, "title", name.text if name else group.slug)
    if name and name.fallback:
        title.set(XML_LANG, name.lang)
    link(item, "alternate", url, "text/html")
    add(item, "updated", stamp(group.reviewed))
    if summary:
        text = add(item, "summary", summary.text)
        if summary.fallback:
            text.set(XML_LANG, summary.lang)
    municipality = vocab.municipalities.get(group.municipality)
    ET.SubElement(item, "category", {
        "term": group.municipality,
        "label": municipality.get(lang) if municipality else group.municipality})
    # A few plain lines for readers that show the content: when and where.
    venue = local(group.venue.name, lang, source.site.language_order)
    lines = [meeting_phrase(m, lang) for m in group.schedule.meetings]
    lines.append(", ".join(x for x in (venue.text if venue else "", group.venue.address) if x))
    add(item, "content", "\n".join(lines), type="text")
