"""Product pictures drawn locally with Pillow, so the demo needs no network and no assets."""

from __future__ import annotations

import colorsys
import hashlib
import io
import textwrap
from functools import cache

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

SIZE = 600
MARGIN = 48


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled font: nothing to install, and it scales (Pillow >= 10.1 with FreeType).
    return ImageFont.load_default(size=size)


def colour_for(sku: str) -> tuple[int, int, int]:
    """A soft colour that depends only on the SKU, so an image looks the same on every load."""
    digest = hashlib.sha256(sku.encode()).digest()
    hue = digest[0] / 255
    red, green, blue = colorsys.hls_to_rgb(hue, 0.62, 0.45)
    return round(red * 255), round(green * 255), round(blue * 255)


def _ink_for(background: tuple[int, int, int]) -> tuple[int, int, int]:
    luminance = 0.299 * background[0] + 0.587 * background[1] + 0.114 * background[2]
    return (33, 37, 41) if luminance > 150 else (255, 255, 255)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Greedy word wrap measured in pixels, falling back on characters for very long words."""
    for chars in range(28, 8, -2):
        lines = textwrap.wrap(text, width=chars)
        if all(draw.textlength(line, font=font) <= width for line in lines):
            return lines
    return textwrap.wrap(text, width=8)


def product_image_bytes(*, sku: str, title: str, subtitle: str = "") -> bytes:
    """A 600x600 JPEG: a background coloured from the SKU with the title set on it."""
    background = colour_for(sku)
    ink = _ink_for(background)
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image)

    # A lighter panel behind the text, so it reads like a product card rather than a swatch.
    panel = tuple(min(255, channel + 28) for channel in background)
    draw.rounded_rectangle(
        (MARGIN // 2, MARGIN // 2, SIZE - MARGIN // 2, SIZE - MARGIN // 2),
        radius=36,
        fill=panel,
    )

    title_font = _font(44)
    lines = _wrap(draw, title, title_font, SIZE - 2 * MARGIN)[:5]
    line_height = 56
    top = (SIZE - line_height * len(lines)) // 2
    for index, line in enumerate(lines):
        draw.text(
            (SIZE // 2, top + index * line_height + line_height // 2),
            line,
            font=title_font,
            fill=ink,
            anchor="mm",
        )
    if subtitle:
        draw.text((SIZE // 2, MARGIN + 20), subtitle.upper(), font=_font(24), fill=ink, anchor="mm")
    draw.text((SIZE // 2, SIZE - MARGIN - 16), sku, font=_font(20), fill=ink, anchor="mm")

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def product_image_file(*, sku: str, title: str, subtitle: str = "") -> ContentFile:
    """The image as a named file, ready for ``ProductImage.original``."""
    data = product_image_bytes(sku=sku, title=title, subtitle=subtitle)
    return ContentFile(data, name=f"{sku.lower()}.jpg")
