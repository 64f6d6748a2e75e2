"""Broken and malicious content: a clear error or a safe page, never a traceback or half a site.

The example content is copied and then spoiled on purpose. Content that is valid but hostile
(markup, scripts, links, Jinja syntax in texts) must build into pages where none of it runs or
loads anything; content that cannot be used must stop the build with exit code 1 and a rule id,
leaving the previous site exactly as it was. Finally, random valid entries (hypothesis) must
always give a site whose every link works.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import random
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from brochure.cli import main
from brochure.engine.build import BuildOptions, Engine, build
from tests.browser.sitecheck import check_links, parse_page
from tests.conftest import REPO, TODAY, nu_checker

BASE_URL = "http://127.0.0.1:8000/ryhmat/"
GROUP = "yhteinen-poyta"
LANGS = ("fi", "sv", "en")

# Every way we know of to sneak something active or remote into a description. The markers
# ("xss-…", "tracker.example") sit where only executable or loading markup keeps them: none may
# reach a page.
HOSTILE_MARKDOWN = """\
Tervetuloa <script>alert("xss-script")</script> ja <iframe src="https://evil.example/xss-frame"></iframe>.

<img src="https://tracker.example/pixel.gif" width="1" height="1" alt="">
![pikseli](https://tracker.example/markdown.gif)
![viitekuva][kuva]
<p onclick="alert('xss-click')" style="background:url(https://tracker.example/bg.gif)">klikkaa</p>
<svg onload="alert('xss-svg')"><circle r="1"/></svg>
<object data="https://tracker.example/object.swf"></object><embed src="https://tracker.example/e">
<link rel="stylesheet" href="https://tracker.example/style.css"><style>@import "https://tracker.example/i.css";</style>
<form action="https://evil.example/xss-form"><input name="xss-input"></form>
<base href="https://evil.example/xss-base/">

[suora](javascript:alert('xss-link')) [entiteetti](jav&#x61;script:alert('xss-entity'))
[isot](JaVaScRiPt:alert('xss-case')) [tab](java&#9;script:alert('xss-tab'))
[data](data:text/html;base64,PHNjcmlwdD54c3MtZGF0YTwvc2NyaXB0Pg==) [vb](vbscript:msgbox('xss-vb'))
[viite][paha] <a href="javascript:alert('xss-raw')">raaka</a>
<a href="&#106;avascript:alert('xss-raw-entity')">raaka2</a> <javascript:alert('xss-autolink')>
<a href="data:text/html,xss-raw-data">raaka3</a>

<!-- piilotettu kommentti xss-comment -->

# Toinen pääotsikko

Alleviivattu otsikko
====================

<h1>Raaka otsikko</h1>

Jinja: {{ 7*191 }} {% raw %}raaka{% endraw %} {# kommentti #} {{ config.items() }}

[paha]: javascript:alert('xss-ref')
[kuva]: https://tracker.example/reference.gif
"""
# Plain-text fields: shown as text, escaped.
HOSTILE_NAME = "Pöytä {{ 7*191 }} </script><script>ldMarker()</script><!--"
HOSTILE_SUMMARY = "<b>lihava</b> & {% raw %} {{ 7*191 }} <img src=x onerror=alert(1)>"
HOSTILE_TITLE = "Tietoa {{ 7*191 }} <i>kursiivi</i>"
JINJA_RESULT = "1337"  # 7*191: the page must never contain it
# Elements content must never add (the site's own pages may have some: a poster's QR code is
# an <svg>, the short link has its script); counted against the same page built from the
# unchanged content.
ACTIVE_TAGS = {"script", "iframe", "img", "svg", "object", "embed", "style", "base", "frame",
               "frameset", "form", "input", "button", "math", "video", "audio", "source",
               "picture", "link", "meta", "template"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "poster",
                  "srcset", "background")
MARKERS = ("xss-", "ldMarker", "tracker.example", "evil.example")


def copy_content(target: Path) -> Path:
    shutil.copytree(REPO / "content", target, symlinks=True)
    return target


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class QuotingDumper(yaml.SafeDumper):
    """Writes every string in double quotes, as the README tells partners to write times and
    phone numbers (PyYAML would leave "08:30" unquoted, which the loader rightly rejects)."""


QuotingDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"'))


def dump(path: Path, data: Any) -> None:
    path.write_text(yaml.dump(data, Dumper=QuotingDumper, allow_unicode=True, sort_keys=False,
                              width=1000), encoding="utf-8")


class Elements(HTMLParser):
    """Every element with its attributes, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        if tag == "script":
            self._script = values
            self.scripts.append((values, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def elements(data: bytes) -> Elements:
    parser = Elements()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser


# --- valid but hostile content: safe pages ---------------------------------------------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tree = copy_content(tmp_path_factory.mktemp("hostile") / "content")
    spoil_texts(tree)
    result = build(tree, tmp_path_factory.mktemp("hostile-out") / "public", TODAY,
                   base_url=BASE_URL)
    assert result.model is not None, [str(p) for p in result.problems]
    return result.output


@pytest.fixture(scope="module")
def clean_site() -> dict[str, bytes]:
    """The unchanged example content, for comparison."""
    result = build(REPO / "content", Path("unused"), TODAY, base_url=BASE_URL, write=False)
    assert result.model is not None
    return result.output


def spoil_texts(tree: Path) -> None:
    """Hostile texts in a group (name, summary, description, substitute), a partner's
    description and a free page's title and body: all valid content."""
    group_file = tree / "groups" / f"{GROUP}.yaml"
    group = load(group_file)
    group["name"]["fi"] = HOSTILE_NAME
    group["summary"]["fi"] = HOSTILE_SUMMARY
    for lang in LANGS:
        group["description"][lang] = HOSTILE_MARKDOWN
    group["substitute"]["en"] = "{{ 7*191 }} <script>alert('xss-substitute')</script>"
    dump(group_file, group)
    partner_file = tree / "partners" / "soite.yaml"
    partner = load(partner_file)
    partner["description"]["fi"] = HOSTILE_SUMMARY
    dump(partner_file, partner)
    page = tree / "pages" / "about.fi.md"
    text = page.read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    page.write_text(f'---\ntitle: {json.dumps(HOSTILE_TITLE, ensure_ascii=False)}\n---\n'
                    f"{body}\n{HOSTILE_MARKDOWN}", encoding="utf-8")


def hostile_pages(files: dict[str, bytes]) -> dict[str, bytes]:
    """The pages that show the hostile texts (the group in every language, the about page,
    the partner, and every other page that shows the group's card or name)."""
    pages = {p: d for p, d in files.items() if p.endswith(".html")
             and (b"7*191" in d or b"xss" in d or b"tracker.example" in d)}
    for lang in LANGS:
        assert f"{lang}/groups/{GROUP}/index.html" in pages
    assert "fi/about/index.html" in pages and "fi/partners/soite/index.html" in pages
    return pages


def url_as_browsers_read_it(value: str) -> str:
    """What a browser's URL parser starts from: character references decoded, surrounding
    controls and spaces trimmed, tabs and line breaks inside removed."""
    value = html.unescape(value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n"
                                      "\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
                                      "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    return value.replace("\t", "").replace("\n", "").replace("\r", "").lower()


def test_hostile_markup_neither_runs_nor_loads_anything(hostile_site: dict[str, bytes],
                                                        clean_site: dict[str, bytes]) -> None:
    problems = []
    for path, data in hostile_pages(hostile_site).items():
        parsed = elements(data)
        clean = elements(clean_site[path]) if path in clean_site else Elements()
        for tag in sorted(ACTIVE_TAGS):
            added = (sum(1 for t, _ in parsed.elements if t == tag)
                     - sum(1 for t, _ in clean.elements if t == tag))
            if added > 0:
                problems.append(f"{path}: {added} <{tag}> more than the page without content")
        for tag, attrs in parsed.elements:
            handlers = [a for a in attrs if a.startswith("on")]
            if handlers:
                problems.append(f"{path}: event handler {handlers} on <{tag}>")
            for name in URL_ATTRIBUTES:
                value = url_as_browsers_read_it(attrs.get(name, ""))
                if value.startswith(("javascript:", "data:", "vbscript:")):
                    problems.append(f"{path}: <{tag} {name}={attrs[name]!r}>")
            for name, value in attrs.items():
                # A marker may survive only as harmless text (a link's title), never where a
                # browser would load, run or style anything.
                if name not in ("title", "alt", "aria-label", "content") and any(
                        marker in value for marker in MARKERS):
                    problems.append(f"{path}: <{tag} {name}={value!r}>")
        for attrs, text in parsed.scripts:
            # The form's data island (application/json) is never run: partners' names may be
            # in it as long as no '<' can end the element.
            if attrs.get("type") == "application/json" and "<" not in text:
                continue
            if any(marker in text for marker in ("xss-", "tracker.example")) or (
                    "ldMarker" in text and "\\u003cscript" not in text):
                problems.append(f"{path}: content in a script: {text[:200]!r}")
        text = data.decode("utf-8")
        for marker in ("tracker.example", "evil.example", "xss-comment", "<!-- piilotettu"):
            if marker in text:
                at = text.index(marker)
                problems.append(f"{path}: {marker!r} reached the page: {text[at - 80:at + 40]!r}")
    assert not problems, "\n".join(problems)


def test_hostile_site_links_all_work_and_nothing_loads_from_elsewhere(
        hostile_site: dict[str, bytes]) -> None:
    links = check_links(hostile_site, BASE_URL)
    assert not links.problems, "\n".join(links.problems[:40])
    remote = [f"{page.path}: <{link.tag} {link.attribute}={link.value!r}>"
              for page in links.pages.values() for link in page.links
              if link.tag not in ("a", "link", "meta") and not link.value.startswith(
                  ("../", "./", "#")) and "://" in link.value
              # The 404 page is served at any address, so it names its files absolutely.
              and not (page.path == "404.html" and link.value.startswith(BASE_URL))]
    assert not remote, "\n".join(remote)


def test_comments_and_headings_in_content_stay_in_their_place(
        hostile_site: dict[str, bytes]) -> None:
    for path, data in hostile_pages(hostile_site).items():
        page = parse_page(path, data)
        assert page.h1 == 1, f"{path}: {page.h1} <h1> elements"
        assert b"xss-comment" not in data and b"piilotettu kommentti" not in data, path
    group = hostile_site[f"fi/groups/{GROUP}/index.html"].decode("utf-8")
    # Headings from a description sit below the section's own <h2>.
    assert "<h3>Toinen pääotsikko</h3>" in group
    assert "<h3>Alleviivattu otsikko</h3>" in group
    assert "<h1>Raaka otsikko</h1>" not in group and "Raaka otsikko" in group
    about = hostile_site["fi/about/index.html"].decode("utf-8")
    assert "<h2>Toinen pääotsikko</h2>" in about


def test_jinja_syntax_in_content_is_shown_as_text(hostile_site: dict[str, bytes]) -> None:
    for path, data in hostile_pages(hostile_site).items():
        text = data.decode("utf-8")
        assert JINJA_RESULT not in text, f"{path}: {{{{ 7*191 }}}} was evaluated"
    group = hostile_site[f"fi/groups/{GROUP}/index.html"].decode("utf-8")
    assert "Jinja: {{ 7*191 }} {% raw %}raaka{% endraw %} {# kommentti #}" in group
    assert "Pöytä {{ 7*191 }}" in group
    assert "&lt;b&gt;lihava&lt;/b&gt; &amp; {% raw %} {{ 7*191 }}" in group
    assert "{{ 7*191 }}" in hostile_site[f"en/groups/{GROUP}/index.html"].decode("utf-8")
    about = hostile_site["fi/about/index.html"].decode("utf-8")
    assert "<title>Tietoa {{ 7*191 }} &lt;i&gt;kursiivi&lt;/i&gt;" in about


def test_a_name_cannot_break_out_of_the_json_ld_block(hostile_site: dict[str, bytes]) -> None:
    parsed = elements(hostile_site[f"fi/groups/{GROUP}/index.html"])
    blocks = [text for attrs, text in parsed.scripts if attrs.get("type") == "application/ld+json"]
    # The one inline script is the data block (the print button's script is a file).
    inline = [(attrs, text) for attrs, text in parsed.scripts if "src" not in attrs]
    assert len(inline) == len(blocks) == 1, parsed.scripts
    assert [attrs["src"] for attrs, _ in parsed.scripts if "src" in attrs] == [
        "../../../assets/site.js"]
    assert json.loads(blocks[0])["name"] == HOSTILE_NAME


def test_hostile_pages_are_valid_html(hostile_site: dict[str, bytes], tmp_path: Path) -> None:
    pages = [*(f"{lang}/groups/{GROUP}/index.html" for lang in LANGS), "fi/about/index.html",
             "fi/partners/soite/index.html", "fi/index.html"]
    for number, path in enumerate(pages):
        (tmp_path / f"{number}.html").write_bytes(hostile_site[path])
    run = subprocess.run([*nu_checker(), *(f"{n}.html" for n in range(len(pages)))],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr)["messages"]
    assert not messages, [(pages[int(m["url"].rsplit("/", 1)[1].split(".")[0])], m["message"])
                          for m in messages]


# --- unusable content: a clear error, the old site untouched ---------------------------------

def group_file(tree: Path) -> Path:
    return tree / "groups" / f"{GROUP}.yaml"


def symlink_to_system_file(tree: Path) -> None:
    (tree / "groups" / "salasanat.yaml").symlink_to("/etc/passwd")


def symlink_to_other_entry(tree: Path) -> None:
    (tree / "groups" / "kopio-ryhma.yaml").symlink_to(f"{GROUP}.yaml")


def symlinked_folder(tree: Path) -> None:
    elsewhere = tree.parent / "elsewhere-pages"
    (tree / "pages").rename(elsewhere)
    (tree / "pages").symlink_to(elsewhere, target_is_directory=True)


def symlinked_page(tree: Path) -> None:
    (tree / "pages" / "hosts.fi.md").symlink_to("/etc/hosts")


def traversal_in_partner_reference(tree: Path) -> None:
    data = load(group_file(tree))
    data["facilitators"][0]["partner"] = "../partners/soite"
    dump(group_file(tree), data)


def absolute_path_as_reference(tree: Path) -> None:
    data = load(group_file(tree))
    data["contact"]["partner"] = "/etc/passwd"
    dump(group_file(tree), data)


def traversal_in_municipality(tree: Path) -> None:
    data = load(group_file(tree))
    data["municipality"] = "../../../etc/passwd"
    dump(group_file(tree), data)


def traversal_in_file_name(tree: Path) -> None:
    # (A name that starts with a dot is a hidden file, which the build skips like .gitkeep.)
    shutil.copy(group_file(tree), tree / "groups" / "%2e%2e%2f%2e%2e%2fetc%2fpasswd.yaml")


def backslashes_in_file_name(tree: Path) -> None:
    shutil.copy(group_file(tree), tree / "groups" / "ryhma\\..\\..\\windows.yaml")


def traversal_in_page_name(tree: Path) -> None:
    shutil.copy(tree / "pages" / "about.fi.md", tree / "pages" / "about\\..\\..\\x.fi.md")


def same_slug_full_width(tree: Path) -> None:
    # NFKC folds full-width letters to ASCII: the same address as the original file.
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isalpha() else c for c in GROUP)
    assert unicodedata.normalize("NFKC", wide) == GROUP
    shutil.copy(group_file(tree), tree / "groups" / f"{wide}.yaml")


def same_slug_nfc_and_nfd(tree: Path) -> None:
    for form in ("NFC", "NFD"):
        name = unicodedata.normalize(form, "kylä-kahvila")
        shutil.copy(group_file(tree), tree / "groups" / f"{name}.yaml")


def five_megabytes(tree: Path) -> None:
    text = group_file(tree).read_text(encoding="utf-8")
    long = "Pitkä kuvaus. " * (5 * 1024 * 1024 // 14)
    group_file(tree).write_text(text.replace("description:\n", f"description:\n  sv: \"{long}\"\n",
                                             1), encoding="utf-8")


def five_megabyte_page(tree: Path) -> None:
    page = tree / "pages" / "about.fi.md"
    page.write_text(page.read_text(encoding="utf-8") + "x" * (5 * 1024 * 1024),
                    encoding="utf-8")


def alias_bomb(tree: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    text = group_file(tree).read_text(encoding="utf-8")
    group_file(tree).write_text(text + "\n".join(lines) + "\nname: *j\n", encoding="utf-8")


def binary_garbage(tree: Path) -> None:
    group_file(tree).write_bytes(random.Random(6).randbytes(4096))


def nul_bytes(tree: Path) -> None:
    group_file(tree).write_bytes(b"name:\n  fi: \"Kahvila\x00\"\n" + b"\x00" * 100)


def garbage_page(tree: Path) -> None:
    (tree / "pages" / "about.fi.md").write_bytes(b"---\ntitle: x\n---\n" + bytes(range(256)))


BROKEN: dict[str, tuple[Callable[[Path], None], set[str]]] = {
    "symlink to a system file": (symlink_to_system_file, {"symlink"}),
    "symlink to another entry": (symlink_to_other_entry, {"symlink"}),
    "symlinked folder": (symlinked_folder, {"symlink"}),
    "symlinked page": (symlinked_page, {"symlink"}),
    "../ in a partner reference": (traversal_in_partner_reference, {"unknown-partner"}),
    "absolute path as a reference": (absolute_path_as_reference, {"unknown-partner"}),
    "../ in a municipality": (traversal_in_municipality, {"unknown-municipality"}),
    "encoded ../ in a file name": (traversal_in_file_name, {"slug-format"}),
    "backslashes in a file name": (backslashes_in_file_name, {"slug-format"}),
    "../ in a page file name": (traversal_in_page_name, {"page-file-name"}),
    "same slug in full-width letters": (same_slug_full_width, {"slug-duplicate"}),
    "same slug in NFC and NFD": (same_slug_nfc_and_nfd, {"slug-duplicate"}),
    "a 5 MB entry": (five_megabytes, {"file-too-large"}),
    "a 5 MB page": (five_megabyte_page, {"file-too-large"}),
    "YAML alias bomb": (alias_bomb, {"yaml-anchor"}),
    "binary garbage": (binary_garbage, {"yaml-encoding", "yaml-control-character"}),
    "NUL bytes": (nul_bytes, {"yaml-control-character"}),
    "binary garbage in a page": (garbage_page, {"yaml-encoding", "yaml-control-character"}),
}

PREVIOUS_SITE = {"index.html": b"<!DOCTYPE html><title>old</title>",
                 "fi/index.html": b"old home", "assets/style.css": b"/* old */"}


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def previous_site(tmp_path: Path) -> Path:
    output = tmp_path / "public"
    for path, data in PREVIOUS_SITE.items():
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_bytes(data)
    return output


@pytest.mark.parametrize("case", list(BROKEN))
def test_unusable_content_stops_the_build_with_a_rule_and_keeps_the_old_site(
        case: str, tmp_path: Path, previous_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spoil, rules = BROKEN[case]
    tree = copy_content(tmp_path / "content")
    spoil(tree)
    code = main(["build", "--content", str(tree), "--output", str(previous_site),
                 "--cache", str(tmp_path / "cache"), "--today", TODAY.isoformat(),
                 "--lang", "en", "--base-url", BASE_URL])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert any(f"[{rule}]" in out for rule in rules), f"expected {rules}:\n{out}"
    assert "Traceback" not in out + err
    assert "nothing was written" in err
    assert tree_bytes(previous_site) == PREVIOUS_SITE
    left = {p.name for p in previous_site.parent.iterdir()} - {
        "content", "elsewhere-pages", "cache"}
    assert left == {"public"}, f"staging folders were left: {left}"


def test_the_real_command_reports_everything_at_once_without_a_traceback(
        tmp_path: Path, previous_site: Path) -> None:
    """As a partner's pull request would run it: a separate process, many problems at once."""
    tree = copy_content(tmp_path / "content")
    for spoil in (binary_garbage, symlink_to_system_file, same_slug_full_width, nul_bytes,
                  traversal_in_file_name):
        spoil(tree)
    alias_bomb_tree = tree / "groups" / "pommi.yaml"
    shutil.copy(REPO / "content" / "groups" / f"{GROUP}.yaml", alias_bomb_tree)
    bomb = ['a: &a ["lol","lol"]', "b: &b [*a,*a]", "name: *b"]
    alias_bomb_tree.write_text(alias_bomb_tree.read_text(encoding="utf-8") + "\n".join(bomb)
                               + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--content",
                          str(tree), "--output", str(previous_site), "--today",
                          TODAY.isoformat(), "--lang", "en"], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path, env={**os.environ, "PYTHONWARNINGS": ""})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    for rule in ("symlink", "slug-format", "yaml-anchor", "yaml-control-character"):
        assert f"[{rule}]" in run.stdout, (rule, run.stdout)
    assert tree_bytes(previous_site) == PREVIOUS_SITE


# --- random valid entries: the site's links always work --------------------------------------

VOCABULARIES = load(REPO / "content" / "vocabularies.yaml")
PARTNERS = sorted(p.stem for p in (REPO / "content" / "partners").glob("*.yaml"))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Letters, Finnish and Swedish ones, and the characters that mean something to HTML,
# Markdown, YAML or Jinja. No "]" or "=", so no Markdown or HTML link is formed: a relative
# link written by a partner is the partner's to get right (and would break the check).
_CHARS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzåäöÅÄÖ 0123456789.,:;-–!?'\"&<>#*_"
                              "{}%|/\\()@+~`"))
_SNIPPETS = st.sampled_from(["<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "# ",
                             "\n\n## ", "<!-- c -->", "&amp;", "&#x61;", "<b>", "</p>", "\n- ",
                             "\n\n", "**", "`code`", "> ", "<h1>x</h1>", "javascript:x()"])
texts = st.lists(st.one_of(_CHARS, _SNIPPETS), min_size=1, max_size=40).map("".join)


def _text(value: str, fallback: str) -> str:
    # Entries must have some visible text; surrounding space is trimmed by the site anyway.
    return value.strip() or fallback


@st.composite
def groups(draw: st.DrawFn) -> dict[str, Any]:
    languages = draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=3, unique=True))
    if "fi" not in languages:
        languages.append("fi")

    def text(limit: int = 1000) -> dict[str, str]:
        return {lang: _text(draw(texts)[:limit], f"teksti {lang}")
                for lang in sorted(set(languages) | {"fi"})}

    start = draw(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    end = draw(st.one_of(st.none(), st.dates(dt.date(2027, 1, 1), dt.date(2027, 12, 31))))
    hour = draw(st.integers(6, 20))
    meetings = [{"weekday": day, "start": f"{hour:02d}:00", "end": f"{hour + 2:02d}:30",
                 **({"every": draw(st.integers(1, 4))} if draw(st.booleans()) else {})}
                for day in draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3,
                                         unique=True))]
    first, second = draw(st.lists(st.sampled_from(PARTNERS), min_size=2, max_size=2,
                                  unique=True))
    phase = draw(st.sampled_from(["pilot", "established"]))
    other_role = draw(st.sampled_from(["professional", "experience-expert", "peer",
                                       "volunteer"]))
    group: dict[str, Any] = {
        "name": text(60),
        "summary": text(150),
        "description": text(),
        "municipality": draw(st.sampled_from(sorted(VOCABULARIES["municipalities"]))),
        "venue": {"name": text(60), "address": "Testikatu 1, 67100 Kokkola",
                  "accessibility": draw(st.lists(st.sampled_from(sorted(
                      VOCABULARIES["accessibility"])), max_size=3, unique=True))},
        "schedule": {"season": {"start": start, **({"end": end} if end else {})},
                     "meetings": meetings},
        "audiences": draw(st.lists(st.sampled_from(sorted(VOCABULARIES["audiences"])),
                                   min_size=1, max_size=3, unique=True)),
        "activities": draw(st.lists(st.sampled_from(sorted(VOCABULARIES["activities"])),
                                    min_size=1, max_size=3, unique=True)),
        "languages": languages,
        "facilitators": [{"role": "professional", "partner": first},
                         {"role": other_role, "partner": second}],
        "phase": phase,
        "substitute": text(),
        "contact": {"partner": first, "email": "ryhma@example.fi"},
        "free": True,
        "referral_required": False,
        "anonymous": True,
        "registration": draw(st.sampled_from(["none", "welcome"])),
        "reviewed": draw(st.dates(dt.date(2026, 6, 1), TODAY)),
    }
    return group


@pytest.fixture(scope="module")
def property_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # Module scoped (hypothesis reuses it across examples): the groups are rewritten each time.
    tree = copy_content(tmp_path_factory.mktemp("property") / "content")
    shutil.rmtree(tree / "groups")
    (tree / "groups").mkdir()
    # Attendance belongs to the example groups, which are gone.
    shutil.rmtree(tree / "attendance", ignore_errors=True)
    yield tree


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    """One engine for every example, as the live preview keeps one: the templates are
    compiled once (its in-memory cache never changes what a build makes)."""
    made = Engine(BuildOptions(base_url=BASE_URL), None)
    yield made
    made.close()


# Each example is a whole build (about 1 s), so few examples and no shrinking: a failure
# prints the generated entries in full, and hypothesis's database replays it first next time.
# Five a run: every run draws new ones, so the entries tried add up run after run.
@settings(max_examples=5, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(groups(), min_size=1, max_size=3))
@pytest.mark.slow  # five whole sites
def test_random_valid_entries_always_give_a_site_whose_links_work(
        property_tree: Path, engine: Engine, entries: list[dict[str, Any]]) -> None:
    for old in (property_tree / "groups").iterdir():
        old.unlink()
    for number, entry in enumerate(entries):
        dump(property_tree / "groups" / f"ryhma-{number}.yaml", entry)
    result = engine.build(property_tree, None, TODAY, collect=True)
    errors = [str(p) for p in result.problems if p.severity.value == "error"]
    assert result.model is not None and not errors, errors
    links = check_links(result.output, BASE_URL)
    assert not links.problems, "\n".join(links.problems[:20])
    for path, page in links.pages.items():
        assert page.h1 == 1 and page.title, path
