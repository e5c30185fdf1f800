from __future__ import annotations

import dataclasses

import pytest
import qrcode
from PIL import Image

from shared.adapters import ticket_preview
from shared.adapters.printer import render_escpos
from shared.adapters.ticket_layout import PAPER_58, Qr, layout_lines, sample_ticket
from shared.adapters.ticket_preview import render_preview, save_preview
from shared.cli.main import main


def dark_fraction(img: Image.Image) -> float:
    hist = img.convert("L").histogram()
    return sum(hist[:128]) / (img.width * img.height)


@pytest.mark.parametrize("width, pixels", [(58, 384), (80, 576)])
def test_preview_size_and_ink(tmp_path, width, pixels):
    path = save_preview(sample_ticket(), width, tmp_path / "t.png")
    with Image.open(path) as img:
        assert img.format == "PNG" and img.width == pixels
        assert 900 < img.height < 2000
        assert 0.04 < dark_fraction(img) < 0.5  # not blank, not a black page
        gray = img.convert("L")
        # top and bottom margins are blank paper
        assert gray.crop((0, 0, pixels, 10)).getextrema() == (255, 255)
        assert gray.crop((0, img.height - 10, pixels, img.height)).getextrema() == (255, 255)


@pytest.mark.parametrize("width", [58, 80])
def test_nothing_touches_the_paper_edges(width):
    # Without the full-width priority band, the outermost columns must stay white: any text
    # or the big number running off the paper would show up there.
    img = render_preview(dataclasses.replace(sample_ticket(), priority_label=None), width)
    assert img.crop((0, 0, 1, img.height)).getextrema() == (255, 255)
    assert img.crop((img.width - 1, 0, img.width, img.height)).getextrema() == (255, 255)


def test_big_number_is_big():
    img = render_preview(dataclasses.replace(sample_ticket(), priority_label=None), 58)
    rows = [y for y in range(img.height)
            if img.crop((0, y, img.width, y + 1)).getextrema()[0] < 128]
    # find the tallest run of consecutive inked rows: the 8x8 number
    runs, start = [], rows[0]
    for a, b in zip(rows, rows[1:] + [None]):
        if b != a + 1:
            runs.append(a - start + 1)
            start = b
    assert max(runs) >= 90  # > 11 mm tall at 203 dpi; ordinary text lines are ~20 px


def test_priority_band_is_inverted():
    img = render_preview(sample_ticket(), 58).convert("L")
    band_rows = [y for y in range(img.height) if img.getpixel((1, y)) == 0]
    assert len(band_rows) >= 40  # a double-height black band reaching the paper edge
    band = img.crop((0, band_rows[0], img.width, band_rows[-1]))
    assert band.getextrema() == (0, 255)  # with white letters in it


def test_qr_symbol_matches_the_status_url():
    (block,) = [b for b in layout_lines(sample_ticket(), PAPER_58) if isinstance(b, Qr)]
    img = ticket_preview._render_qr(block, PAPER_58)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data("http://mpp.local:8420/t/SAMPLE")
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix) * block.module_dots
    x0 = (img.width - size) // 2
    for r, row in enumerate(matrix):
        for c, cell in enumerate(row):
            centre = (x0 + c * block.module_dots + block.module_dots // 2,
                      ticket_preview.QR_GAP + r * block.module_dots + block.module_dots // 2)
            assert (img.getpixel(centre) == 0) == cell


def test_logo_and_font_fallback(tmp_path, monkeypatch):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 100), "black").save(logo)
    plain = render_preview(sample_ticket(), 58)
    with_logo = render_preview(dataclasses.replace(sample_ticket(), logo_path=logo), 58)
    assert with_logo.height > plain.height + 60
    monkeypatch.setattr(ticket_preview, "FONT_DIR", tmp_path / "no-fonts")
    ticket_preview._font.cache_clear()
    try:
        img = render_preview(sample_ticket(), 80)
        assert img.width == 576 and dark_fraction(img) > 0.03
    finally:
        ticket_preview._font.cache_clear()


# --------------------------------------------------------------------------- CLI


def test_cli_png_preview(tmp_path, capsys):
    out = tmp_path / "ticket.png"
    assert main(["ticket", "preview", "--sample", "--width", "58", "-o", str(out)]) == 0
    with Image.open(out) as img:
        assert img.width == 384
    assert "384x" in capsys.readouterr().out
    assert main(["ticket", "preview", "--sample", "--width", "80", "-o", str(out)]) == 0
    with Image.open(out) as img:
        assert img.width == 576


def test_cli_escpos_bytes(tmp_path, capsysbinary):
    out = tmp_path / "ticket.bin"
    assert main(["ticket", "preview", "--sample", "--width", "80", "--escpos", "-o", str(out)]) == 0
    assert out.read_bytes() == render_escpos(sample_ticket(), 80)
    capsysbinary.readouterr()
    assert main(["ticket", "preview", "--sample", "--escpos", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out == render_escpos(sample_ticket(), 58)


def test_cli_errors(tmp_path, capsys):
    assert main(["ticket", "preview", "--sample", "-o", str(tmp_path / "no" / "t.png")]) == 2
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["ticket", "preview", "--sample", "--width", "76", "-o", str(tmp_path / "t.png")])
    assert main(["ticket", "check", "--printer", "bogus"]) == 2
    assert "unknown connection type" in capsys.readouterr().err


def test_cli_check_and_print(tmp_path, capsys, closed_port):
    assert main(["ticket", "check", "--printer", f"net:127.0.0.1:{closed_port}"]) == 1
    out = capsys.readouterr().out
    assert "offline" in out and "Printer tiket tidak terhubung" in out
    target = tmp_path / "lp0"
    assert main(["ticket", "print", "--sample", "--printer", f"file:{target}"]) == 0
    assert target.read_bytes() == render_escpos(sample_ticket(), 58)
    assert main(["ticket", "print", "--sample", "--printer",
                 f"net:127.0.0.1:{closed_port}"]) == 2
    assert "offline:" in capsys.readouterr().err
