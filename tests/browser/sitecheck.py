"""Reading a built site as a crawler would: its pages, their links, headings and data blocks.

Shared by the browser checks (which pages to open), the static checks of the whole output
(``tests/test_output.py``) and the hostile-input tests (``tests/test_hostile.py``). Everything
works on the mapping ``path relative to the output folder -> bytes`` that a build returns, so
the same link check runs on a written tree and on an unwritten build.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

LANGUAGES = ("fi", "sv", "en")

# Attributes that make the browser fetch or navigate to a URL.
URL_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "form": ("action",),
    "script": ("src",), "img": ("src",), "iframe": ("src",), "embed": ("src",),
    "source": ("src",), "track": ("src",), "audio": ("src",), "video": ("src", "poster"),
    "object": ("data",), "input": ("src",),
}
# <meta> values that are URLs of this site (shared on social media).
URL_METAS = {"og:url", "og:image", "twitter:image"}
HARMLESS_SCHEMES = {"mailto", "tel", "geo"}


@dataclass
class Link:
    tag: str
    attribute: str
    value: str
    line: int


@dataclass
class ParsedPage:
    """What the checks need to know of one HTML file."""

    path: str
    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    duplicate_ids: set[str] = field(default_factory=set)
    h1: int = 0
    title: str = ""
    json_ld: list[tuple[int, str]] = field(default_factory=list)
    inline_scripts: int = 0
    lang: str | None = None


class _PageParser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._in_title = False
        self._script: tuple[int, str] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        page = self.page
        if "id" in values:
            (page.duplicate_ids if values["id"] in page.ids else page.ids).add(values["id"])
        if tag == "a" and "name" in values:
            page.ids.add(values["name"])
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            if attribute in values:
                page.links.append(Link(tag, attribute, values[attribute], line))
        if tag == "meta" and values.get("property", values.get("name")) in URL_METAS:
            page.links.append(Link(tag, "content", values.get("content", ""), line))
        if tag == "html":
            page.lang = values.get("lang")
        elif tag == "h1":
            page.h1 += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "script":
            kind = values.get("type", "")
            self._script = (line, kind)
            self._script_text = []
            if "src" not in values and kind in ("", "text/javascript", "module"):
                page.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "script" and self._script is not None:
            line, kind = self._script
            if kind == "application/ld+json":
                self.page.json_ld.append((line, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data
        if self._script is not None:
            self._script_text.append(data)


def parse_page(path: str, data: bytes) -> ParsedPage:
    page = ParsedPage(path)
    parser = _PageParser(page)
    parser.feed(data.decode("utf-8"))
    parser.close()
    page.title = " ".join(page.title.split())
    return page


def html_paths(files: Iterable[str]) -> list[str]:
    return sorted(p for p in files if p.endswith(".html"))


def url_of(path: str) -> str:
    """The URL path (relative to the base URL) at which a file is served."""
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def file_of(url_path: str) -> str:
    """The file a URL path (relative to the base URL, no query or fragment) is served from."""
    if url_path == "" or url_path.endswith("/"):
        return url_path + "index.html"
    return url_path


def language_of(path: str) -> str | None:
    first = path.split("/", 1)[0]
    return first if first in LANGUAGES else None


def page_type(path: str) -> str:
    """What kind of page a file is, from its place in the URL scheme (see brochure.site.model).

    The language prefix goes, the second folder level (a slug or id) becomes ``*``, the
    rest stays: ``fi/groups/kahvila/index.html`` -> ``groups/*``, ``sv/about/index.html`` ->
    ``about``, ``r/kahvila/index.html`` -> ``r/*``. New kinds of pages get their own type
    without this function knowing them.
    """
    parts = url_of(path).strip("/").split("/")
    if language_of(path):
        parts = parts[1:]
    if len(parts) > 1:
        parts[1] = "*"
    if len(parts) > 2 and parts[0] == "municipality":
        parts[2] = "*"  # a municipality's weekday pages: one list template for all seven
    return "/".join(parts) or "(home)"


@dataclass(frozen=True)
class Representative:
    """A page chosen to stand for its type in one language."""

    path: str
    lang: str | None
    type: str
    why: str = ""

    @property
    def url(self) -> str:
        return url_of(self.path)

    @property
    def label(self) -> str:
        return f"{self.lang or '-'}:{self.type}{' (' + self.why + ')' if self.why else ''}"


# Variants of a page type that look different and so must be among the pages checked: text
# shown in Finnish because the language version is missing, a filter page with no group, the
# page left at a hidden or deleted group's address, and a cancelled meeting announced.
VARIANTS = {
    "Finnish fallback": b'class="fallback',
    "empty": b'class="empty"',
    "tombstone": b'class="tombstone"',
    "cancellation": b'class="cancellations"',
}


def representatives(files: Mapping[str, bytes]) -> list[Representative]:
    """Pages of every type in every language, covering every variant of the type: the page
    with the most variants first, then others for the variants still missing."""
    by_type: dict[tuple[str | None, str], list[str]] = {}
    for path in html_paths(files):
        by_type.setdefault((language_of(path), page_type(path)), []).append(path)
    result: list[Representative] = []
    for (lang, kind), paths in sorted(by_type.items(), key=lambda kv: kv[1][0]):
        shows = {p: {why for why, marker in VARIANTS.items() if marker in files[p]}
                 for p in paths}
        missing = set().union(*shows.values())
        chosen = [max(paths, key=lambda p: len(shows[p]))]  # first of the best, as sorted
        missing -= shows[chosen[0]]
        while missing:
            chosen.append(max(paths, key=lambda p: len(shows[p] & missing)))
            missing -= shows[chosen[-1]]
        for path in chosen:
            result.append(Representative(path, lang, kind, ", ".join(sorted(shows[path]))))
    return sorted(result, key=lambda r: r.path)


# --- links ---------------------------------------------------------------------------------

@dataclass
class LinkCheck:
    """Every link of every page resolved against the base URL the site was built for."""

    files: Mapping[str, bytes]
    base_url: str
    pages: dict[str, ParsedPage] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    external: set[str] = field(default_factory=set)
    checked: int = 0

    def __post_init__(self) -> None:
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.base_url))
        for path in html_paths(self.files):
            self.pages[path] = parse_page(path, self.files[path])
        self.folders = {posixpath.dirname(p) for p in self.files}
        for folder in list(self.folders):
            while folder:
                folder = posixpath.dirname(folder)
                self.folders.add(folder)

    def run(self) -> LinkCheck:
        for path, page in self.pages.items():
            for link in page.links:
                problem = self.resolve(path, link.value)
                self.checked += 1
                if problem:
                    self.problems.append(f"{path}:{link.line}: <{link.tag} {link.attribute}="
                                         f"{link.value!r}>: {problem}")
        return self

    def resolve(self, from_path: str, value: str) -> str | None:
        """None if ``value``, linked from the file ``from_path``, works; else why not."""
        if not value.strip():
            return "empty link"
        page_url = self.base_url + url_of(from_path)
        target = urljoin(page_url, value.strip())
        scheme = urlsplit(target).scheme.lower()
        if scheme in HARMLESS_SCHEMES:
            return None
        if scheme not in ("http", "https"):
            return f"scheme {scheme}: is not allowed"
        if not target.startswith(self.base_url):
            if target.startswith(self.origin + "/") or target == self.origin:
                return f"leaves the site's folder ({target})"
            self.external.add(target)
            return None
        address, fragment = urldefrag(target)
        url_path = unquote(urlsplit(address).path)[len(urlsplit(self.base_url).path):]
        if urlsplit(address).query:
            return "query strings do not work on a static site"
        if url_path in self.folders and url_path and not url_path.endswith("/"):
            return "folder without a trailing slash (relies on a redirect)"
        file = file_of(url_path)
        if file not in self.files:
            return f"no such file in the output: {file}"
        if value.strip().endswith("#") and not fragment:
            return "empty fragment"
        if fragment:
            target_page = self.pages.get(file)
            if target_page is None:
                return f"fragment #{fragment} on a file that is not a page"
            if unquote(fragment) not in target_page.ids:
                return f"no element with id {fragment!r} in {file}"
        return None


def check_links(files: Mapping[str, bytes], base_url: str) -> LinkCheck:
    return LinkCheck(files, base_url).run()


def sitemap_urls(data: bytes) -> list[str]:
    """Every <loc> and xhtml:link href of a sitemap (raises if it is not well-formed XML)."""
    root = ElementTree.fromstring(data)
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
                  "x": "http://www.w3.org/1999/xhtml"}
    if root.tag != "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset":
        raise ValueError(f"not a sitemap: {root.tag}")
    urls = [loc.text or "" for loc in root.iterfind("s:url/s:loc", namespaces)]
    urls += [link.get("href", "") for link in root.iterfind("s:url/x:link", namespaces)]
    return urls


def json_ld_problems(page: ParsedPage) -> list[str]:
    problems = []
    for line, text in page.json_ld:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            problems.append(f"{page.path}:{line}: JSON-LD does not parse: {error}")
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict) or "@context" not in item or "@type" not in item:
                problems.append(f"{page.path}:{line}: JSON-LD without @context and @type")
    return problems


_SLUG = re.compile(r"groups/([^/]+)/$")


def group_slug(url: str) -> str | None:
    """The slug in a link to a group page, or None for any other link."""
    match = _SLUG.search(urlsplit(url).path)
    return match.group(1) if match else None
