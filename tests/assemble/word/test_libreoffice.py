"""The 汇编 as a person sees it: LibreOffice lays it out (TOC page numbers), then renders it to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from .conftest import Built, build

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]


@pytest.fixture(scope="module")
def laid_out(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Path]:
    built = build(sample_project, tmp_path_factory.mktemp("lo-out"))
    pdf_dir = tmp_path_factory.mktemp("lo-pdf")
    profile = Path("/tmp") / f"lo-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
             "--outdir", str(pdf_dir), str(built.path)],
            check=True, capture_output=True, timeout=240,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return built, pdf_dir / f"{built.path.stem}.pdf"


def _pdftotext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def test_toc_updated_by_libreoffice(laid_out: tuple[Built, Path]) -> None:
    built, pdf = laid_out
    assert built.report.toc.value == "libreoffice"
    toc = _pdftotext(pdf, 2)
    assert "目" in toc and "录" in toc
    pages = _pdftotext(pdf).split("\f")
    for heading in ("一、Ⅱ-3-2", "二、Ⅲ-1-1"):
        line = next(line for line in toc.splitlines() if heading in line)
        shown = int(re.search(r"(\d+)\s*$", line).group(1))  # type: ignore[union-attr]
        actual = next(i for i, text in enumerate(pages) if i > 1 and heading in text) + 1
        assert shown == actual - 2, heading  # body pages are numbered after the cover and the TOC page


def test_pdf_is_a4_with_expected_pages_and_first_indicator_text(laid_out: tuple[Built, Path]) -> None:
    _built, pdf = laid_out
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    assert "595.3" in size and "841.8" in size  # A4 in points
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages")).split()[-1])
    assert 18 <= pages <= 32  # cover, TOC, 2 tables, text, 2+10 PDF pages, photos, 3-page ledger
    body = _pdftotext(pdf, 3)
    assert "一、Ⅱ-3-2 开展“我们的节日”主题活动" in body
    assert "测评材料提交表" in body and "区委宣传部" in body
    assert re.search(r"—\s*1\s*—", body)


def test_render_pages_to_png(laid_out: tuple[Built, Path], tmp_path: Path) -> None:
    """Renders a few pages (look at them when changing the layout: pdftoppm -png -r 50)."""
    _built, pdf = laid_out
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "4", str(pdf), str(tmp_path / "page")], check=True
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == 4
