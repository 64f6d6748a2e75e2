"""PDFs made with ``--pdf``: read back with poppler (pdftotext, pdfinfo, pdftoppm) and zbarimg.

A small content tree of our own keeps the PDF builds quick: three groups from the example
content in two municipalities, and one group with very long texts in a third, to show that a
poster still fits on one page.
"""

from __future__ import annotations

import datetime as dt
import http.server
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from brochure.check.content import ValidContent, load_content
from brochure.cli import main
from brochure.core.models import Group
from brochure.engine.build import build
from brochure.output.pdf import PdfError, render_pdf
from brochure.site.pages import PosterPage, PrintPage
from tests.conftest import valid

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "content"
TODAY = dt.date(2026, 11, 23)
BASE = "https://example.org/ryhmat/"
LANGS = ("fi", "sv", "en")
GROUPS = ("torstain-olohuone", "kielikahvila-kokkola", "kylakammari-halsua")
LONG = {
    "fi": "Keskiviikon pitkä kävelyretki, kahvittelu ja jutteluhetki kirkonkylän ympäristössä",
    "sv": "Onsdagens långa promenad, kaffestund och pratstund i kyrkbyns omgivningar med vänner",
    "en": "The long Wednesday walk, coffee break and chat around the church village with friends",
}
A4_POINTS = (595, 842)

pytestmark = [pytest.mark.pdf, pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdftoppm", "zbarimg")),
    reason="poppler-utils and zbar-tools are installed by make system-deps")]


def write_content(root: Path) -> Path:
    content = root / "content"
    content.mkdir()
    for name in ("site.yaml", "vocabularies.yaml"):
        shutil.copy(SOURCE / name, content / name)
    for folder in ("partners", "pages"):
        shutil.copytree(SOURCE / folder, content / folder)
    (content / "groups").mkdir()
    for slug in GROUPS:
        shutil.copy(SOURCE / "groups" / f"{slug}.yaml", content / "groups" / f"{slug}.yaml")
    text = (SOURCE / "groups" / "torstain-olohuone.yaml").read_text(encoding="utf-8")
    replacements = {
        '  fi: "Torstain olohuone"': f'  fi: "{LONG["fi"]}"',
        '  sv: "Torsdagens vardagsrum"': f'  sv: "{LONG["sv"]}"',
        '  en: "Thursday Living Room"': f'  en: "{LONG["en"]}"',
        "municipality: kokkola": "municipality: veteli",
        'code: "w7dc"  # lyhytlinkki r/w7dc/': 'code: "ac66"',  # a copy needs a code of its own
        '"Päiväkeskuksen olohuone"': '"Vapaa-aikakeskuksen alakerran kerhohuone, sisäänkäynti '
                                     'pihan puolelta ison vaahteran vierestä"',
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (content / "groups" / "pitka-kavely-veteli.yaml").write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("pdf-content"))


