"""Scanned reports: the generator's PDFs (LibreOffice) rendered to page images as a scanner would make
them — 150 to 300 dpi, turned a little (±1.5°), slightly blurred, JPEG-compressed — and saved as an
image-only PDF (``pdf_scan``) or as one long PNG of the pages stacked (``png_scan``, the long pictures
sites post). The gold is the generator's record: the text on the images is exactly the PDF's.

Every choice is drawn from a generator seeded by the report's PDF bytes: same report, same bytes.
"""
from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass

DPIS = (150, 200, 300)
MAX_ANGLE = 1.5
BLUR = (0.3, 0.9)        # Gaussian blur radius range (pixels at 200 dpi)
JPEG_QUALITY = (70, 90)


@dataclass
class ScanStyle:
    dpi: int
    angles: list[float]   # per page, degrees
    blur: float
    quality: int


def style_for(pdf: bytes, n_pages: int) -> ScanStyle:
    rng = random.Random(hashlib.sha256(pdf).hexdigest())
    return ScanStyle(rng.choice(DPIS), [round(rng.uniform(-MAX_ANGLE, MAX_ANGLE), 2) for _ in range(n_pages)],
                     round(rng.uniform(*BLUR), 2), rng.randint(*JPEG_QUALITY))


def page_images(pdf: bytes, style: ScanStyle | None = None):
    """The PDF's pages as scanned grayscale PIL images, and the style used."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    doc = pdfium.PdfDocument(pdf)
    try:
        style = style or style_for(pdf, len(doc))
        out = []
        for i in range(len(doc)):
            page = doc[i]
            im = page.render(scale=style.dpi / 72.0, grayscale=True).to_pil().convert("L")
            page.close()
            im = im.rotate(style.angles[i % len(style.angles)], resample=Image.BICUBIC, fillcolor=255)
            im = im.filter(ImageFilter.GaussianBlur(style.blur * style.dpi / 200))
            out.append(im)
    finally:
        doc.close()
    return out, style


def _jpeg_round_trip(im, quality: int):
    from PIL import Image

    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def scan_pdf(pdf: bytes) -> bytes:
    """An image-only PDF of the scanned pages (JPEG images, no text layer)."""
    images, style = page_images(pdf)
    buf = io.BytesIO()
    fixed = "D:20000101000000"
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=float(style.dpi),
                   quality=style.quality, creationDate=fixed, modDate=fixed, producer="gksynth")
    return buf.getvalue()


def scan_png(pdf: bytes) -> bytes:
    """One long PNG: the scanned pages (JPEG-degraded) stacked top to bottom."""
    from PIL import Image

    images, style = page_images(pdf)
    images = [_jpeg_round_trip(im, style.quality) for im in images]
    width = max(im.width for im in images)
    long = Image.new("L", (width, sum(im.height for im in images)), 255)
    y = 0
    for im in images:
        long.paste(im, (0, y))
        y += im.height
    buf = io.BytesIO()
    long.save(buf, "PNG", dpi=(style.dpi, style.dpi), optimize=False)
    return buf.getvalue()
