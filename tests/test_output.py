"""Static checks of the whole built site: valid HTML, links that work, data that parses.

The example content is built once for this module, for a site that lives in a sub-folder
(``http://127.0.0.1:8000/ryhmat/``), so a link that assumes the domain root breaks here as it
would on a project's GitHub Pages site. Every HTML file is checked, whatever pages exist.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from brochure.engine.build import BuildResult, build
from tests.browser.sitecheck import (
    LinkCheck,
    check_links,
    html_paths,
    json_ld_problems,
    sitemap_urls,
    url_of,
)
from tests.conftest import REPO, TODAY, nu_checker

BASE_URL = "http://127.0.0.1:8000/ryhmat/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, BuildResult]]:
    output = tmp_path_factory.mktemp("output") / "public"
    result = build(REPO / "content", output, TODAY, base_url=BASE_URL)
    assert result.model is not None, [str(p) for p in result.problems]
    yield output, result


@pytest.fixture(scope="module")
def files(built: tuple[Path, BuildResult]) -> dict[str, bytes]:
    """What was written (not what the build meant to write)."""
    output = built[0]
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def links(files: dict[str, bytes]) -> LinkCheck:
    return check_links(files, BASE_URL)


@pytest.mark.slow  # Java
def test_the_nu_html_checker_finds_no_errors(built: tuple[Path, BuildResult],
                                             files: dict[str, bytes]) -> None:
    output = built[0]
    pages = html_paths(files)
    # One run over every file: the checker's start-up costs more than checking a page.
    run = subprocess.run([*nu_checker(), *pages], cwd=output, capture_output=True, text=True,
                         timeout=300)
    report = json.loads(run.stderr)
    errors = [m for m in report["messages"] if m["type"] in ("error", "non-document-error")
              or m.get("subType") == "fatal"]
    listed = [f"{m.get('url', '?').split(str(output))[-1]}:{m.get('lastLine', '?')}: "
              f"{m['message']}  [{m.get('extract', '').strip()}]" for m in errors]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(listed[:60])
    assert run.returncode == 0, run.stderr[-2000:]


def test_every_internal_link_resolves(links: LinkCheck, files: dict[str, bytes]) -> None:
    assert len(links.pages) == len(html_paths(files)) > 100
    assert links.checked > 1000
    assert not links.problems, (f"{len(links.problems)} broken links:\n"
                                + "\n".join(links.problems[:80]))


def test_links_to_other_sites_are_only_the_expected_ones(links: LinkCheck) -> None:
    """The site links out (maps, partners' websites, the repository) but nothing is loaded
    from elsewhere: every external URL is in a plain <a href>."""
    external_loads = []
    for page in links.pages.values():
        for link in page.links:
            if link.tag not in ("a", "link", "meta") and link.value.startswith(("http", "//")) \
                    and not link.value.startswith(BASE_URL):
                external_loads.append(f"{page.path}:{link.line}: <{link.tag}> {link.value}")
    assert not external_loads, "\n".join(external_loads)
    assert any("openstreetmap.org" in url for url in links.external)


def test_every_page_has_one_h1_a_title_and_a_language(links: LinkCheck) -> None:
    problems = []
    for page in links.pages.values():
        if page.h1 != 1:
            problems.append(f"{page.path}: {page.h1} <h1> elements")
        if not page.title:
            problems.append(f"{page.path}: empty <title>")
        if not page.lang:
            problems.append(f"{page.path}: no <html lang>")
        if page.duplicate_ids:
            problems.append(f"{page.path}: duplicate ids {sorted(page.duplicate_ids)}")
    assert not problems, "\n".join(problems)


def test_titles_tell_pages_apart(links: LinkCheck) -> None:
    """A reader with many tabs (or a screen reader's list of windows) tells pages apart by
    title: no two pages of the same language share one."""
    seen: dict[tuple[str | None, str], str] = {}
    clashes = []
    for page in links.pages.values():
        if page.path == "404.html" or page.path.startswith("r/"):
            continue  # the short links carry their group's name, on purpose
        key = (page.lang, page.title)
        if key in seen:
            clashes.append(f"{page.path} and {seen[key]}: {page.title!r}")
        seen[key] = page.path
    assert not clashes, "\n".join(clashes)


def test_json_ld_blocks_parse(links: LinkCheck, files: dict[str, bytes]) -> None:
    blocks = sum(len(p.json_ld) for p in links.pages.values())
    # Every published group's page (a hidden or deleted group's tombstone is no event).
    groups = [p for p in files if re.fullmatch(r"[a-z]{2}/groups/[^/]+/index\.html", p)
              and b'class="tombstone"' not in files[p]]
    assert blocks >= len(groups) > 0
    problems = [problem for page in links.pages.values() for problem in json_ld_problems(page)]
    assert not problems, "\n".join(problems)
    # The event's url is the page's own address.
    for path in groups:
        data = json.loads(links.pages[path].json_ld[0][1])
        assert data["url"] == BASE_URL + url_of(path), (path, data["url"])


def test_sitemap_parses_and_lists_pages_that_exist(files: dict[str, bytes],
                                                   links: LinkCheck) -> None:
    urls = sitemap_urls(files["sitemap.xml"])
    assert len(urls) > 100
    problems = []
    for url in urls:
        if not url.startswith(BASE_URL):
            problems.append(f"{url}: not under the base URL")
        elif (problem := links.resolve("sitemap.xml", url)) is not None:
            problems.append(f"{url}: {problem}")
    assert not problems, "\n".join(problems)
    robots = files["robots.txt"].decode("utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots


_SWITCH = re.compile(rb'<nav class="lang"[^>]*>(.*?)</nav>', re.DOTALL)
_HREF = re.compile(rb'href="([^"]+)"[^>]*hreflang="([a-z]{2})"')


def test_every_language_switch_points_at_the_same_page(files: dict[str, bytes]) -> None:
    """The browser clicks the switch on one page of each type; here every page's links."""
    problems = []
    checked = 0
    for path in html_paths(files):
        match = _SWITCH.search(files[path])
        if not match:
            continue
        for href, lang in _HREF.findall(match.group(1)):
            landed = urljoin(BASE_URL + url_of(path), href.decode())[len(BASE_URL):]
            expected = re.sub(r"^[a-z]{2}/", lang.decode() + "/", url_of(path), count=1)
            checked += 1
            if landed != expected:
                problems.append(f"{path}: {lang.decode()} switch leads to /{landed}")
    assert checked > 300
    assert not problems, "\n".join(problems)
