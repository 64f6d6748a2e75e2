"""The built site as residents, professionals and search engines get it."""

from __future__ import annotations

import datetime as dt
import filecmp
import gc
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from brochure.cli import main
from brochure.engine.build import build
from brochure.output.render import TEMPLATES
from tests.conftest import ExampleSite

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)
BASE = "https://example.org/ryhmat/"


class Links(HTMLParser):
    """Collects what a page links to and which parts carry a lang attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, dict[str, str | None]]] = []
        self.html_lang: str | None = None
        self.lang_texts: list[tuple[str, str]] = []
        self._lang_stack: list[str | None] = []
        self.scripts: list[dict[str, str | None]] = []
        self.event_handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        for name in ("href", "src"):
            value = attributes.get(name)
            if value is not None:
                self.links.append((tag, value, attributes))
        if tag == "script":
            self.scripts.append(attributes)
        self.event_handlers += [k for k in attributes if k.startswith("on")]
        self._lang_stack.append(attributes.get("lang"))

    def handle_endtag(self, tag: str) -> None:
        if self._lang_stack:
            self._lang_stack.pop()

    def handle_data(self, data: str) -> None:
        if self._lang_stack and self._lang_stack[-1] and data.strip():
            self.lang_texts.append((self._lang_stack[-1], data.strip()))


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(example_site: ExampleSite) -> Path:
    return example_site.output


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_every_page_type_in_every_language(site: Path) -> None:
    for lang in ("fi", "sv", "en"):
        for path in ("index.html", "groups/torstain-olohuone/index.html",
                     "municipality/kokkola/index.html", "audience/elderly/index.html",
                     "weekday/tuesday/index.html", "partners/index.html",
                     "partners/soite/index.html", "about/index.html",
                     "professionals/index.html", "contribute/index.html",
                     "accessibility/index.html", "privacy/index.html"):
            assert (site / lang / path).is_file(), f"{lang}/{path}"
    for path in ("index.html", "404.html", "sitemap.xml", "robots.txt",
                 "r/torstain-olohuone/index.html", "assets/style.css"):
        assert (site / path).is_file(), path


def test_html_lang_matches_the_language_folder(site: Path) -> None:
    for lang in ("fi", "sv", "en"):
        for page in html_files(site / lang):
            assert parse(page).html_lang == lang, page


def test_language_switch_stays_on_the_same_page(site: Path) -> None:
    for page in html_files(site / "sv"):
        nav = re.search(r'<nav class="lang".*?</nav>', page.read_text(encoding="utf-8"),
                        re.DOTALL)
        assert nav, page
        switch = {lang: (page.parent / href).resolve() for href, lang in
                  re.findall(r'<a href="([^"]+)" lang="[^"]+" hreflang="([^"]+)"', nav.group(0))}
        assert set(switch) == {"fi", "sv", "en"}, page
        relative = page.relative_to(site / "sv")
        for lang, target in switch.items():
            assert target == (site / lang / relative).parent.resolve(), (page, lang)
            assert (target / "index.html").is_file()


def test_hreflang_alternates_are_complete_and_symmetric(site: Path) -> None:
    alternates: dict[str, dict[str, str]] = {}
    for page in html_files(site / "fi") + html_files(site / "sv") + html_files(site / "en"):
        text = page.read_text(encoding="utf-8")
        found = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"',
                                text))
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text)
        assert canonical, page
        assert set(found) == {"fi", "sv", "en", "x-default"}, page
        assert found["x-default"] == found["fi"]
        assert canonical.group(1) in found.values()
        alternates[canonical.group(1)] = found
    for url, found in alternates.items():
        for other in ("fi", "sv", "en"):
            assert alternates[found[other]] == found, (url, other)


def test_sitemap_lists_every_language_version_with_alternates(site: Path) -> None:
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "x": "http://www.w3.org/1999/xhtml"}
    entries = {}
    for url in tree.getroot().findall("s:url", ns):
        loc = url.findtext("s:loc", default="", namespaces=ns)
        links = {link.get("hreflang", ""): link.get("href", "")
                 for link in url.findall("x:link", ns)}
        entries[loc] = links
    assert f"{BASE}sv/groups/torstain-olohuone/" in entries
    for loc, links in entries.items():
        assert set(links) == {"fi", "sv", "en", "x-default"}, loc
        for lang in ("fi", "sv", "en"):
            assert entries[links[lang]] == links
    assert not any("/r/" in loc or loc.endswith("404.html") for loc in entries)
    assert (site / "robots.txt").read_text().strip().endswith(f"Sitemap: {BASE}sitemap.xml")


def test_fallback_text_is_marked_finnish_and_explained(site: Path) -> None:
    page = site / "en/groups/digikahvila-kannus/index.html"
    parsed = parse(page)
    assert ("fi", "Digikahvila") in parsed.lang_texts
    text = page.read_text(encoding="utf-8")
    assert "(text in Finnish)" in text
    assert "This text is only available in Finnish." in text
    swedish = (site / "sv/groups/digikahvila-kannus/index.html").read_text(encoding="utf-8")
    assert "(på finska)" not in swedish


def test_cards_say_when_in_each_language(site: Path) -> None:
    fi = (site / "fi/index.html").read_text(encoding="utf-8")
    sv = (site / "sv/index.html").read_text(encoding="utf-8")
    en = (site / "en/index.html").read_text(encoding="utf-8")
    assert re.search(r"Torstaisin klo \d", fi)
    assert re.search(r"Torsdagar kl\. \d", sv)
    # (The dash of a time range is held to its times by word joiners: no line break there.)
    assert re.search(r"Thursdays \d\d:\d\d\u2060?–\u2060?\d\d:\d\d", en)


def test_group_page_has_what_a_resident_needs(site: Path) -> None:
    text = (site / "fi/groups/torstain-olohuone/index.html").read_text(encoding="utf-8")
    for needle in ("Maksuton", "Ei lähetettä", "Avoin kaikille", "openstreetmap.org",
                   'href="tel:+358', 'href="mailto:', "Pitkänsillankatu 24", "<time datetime="):
        assert needle in text, needle


def test_no_root_absolute_links_in_a_sub_path_build(site: Path) -> None:
    for page in html_files(site):
        for tag, href, attrs in parse(page).links:
            assert not href.startswith("/"), (page, tag, href)
            if href.startswith("http") and page.name == "404.html":
                continue
            loads = tag not in ("a", "link") or attrs.get("rel") in ("stylesheet", "icon",
                                                                         "preload")
            if href.startswith(("http://", "https://")) and loads:
                pytest.fail(f"{page} loads {href}: no third-party requests")


def test_links_inside_the_site_resolve(site: Path) -> None:
    for page in html_files(site):
        for _, href, _ in parse(page).links:
            if href.startswith(("http:", "https:", "mailto:", "tel:", "geo:")):
                if href.startswith(BASE):
                    target = site / href[len(BASE):].split("#")[0]
                    assert target.exists(), (page, href)
                continue
            target = (page.parent / href.split("#")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), (page, href)


def test_root_build_has_no_root_absolute_links_either(tmp_path: Path) -> None:
    result = build(ROOT / "content", tmp_path / "out", TODAY, base_url="https://ryhmat.example.fi")
    assert result.model is not None
    for page in html_files(tmp_path / "out"):
        for _, href, _ in parse(page).links:
            assert not href.startswith("/"), (page, href)
    text = (tmp_path / "out/fi/index.html").read_text(encoding="utf-8")
    assert 'href="https://ryhmat.example.fi/fi/"' in text


def test_expired_group_appears_nowhere(site: Path) -> None:
    # Nowhere but at its own addresses, which answer with a tombstone (test_tombstones.py).
    tombstones = {site / lang / "groups" / "kevaan-kavelyryhma-perho" / "index.html"
                  for lang in ("fi", "sv", "en")}
    tombstones |= {site / "r" / key / "index.html" for key in ("kevaan-kavelyryhma-perho", "wxy3")}
    for path in tombstones:
        assert b'<meta name="robots" content="noindex">' in path.read_bytes(), path
    # Partners can still choose it in the form, to start a new season from its own file.
    for_partners = {site / lang / "add-group" / "index.html" for lang in ("fi", "sv", "en")}
    for_partners.add(site / "data" / "groups" / "kevaan-kavelyryhma-perho.yaml")
    for path in site.rglob("*"):
        if path.is_file() and path not in tombstones | for_partners:
            data = path.read_bytes()
            assert b"kevaan-kavelyryhma-perho" not in data, path
            assert "Kevään kävelyryhmä".encode() not in data, path


def test_rebuilds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(ROOT / "content", again, TODAY)
    comparison = filecmp.dircmp(site, again)

    def differences(cmp: filecmp.dircmp[str]) -> list[str]:
        found = cmp.left_only + cmp.right_only + cmp.diff_files
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(comparison) == []
    for path in site.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (again / path.relative_to(site)).read_bytes()


@pytest.mark.slow  # two builds
def test_invalid_content_fails_and_keeps_the_previous_site(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "public"
    cache = str(tmp_path / "cache")  # not the working copy's
    assert main(["build", "--content", str(content), "--output", str(output),
                 "--cache", cache, "--today", "2026-11-23"]) == 0
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    group = content / "groups/torstain-olohuone.yaml"
    group.write_text(group.read_text(encoding="utf-8").replace("free: true", "free: false"),
                     encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--content", str(content), "--output", str(output),
                 "--cache", cache, "--today", "2026-11-23"]) == 1
    out = capsys.readouterr()
    assert "must-be-free" in out.out
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    # The build paused garbage collection, and a failed build gives it back too.
    assert gc.isenabled()


@pytest.mark.slow  # a build
@pytest.mark.parametrize(("broken_template", "jobs"), [
    ("partner.html", 1),
    # With two jobs a partner's page (it lists the partner's groups) is rendered in the
    # build's own process beside a worker, a group's page in the worker.
    ("partner.html", 2), ("group.html", 2)])
def test_a_template_failing_midway_leaves_the_previous_site(
        tmp_path: Path, broken_template: str, jobs: int, example_site: ExampleSite) -> None:
    output = Path(shutil.copytree(example_site.output, tmp_path / "public"))  # the last build
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    broken = templates / broken_template
    text = broken.read_text(encoding="utf-8")
    field = "{{ page.partner.kind.label }}" if broken_template == "partner.html" else (
        "{{ d.season }}")
    assert field in text
    broken.write_text(text.replace(field, "{{ page.no_such_field.label }}", 1),
                      encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        build(ROOT / "content", output, TODAY, templates=templates, jobs=jobs)
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    # The build paused garbage collection, and a failed build gives it back too.
    assert gc.isenabled()


@pytest.mark.slow  # two builds
def test_stale_files_do_not_survive_a_rebuild(tmp_path: Path) -> None:
    output = tmp_path / "public"
    output.mkdir()
    (output / "old-page.html").write_text("stale")
    build(ROOT / "content", output, TODAY)
    assert not (output / "old-page.html").exists()
    assert (output / "fi/index.html").exists()


def test_build_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--output", str(tmp_path / "out"), "--today", "2026-11-23",
                 "--cache", str(tmp_path / "cache"), "--content", str(ROOT / "content"),
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out
    summary = out.strip().splitlines()[-1]
    assert "fi: " in summary and "sv: " in summary and "en: " in summary
    assert "19 groups published, 1 hidden" in summary
    assert re.search(r"\d+\.\d\d s", summary)
