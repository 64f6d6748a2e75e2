"""What paper costs: QR codes, the print pages and posters, and the PDFs of ``--pdf``.

Prints, for N synthetic groups: the time segno takes per QR code and what the per-URL cache
saves; the time to add the print pages and posters to the site model (QR codes cold, then
cached) and to render them; and, for the example content, the time of the PDFs per kind and
in total. Context: the lead's budget for a whole build of 1,000 groups is 2 seconds.

    .venv/bin/python benchmarks/print_bench.py [--groups 1000] [--no-pdf]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import segno
from synthetic import write_synthetic_content

from brochure import printing, qr
from brochure.content import load_content
from brochure.render import Renderer, render_site
from brochure.site import Page, Views, build_site

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
BASE = "https://example.org/ryhmat/"


def qr_costs(count: int) -> None:
    urls = [f"{BASE}r/ryhma-{i:05d}-kokkola/" for i in range(count)]
    start = time.perf_counter()
    for url in urls:
        segno.make(url, error="m", micro=False)
    encode = (time.perf_counter() - start) / count
    qr.qr_path.cache_clear()
    start = time.perf_counter()
    for url in urls:
        qr.qr_svg(url, url)
    cold = (time.perf_counter() - start) / count
    start = time.perf_counter()
    for _ in range(3):
        for url in urls:
            qr.qr_svg(url, url)
    warm = (time.perf_counter() - start) / (3 * count)
    print(f"QR codes ({count} URLs): segno.make {encode * 1000:.2f} ms each; "
          f"qr_svg first time {cold * 1000:.2f} ms, cached {warm * 1000:.4f} ms")
    print(f"  -> {cold * 1000:.1f} s of QR encoding per 1,000 groups on a cold start "
          f"(each group's code is drawn once, then reused by every language and page)")


def model_and_render(groups: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content_dir = write_synthetic_content(Path(tmp) / "content", groups, REPO / "content")
        content = load_content(content_dir, TODAY)
        published = len(content.published)
        qr.qr_path.cache_clear()
        start = time.perf_counter()
        model = build_site(content)
        whole_cold = time.perf_counter() - start
        start = time.perf_counter()
        model = build_site(content)
        whole_warm = time.perf_counter() - start
        # The print part alone, QR codes cached: the same hook build_site runs.
        views = Views(content)
        pages: list[Page] = [p for p in model.pages
                             if p.kind not in (printing.PRINT_KIND, printing.POSTER_KIND)]
        start = time.perf_counter()
        for lang in model.languages:
            printing.add_print_pages(pages, content, views, lang, model.base_url)
        hook = time.perf_counter() - start
        renderer = Renderer(model)
        ours = [p for p in model.pages if p.kind in (printing.PRINT_KIND, printing.POSTER_KIND)]
        start = time.perf_counter()
        size = sum(len(renderer.render(p)) for p in ours)
        render = time.perf_counter() - start
    print(f"{published} published groups: build_site {whole_cold:.2f} s with QR codes cold, "
          f"{whole_warm:.2f} s cached; of which the print pages and posters "
          f"{hook:.2f} s (cached QR)")
    print(f"  rendering the {len(ours)} print pages and posters: {render:.2f} s, "
          f"{size / 1e6:.1f} MB of HTML")


def pdfs() -> None:
    content = load_content(REPO / "content", TODAY)
    model = build_site(content)
    chosen = printing.pdf_pages(model)
    files = render_site(model)
    per_kind: dict[str, list[float]] = {}
    for kind in (printing.PRINT_KIND, printing.POSTER_KIND):
        for page in [p for p in chosen if p.kind == kind][:6]:
            start = time.perf_counter()
            printing.render_pdf(files[page.output_path], page.url, files, model.base_url,
                                model.today)
            per_kind.setdefault(kind, []).append(time.perf_counter() - start)
    start = time.perf_counter()
    made = printing.render_pdfs(model, files, chosen)
    total = time.perf_counter() - start
    for kind, times in per_kind.items():
        print(f"PDF {kind}: {sum(times) / len(times):.2f} s each (mean of {len(times)})")
    print(f"all {len(made)} PDFs of the example content ({len(content.published)} groups, "
          f"3 languages): {total:.1f} s in parallel processes, "
          f"{sum(len(b) for b in made.values()) / 1e6:.1f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF timings")
    args = parser.parse_args()
    qr_costs(300)
    model_and_render(args.groups)
    if not args.no_pdf:
        pdfs()
    print("Reproduce: .venv/bin/python benchmarks/print_bench.py "
          f"--groups {args.groups}{' --no-pdf' if args.no_pdf else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
