"""Hostile text in any field a partner writes reaches the page as harmless text."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml

from brochure.engine.build import build
from tests.golden import CONTENT as FIXTURE

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
MARKDOWN = (
    "Hello <script>alert(1)</script> <iframe src=\"https://evil.example\"></iframe>\n\n"
    "<b onmouseover=\"alert(1)\">bold</b> <!-- secret comment -->\n\n"
    "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) "
    "[enc](jav&#x61;script:alert(1)) [ref][r] ![pixel](https://tracker.example/p.gif)\n\n"
    "# Second title\n\n{{ 7*7 }} {% raw %}x{% endraw %}\n\n"
    "[r]: javascript:alert(1)\n"
)


class Tags(HTMLParser):
    """Real elements and attributes of a page (escaped text is not markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
            # The coordinator's logo (site.yaml) is the one image the site shows.
            if self.images[-1].endswith("assets/logo.svg"):
                return
        self.names.add(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            if name in ("href", "src") and value:
                self.urls.append(value)


def _hostile_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "groups/torstain-olohuone.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for field in ("name", "summary", "substitute"):
        data[field] = {lang: f"{PAYLOAD} {lang}" for lang in ("fi", "sv", "en")}
    data["description"] = {lang: MARKDOWN for lang in ("fi", "sv", "en")}
    data["venue"]["name"] = {"fi": PAYLOAD, "sv": PAYLOAD}
    data["venue"]["address"] = PAYLOAD + " 67100 Kokkola"
    data["contact"]["name"] = PAYLOAD
    data["facilitators"][0]["name"] = "</script><script>alert(2)</script>"
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    # safe_dump writes dates and times in forms the strict loader accepts; quote times.
    text = re.sub(r"(start|end): '?(\d\d:\d\d)'?", r'\1: "\2"', text)
    path.write_text(text, encoding="utf-8")
    partner = content / "partners/soite.yaml"
    pdata = yaml.safe_load(partner.read_text(encoding="utf-8"))
    pdata["description"] = {lang: PAYLOAD for lang in ("fi", "sv", "en")}
    partner.write_text(yaml.safe_dump(pdata, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
    page = content / "pages/about.fi.md"
    page.write_text('---\ntitle: "<script>alert(3)</script>"\n---\n' + MARKDOWN,
                    encoding="utf-8")
    return content


def test_payloads_in_every_field_are_neutralised(tmp_path: Path) -> None:
    content = _hostile_content(tmp_path)
    output = tmp_path / "public"
    result = build(content, output, TODAY)
    assert result.model is not None, [p.rule for p in result.problems]
    pages = [output / "fi/groups/torstain-olohuone/index.html",
             output / "en/groups/torstain-olohuone/index.html",
             output / "fi/index.html",
             output / "fi/partners/soite/index.html",
             output / "fi/about/index.html",
             output / "r/torstain-olohuone/index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL)
        for attributes, script in scripts:
            if "application/ld+json" in attributes:
                assert "<" not in script, (page, script)  # data only, and cannot break out
            else:
                assert "alert" not in script, (page, script)
        tags = Tags()
        tags.feed(html)
        assert not {"iframe", "img", "object", "embed"} & tags.names, page
        assert tags.handlers == [], page
        assert not [u for u in tags.urls if u.lower().startswith(("javascript:", "data:"))]
        assert "javascript:" not in html.lower(), page
        assert "data:text/html" not in html, page
        assert "secret comment" not in html, page
        assert "tracker.example" not in html, page
        assert len(re.findall(r"<h1\b", html)) == 1, page
    group = pages[0].read_text(encoding="utf-8")
    # Shown as text, escaped, never evaluated.
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in group
    assert "{{ 7*7 }}" in group and ">49<" not in group
    # The JSON-LD block cannot be closed early by a name.
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', group, re.DOTALL)
    assert ld and "</script" not in ld.group(1) and "\\u003c/script" in ld.group(1)


def test_a_text_cannot_stand_in_for_a_brochure_entrys_qr_code(tmp_path: Path) -> None:
    """An entry's fragment marks where its QR code goes; a partner's text that spells the
    marker (a YAML escape makes the control character) stays text."""
    content = Path(shutil.copytree(FIXTURE, tmp_path / "content"))
    group = content / "groups" / "testikahvila.yaml"
    text = group.read_text(encoding="utf-8")
    changed = re.sub(r'^(summary:\n  fi: )".*"$', r'\1"Avoin <\\eqr> \\eqr\\e kahvila."', text,
                     count=1, flags=re.MULTILINE)
    assert changed != text
    group.write_text(changed, encoding="utf-8")
    result = build(content, tmp_path / "public", TODAY)
    assert result.model is not None, [p.rule for p in result.problems]
    brochure = (tmp_path / "public" / "fi" / "print" / "index.html").read_text(encoding="utf-8")
    assert brochure.count('class="qr"') == len(result.content.published)
    assert "Avoin &lt;\x1bqr&gt; \x1bqr\x1b kahvila." in brochure
