"""The ticket as a PNG, from the same layout blocks the printer gets (``ticket_layout``).

One pixel is one printer dot (203 dpi): 384 px wide for 58 mm, 576 px for 80 mm. A font-A cell
is 12 x 24 dots times the block's width/height multipliers; text is drawn in DejaVu Sans (when
installed, else Pillow's default font), fitted to its cells and never wider than the paper.
The QR code uses the printer's module size, so its printed size matches.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from .ticket_layout import (Feed, Logo, Paper, Qr, Rule, Text, TicketPrint, layout_lines,
                            paper_for)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
CELL_W, CELL_H = 12, 24  # font A
LINE_SPACING = 30  # ESC/POS default line feed, dots (1/6 inch at ~180 dpi units)
MARGIN_TOP = 16
MARGIN_BOTTOM = 40  # stands for the feed to the cutter
QR_GAP = 8

_QR_EC = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
          "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}


@lru_cache(maxsize=64)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: fixed bitmap font
        return ImageFont.load_default()


def _line_height(block: Text) -> int:
    return max(LINE_SPACING, CELL_H * block.height + 6)


def _render_text_line(block: Text, paper: Paper) -> Image.Image:
    """One text line as an L image of the paper's width."""
    height = _line_height(block)
    line = Image.new("L", (paper.dots, height), 255)
    if block.invert:
        # The layout pads inverted text to the full line: a black band, like GS B on paper.
        band_w = min(paper.dots, len(block.text) * CELL_W * block.width)
        band_x = {"left": 0, "right": paper.dots - band_w}.get(
            block.align, (paper.dots - band_w) // 2)
        ImageDraw.Draw(line).rectangle((band_x, 0, band_x + band_w - 1, height - 1), fill=0)
    stripped = block.text.strip()
    if not stripped:
        return line
    # Drawn at the height multiplier (glyphs about as tall as the printer's), then squeezed or
    # stretched to the width multiplier, then shrunk if it would not fit the paper.
    font = _font(max(6, round(CELL_H * block.height * 0.8)), block.bold)
    ascent, descent = font.getmetrics() if hasattr(font, "getmetrics") else (CELL_H, 0)
    glyphs_w = max(1, round(font.getlength(stripped)))
    glyphs_h = ascent + descent
    mask = Image.new("L", (glyphs_w, glyphs_h), 0)
    ImageDraw.Draw(mask).text((0, 0), stripped, font=font, fill=255)
    target_w = max(1, round(glyphs_w * block.width / block.height))
    target_h = glyphs_h
    room = paper.dots - 8
    if target_w > room:  # never clip
        target_h = max(1, round(target_h * room / target_w))
        target_w = room
    if (target_w, target_h) != mask.size:
        mask = mask.resize((target_w, target_h), Image.LANCZOS)
    if block.align == "left":
        # Leading spaces are a hanging indent under a "- " bullet: line up with the bullet's
        # text as drawn in this (proportional) font.
        spaces = len(block.text) - len(block.text.lstrip(" "))
        indent = round(font.getlength("-" + " " * (spaces - 1)) * target_w / glyphs_w) \
            if spaces else 0
        x = max(0, min(indent + 2, paper.dots - target_w))
    elif block.align == "right":
        x = paper.dots - target_w
    else:
        x = (paper.dots - target_w) // 2
    y = max(0, (height - target_h) // 2)
    line.paste(255 if block.invert else 0, (x, y), mask)
    return line


def _render_rule(block: Rule, paper: Paper) -> Image.Image:
    img = Image.new("L", (paper.dots, LINE_SPACING), 255)
    draw = ImageDraw.Draw(img)
    y = LINE_SPACING // 2
    for col in range(paper.columns):  # one dash per column, like the printed "-----"
        x = col * CELL_W
        draw.line((x + 2, y, x + CELL_W - 3, y), fill=0, width=2)
    return img


def _render_qr(block: Qr, paper: Paper) -> Image.Image:
    code = qrcode.QRCode(error_correction=_QR_EC[block.ec], box_size=block.module_dots, border=0)
    code.add_data(block.data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix) * block.module_dots
    symbol = Image.new("L", (len(matrix), len(matrix)), 255)
    symbol.putdata([0 if cell else 255 for row in matrix for cell in row])
    symbol = symbol.resize((size, size), Image.NEAREST)
    img = Image.new("L", (paper.dots, size + 2 * QR_GAP), 255)
    img.paste(symbol, ((paper.dots - min(size, paper.dots)) // 2, QR_GAP))
    return img


def _render_logo(block: Logo, paper: Paper) -> Image.Image | None:
    from .printer import _load_logo  # the exact 1-bit image the printer receives

    logo = _load_logo(block, paper)
    return logo.convert("L") if logo is not None else None


def render_preview(ticket: TicketPrint, width: int | Paper = 58) -> Image.Image:
    """The ticket as a greyscale image, one pixel per printer dot."""
    paper = paper_for(width)
    parts: list[Image.Image] = []
    for block in layout_lines(ticket, paper):
        if isinstance(block, Text):
            parts.append(_render_text_line(block, paper))
        elif isinstance(block, Rule):
            parts.append(_render_rule(block, paper))
        elif isinstance(block, Feed):
            parts.append(Image.new("L", (paper.dots, LINE_SPACING * block.lines), 255))
        elif isinstance(block, Qr):
            parts.append(_render_qr(block, paper))
        elif isinstance(block, Logo):
            logo = _render_logo(block, paper)
            if logo is not None:
                parts.append(logo)
        else:  # pragma: no cover
            raise TypeError(f"unknown layout block {block!r}")
    height = MARGIN_TOP + sum(p.height for p in parts) + MARGIN_BOTTOM
    page = Image.new("L", (paper.dots, height), 255)
    y = MARGIN_TOP
    for part in parts:
        page.paste(part, (0, y))
        y += part.height
    return page


def save_preview(ticket: TicketPrint, width: int | Paper, path: Path | str) -> Path:
    path = Path(path)
    render_preview(ticket, width).save(path, format="PNG", optimize=True)
    return path
