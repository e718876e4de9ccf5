"""PDF pages as pictures (scanned 红头文件 are the common case), a few pages per file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wenming_submit.assemble.images import encode_jpeg
from wenming_submit.assemble.word import texts
from wenming_submit.assemble.word.pictures import px_for

MAX_PAGES = 10
"""Pages shown per PDF; the rest is referred to the attachment."""
PAGE_BOX = (140 * 36000, 180 * 36000)
"""Placed size of a page (EMU): 140 × 180 mm leaves room for two headings and a caption on the 225 mm 版心."""
PAGE_DPI = 150


@dataclass
class RenderedPdf:
    pages: int = 0
    images: list[tuple[bytes, tuple[int, int]]] = field(default_factory=list)


def _reason(exc: Exception) -> str:
    """PDFium's English error as a short Chinese reason."""
    message = str(exc).lower()
    for key, reason in texts.PDFIUM_REASONS.items():
        if key in message:
            return reason
    return texts.PDFIUM_OTHER


def render_pdf(path: Path, max_pages: int = MAX_PAGES) -> RenderedPdf:
    """Render the first `max_pages` pages as JPEG. Raises ValueError with a Chinese reason."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ValueError(texts.PDF_ENCRYPTED) from exc
        raise ValueError(texts.PDF_FAILED.format(reason=_reason(exc))) from exc
    try:
        result = RenderedPdf(pages=len(pdf))
        max_side = px_for(PAGE_BOX[1], PAGE_DPI)
        for index in range(min(max_pages, result.pages)):
            page = pdf[index]
            width, height = page.get_size()
            scale = min(max_side / max(width, height, 1.0), 4.0)
            image = page.render(scale=scale).to_pil()
            page.close()
            blob = encode_jpeg(image.convert("RGB"), max_side_px=max_side, quality=75)
            result.images.append((blob, image.size))
        return result
    except pdfium.PdfiumError as exc:
        raise ValueError(texts.PDF_FAILED.format(reason=_reason(exc))) from exc
    finally:
        pdf.close()
