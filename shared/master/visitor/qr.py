"""A QR code as a small inline SVG (one path; runs of dark modules merged): no image request,
crisp at any size, ~2 KB for a booking code."""
from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from .html import Markup, esc


def qr_svg(data: str, label: str) -> Markup:
    qr = qrcode.QRCode(border=2, error_correction=ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix)
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return Markup(
        f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{esc(label)}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{"".join(parts)}" fill="#000"/></svg>')
