"""`antrean display --screenshots DIR`: every state at the three TV sizes, as real PNGs."""
from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from display.screenshots import SCENES, SIZES
from display.views import paint
from shared.cli.main import main


def near(c: QColor, ref: QColor) -> bool:
    return abs(c.red() - ref.red()) + abs(c.green() - ref.green()) + abs(c.blue() - ref.blue()) < 20


def test_one_command_renders_every_state_at_every_size(qapp, tmp_path, capsys):
    assert main(["display", "--screenshots", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    assert len(printed) == len(SIZES) * len(SCENES)
    for width, height in SIZES:
        for scene in SCENES:
            path = tmp_path / f"display-{width}x{height}-{scene}.png"
            assert str(path) in printed
            image = QImage(str(path))
            assert (image.width(), image.height()) == (width, height), path
            # the banner row sits just under the header: red only when unreachable
            y = round(height * 0.11) + round(height * 0.03)
            banner = near(image.pixelColor(width // 100, y), paint.ALERT)
            assert banner == (scene == "unreachable"), path
