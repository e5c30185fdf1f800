"""ESC/POS bytes of one ticket: ``render_escpos(ticket, width)`` (python-escpos ``Dummy``)."""
from __future__ import annotations

import logging
import unicodedata

from escpos.constants import QR_ECLEVEL_H, QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q
from escpos.printer import Dummy

from .ticket_layout import Feed, Logo, Paper, Qr, Rule, Text, TicketPrint, layout_lines, paper_for

__all__ = ["printable", "render_escpos"]

log = logging.getLogger("shared.adapters.printer")  # the logger it always had (log config)

_QR_EC = {"L": QR_ECLEVEL_L, "M": QR_ECLEVEL_M, "Q": QR_ECLEVEL_Q, "H": QR_ECLEVEL_H}
_PRINTABLE = {"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " "}


def printable(text: str) -> str:
    """Text the printer's code page 0 (CP437, present on every ESC/POS printer) can print, one
    character for one: dashes become '-', accents are dropped, anything else unknown is '?'."""
    out = []
    for ch in text:
        ch = _PRINTABLE.get(ch, ch)
        try:
            ch.encode("cp437")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch)[:1]
            ch = base if base and base.isascii() else "?"
        out.append(ch)
    return "".join(out)


def _load_logo(block: Logo, paper: Paper):
    """The logo as a 1-bit image centred on a full-width canvas, or None if unreadable."""
    from PIL import Image

    try:
        with Image.open(block.path) as src:
            img = src.convert("RGBA")
    except (OSError, ValueError) as exc:
        log.warning("ticket logo %s not printed: %s", block.path, exc)
        return None
    background = Image.new("RGBA", img.size, "white")
    img = Image.alpha_composite(background, img).convert("L")
    img.thumbnail((block.max_width_dots, block.max_height_dots))
    canvas = Image.new("L", (paper.dots, img.height), 255)
    canvas.paste(img, ((paper.dots - img.width) // 2, 0))
    return canvas.convert("1")


def render_escpos(ticket: TicketPrint, width: int | Paper = 58, *, profile: str | None = None,
                  cut: bool = True) -> bytes:
    """The exact bytes for one ticket: init, the layout's blocks, a native QR, a full cut."""
    paper = paper_for(width)
    p = Dummy(profile=profile)
    p.hw("INIT")
    p.set(font="a")

    def style(width: int = 1, height: int = 1, bold: bool = False, align: str = "left",
              invert: bool = False) -> None:
        # GS ! for the size every time (some clones ignore ESC ! 0 as a size reset).
        p.set(custom_size=True, width=width, height=height, bold=bold, align=align,
              invert=invert)

    for block in layout_lines(ticket, paper):
        if isinstance(block, Text):
            style(block.width, block.height, block.bold, block.align, block.invert)
            p.text(printable(block.text) + "\n")
        elif isinstance(block, Rule):
            style()
            p.text(block.char * paper.columns + "\n")
        elif isinstance(block, Feed):
            style()
            p.ln(block.lines)
        elif isinstance(block, Qr):
            style(align="center")
            p.qr(block.data, ec=_QR_EC[block.ec], size=block.module_dots, native=True)
            p.ln(1)
        elif isinstance(block, Logo):
            image = _load_logo(block, paper)
            if image is not None:
                style(align="left")
                p.image(image, impl="bitImageRaster")
        else:  # pragma: no cover - a new block type must be handled here
            raise TypeError(f"unknown layout block {block!r}")
    style()
    if cut:
        p.cut(mode="FULL")  # ESC d 6 (past the cutter) + GS V 0
    return p.output