@pytest.fixture(scope="module")
def content(content_dir: Path) -> ValidContent:
    loaded = valid(load_content(content_dir, TODAY))
    assert len(loaded.published) == 4 and not loaded.hidden
    return loaded


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build's own cache (not the working copy's .cache/brochure/)."""
    return tmp_path_factory.mktemp("pdf-cache")


@pytest.fixture(scope="module")
def site(content_dir: Path, cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("pdf-site") / "public"
    code = main(["build", "--content", str(content_dir), "--output", str(output),
                 "--today", TODAY.isoformat(), "--pdf", "--cache", str(cache)])
    assert code == 0
    return output


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True,
                          timeout=120).stdout


def pdf_pages_text(pdf: Path) -> list[str]:
    """The text of each page, white space collapsed (pdftotext ends pages with a form feed)."""
    pages = run("pdftotext", str(pdf), "-").split("\f")
    return [" ".join(page.split()) for page in pages[:-1]]


def pdf_info(pdf: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in run("pdfinfo", "-isodates", str(pdf))
                .splitlines() if ":" in line)


def municipality_names(content: ValidContent, lang: str) -> dict[str, str]:
    assert content.vocabularies is not None
    return {g.municipality: content.vocabularies.municipalities[g.municipality].get(lang)
            for g in content.published}


def name(content: ValidContent, slug: str, lang: str) -> str:
    group = content.groups[slug]
    text = group.name.get(lang) or group.name.get("fi")
    assert text
    return text


def test_brochures_are_written_beside_their_pages_and_linked(site: Path,
                                                             content: ValidContent) -> None:
    municipalities = sorted({g.municipality for g in content.published})
    assert municipalities == ["halsua", "kokkola", "veteli"]
    for lang in LANGS:
        pdfs = {f"{lang}/print/brochure-{lang}.pdf"} | {
            f"{lang}/print/{m}/brochure-{lang}-{m}.pdf" for m in municipalities}
        for pdf in pdfs:
            assert (site / pdf).read_bytes().startswith(b"%PDF-"), pdf
        made = {p.relative_to(site).as_posix() for p in (site / lang / "print").rglob("*.pdf")}
        assert made == pdfs  # none for the municipalities without groups
        assert not (site / lang / "print" / "kannus").exists()
        # The brochure page offers its PDF; the professionals' page offers all of them.
        page = (site / lang / "print" / "index.html").read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]+)"', page)
        assert (site / lang / "print" / f"brochure-{lang}.pdf").resolve() in {
            (site / lang / "print" / href).resolve() for href in hrefs}
        professionals = (site / lang / "professionals" / "index.html").read_text(
            encoding="utf-8")
        linked = {(site / lang / "professionals" / href).resolve()
                  for href in re.findall(r'href="([^"]+\.pdf)"', professionals)}
        assert linked == {(site / pdf).resolve() for pdf in pdfs}


@pytest.mark.parametrize("lang", LANGS)
def test_brochure_starts_its_groups_on_page_1_after_a_short_header(
        site: Path, content: ValidContent, lang: str) -> None:
    pages = pdf_pages_text(site / lang / "print" / f"brochure-{lang}.pdf")
    labels = municipality_names(content, lang)
    text = " ".join(pages)
    # No page for the cover alone: the first group is on page 1, under the short header.
    assert any(name(content, g.slug, lang) in pages[0] for g in content.published)
    # Fewer sheets than one per municipality plus a cover.
    assert len(pages) < 1 + len(labels)
    for group in content.published:
        assert name(content, group.slug, lang) in text
        assert f"example.org/ryhmat/r/{group.code}/" in text.replace(" ", "")
    for municipality, label in labels.items():
        own = pdf_pages_text(site / lang / "print" / municipality /
                             f"brochure-{lang}-{municipality}.pdf")
        assert any(name(content, g.slug, lang) in own[0] for g in content.published
                   if g.municipality == municipality), (lang, label)
        whole = " ".join(own)
        for group in content.published:
            shown = name(content, group.slug, lang) in whole
            assert shown == (group.municipality == municipality), (lang, label, group.slug)


def printed(site: Path, content: ValidContent) -> list[tuple[Path, list[Group]]]:
    """Every brochure and poster of every language, with the groups it prints."""
    out: list[tuple[Path, list[Group]]] = []
    for lang in LANGS:
        out.append((site / lang / "print" / f"brochure-{lang}.pdf", list(content.published)))
        for municipality in sorted({g.municipality for g in content.published}):
            out.append((site / lang / "print" / municipality /
                        f"brochure-{lang}-{municipality}.pdf",
                        [g for g in content.published if g.municipality == municipality]))
        out += [(site / lang / "groups" / g.slug / "poster" / f"poster-{lang}-{g.slug}.pdf",
                 [g]) for g in content.published]
    return out


def test_every_printed_short_link_is_whole_on_paper(site: Path, content: ValidContent) -> None:
    """What someone without a smartphone types: each group's r/<code>/ on one line of the
    page, never cut at an edge or split (only the host may go on the line before)."""
    problems = []
    for pdf, groups in printed(site, content):
        lines = [line.strip() for line in run("pdftotext", str(pdf), "-").splitlines()]
        for group in groups:
            whole = f"r/{group.code}/"
            if not any(line.endswith(whole) for line in lines) or \
                    f"example.org/ryhmat/{whole}" not in "".join(lines):
                problems.append(f"{pdf.name}: {whole} is not printed whole")
            # Nothing of the page reaches past the paper's right margin (10 mm).
            words = re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)</word>',
                               run("pdftotext", "-bbox", str(pdf), "-"))
            cut = [w for x, w in words if float(x) > A4_POINTS[0] - 10 / 25.4 * 72]
            if cut:
                problems.append(f"{pdf.name}: {cut[:3]} reach the edge of the paper")
    assert not problems, "\n".join(problems)


def test_brochures_fill_their_pages(site: Path, content: ValidContent) -> None:
    """No half-empty sheets: every page but the last is printed at least two thirds down
    (a group is never split, so a page ends early only by less than one group)."""
    problems = []
    for pdf, _ in printed(site, content):
        if "brochure" not in pdf.name:
            continue
        pages = re.split(r"<page ", run("pdftotext", "-bbox", str(pdf), "-"))[1:]
        for number, page in enumerate(pages[:-1], 1):
            bottom = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', page))
            if bottom < A4_POINTS[1] * 2 / 3:
                problems.append(f"{pdf.name} page {number}: printed only "
                                f"{bottom / A4_POINTS[1]:.0%} down")
    assert not problems, "\n".join(problems)


def test_posters_are_one_a4_page_even_with_long_texts(site: Path, content: ValidContent) -> None:
    for lang in LANGS:
        for group in content.published:
            pdf = site / lang / "groups" / group.slug / "poster" / f"poster-{lang}-{group.slug}.pdf"
            info = pdf_info(pdf)
            assert info["Pages"].strip() == "1", pdf
            width, height = re.findall(r"[\d.]+", info["Page size"])[:2]
            assert (round(float(width)), round(float(height))) == A4_POINTS
            text = pdf_pages_text(pdf)[0]
            assert name(content, group.slug, lang) in text
            assert f"example.org/ryhmat/r/{group.code}/" in text.replace(" ", "")
            # Nothing runs past the bottom margin (12 mm) into the clipped part.
            bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"',
                                                     run("pdftotext", "-bbox", str(pdf), "-"))]
            assert bottoms and max(bottoms) < A4_POINTS[1] - 12 / 25.4 * 72, pdf
    # The long texts are really there.
    long_poster = site / "fi" / "groups" / "pitka-kavely-veteli" / "poster"
    text = pdf_pages_text(long_poster / "poster-fi-pitka-kavely-veteli.pdf")[0]
    assert LONG["fi"] in text
    assert "example.org/ryhmat/r/ac66/" in text.replace(" ", "")


def test_even_an_extreme_poster_keeps_its_code_on_its_one_page(site: Path,
                                                                tmp_path: Path) -> None:
    url = "fi/groups/pitka-kavely-veteli/poster/"
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
             if p.is_file() and p.suffix != ".pdf"}
    page = files[url + "index.html"].decode("utf-8")
    # Five times the long name, twice the meetings: far beyond any real entry.
    page = re.sub(r"(<h1[^>]*>)(.*?)(</h1>)", lambda m: m[1] + " ".join([m[2]] * 5) + m[3],
                  page, flags=re.S)
    page = page.replace("<dd>Torstaisin", "<dd>Maanantaisin klo 10–12<br>" * 4 + "Torstaisin")
    pdf = tmp_path / "extreme.pdf"
    pdf.write_bytes(render_pdf(page.encode(), url, files, BASE, TODAY))
    assert pdf_info(pdf)["Pages"].strip() == "1"
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "extreme")], check=True, timeout=60)
    assert decode(tmp_path / "extreme.png") == {f"{BASE}r/ac66/"}


def decode(png: Path) -> set[str]:
    done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                           str(png)], capture_output=True, text=True, timeout=60, check=False)
    return set(done.stdout.split())


def test_printed_codes_scan_to_the_short_links(site: Path, content: ValidContent,
                                               tmp_path: Path) -> None:
    # The poster's large code, and the small codes of a brochure page, from the PDFs.
    poster = site / "sv" / "groups" / "kylakammari-halsua" / "poster"
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-singlefile",
                    str(poster / "poster-sv-kylakammari-halsua.pdf"), str(tmp_path / "poster")],
                   check=True, timeout=60)
    assert decode(tmp_path / "poster.png") == {f"{BASE}r/5jcc/"}
    brochure = site / "en" / "print" / "kokkola" / "brochure-en-kokkola.pdf"
    # The groups start on page 1, under the short header.
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(brochure),
                    str(tmp_path / "kokkola")], check=True, timeout=60)
    expected = {f"{BASE}r/{g.code}/" for g in content.published if g.municipality == "kokkola"}
    images = sorted(tmp_path.glob("kokkola*.png"))
    assert decode(images[0]) & expected
    assert set().union(*(decode(image) for image in images)) == expected


def test_pdfs_are_reproducible_and_dated_by_today(site: Path, content_dir: Path,
                                                  cache: Path) -> None:
    # Two of them made again here, in this process, from the same pages, as build(pdf=True)
    # makes them: the same bytes as the build's worker processes wrote. (The build's cache
    # gives the site model and the pages without making every PDF a second time.)
    result = build(content_dir, site.parent / "unused", TODAY, write=False, pdf=True,
                   cache=cache)
    assert result.model is not None
    chosen = [p for p in result.model.pages if isinstance(p, PrintPage | PosterPage)]
    files = result.output
    made = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.pdf"))
    assert len(made) == 3 * (4 + 4)  # per language: 1 + 3 brochures, 4 posters
    assert made == sorted(page.pdf for page in chosen if page.pdf)
    for page in chosen:
        if page.url in ("fi/print/", "sv/groups/kylakammari-halsua/poster/"):
            assert page.pdf is not None
            again = render_pdf(files[page.output_path], page.url, files, BASE, TODAY)
            assert again == (site / page.pdf).read_bytes()
    info = pdf_info(site / "fi" / "print" / "brochure-fi.pdf")
    assert info["CreationDate"].strip().startswith(TODAY.isoformat())
    assert info["ModDate"].strip().startswith(TODAY.isoformat())


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.requests.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_pdf_fetches_only_files_of_the_built_site(local_server: str) -> None:
    files = {"assets/style.css": b"body { color: #111 }"}
    page = '<!DOCTYPE html><html lang="en"><head><title>t</title>{}</head><body>x</body></html>'
    ours = page.format('<link rel="stylesheet" href="../assets/style.css">')
    assert render_pdf(ours.encode(), "en/", files, BASE, TODAY).startswith(b"%PDF-")
    for outside in (f'<link rel="stylesheet" href="{local_server}style.css">',
                    '<link rel="stylesheet" href="file:///etc/hostname">',
                    '<link rel="stylesheet" href="../assets/missing.css">'):
        with pytest.raises(PdfError, match="not part of the built site"):
            render_pdf(page.format(outside).encode(), "en/", files, BASE, TODAY)
    assert Recorder.requests == []
