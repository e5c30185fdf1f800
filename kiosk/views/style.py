"""Sizes, colours and the style sheet, scaled to the screen.

Everything scales with the short side of the window (1080 px = 1.0, so 1024x600 is 0.56), with
floors that keep text readable at arm's length and touch targets at least ~9 mm on a 7-10"
panel. Colours are high contrast (text on its background >= 7:1; closed items >= 4.5:1)."""
from __future__ import annotations

from dataclasses import dataclass

FONT_FAMILIES = ["Noto Sans", "DejaVu Sans"]

BG = "#EEF2F7"
SURFACE = "#FFFFFF"
BORDER = "#AEB8C6"
TEXT = "#0E1726"
MUTED = "#3B4657"
HEADER = "#0B2545"
PRIMARY = "#0B4F9C"
PRIMARY_DOWN = "#083B75"
OK = "#17622F"
CLOSED_BG = "#E1E5EA"
CLOSED_TEXT = "#444C59"
CLOSED_STATUS = "#8E1B1B"
WARN_BG = "#FFE9A8"
WARN_TEXT = "#4A3000"
DANGER = "#A4161A"


@dataclass(frozen=True)
class Metrics:
    scale: float

    def px(self, value: float, floor: int = 1) -> int:
        return max(floor, round(value * self.scale))

    @property
    def huge(self) -> int:  # the queue number
        return self.px(300, 110)

    @property
    def title(self) -> int:
        return self.px(58, 30)

    @property
    def heading(self) -> int:
        return self.px(40, 22)

    @property
    def body(self) -> int:
        return self.px(31, 18)

    @property
    def small(self) -> int:
        return self.px(24, 15)

    @property
    def button_font(self) -> int:
        return self.px(34, 19)

    @property
    def button_h(self) -> int:
        return self.px(100, 56)

    @property
    def key_h(self) -> int:
        return self.px(84, 46)

    @property
    def pad(self) -> int:
        return self.px(24, 10)

    @property
    def gap(self) -> int:
        return self.px(18, 8)

    @property
    def radius(self) -> int:
        return self.px(16, 8)


def metrics_for(width: int, height: int) -> Metrics:
    return Metrics(round(max(0.4, min(width, height) / 1080), 3))


def stylesheet(m: Metrics) -> str:
    fam = ", ".join(f'"{f}"' for f in FONT_FAMILIES)
    return f"""
    QWidget {{ font-family: {fam}; font-size: {m.body}px; color: {TEXT}; }}
    #KioskWindow, QStackedWidget, QScrollArea, #ScrollBody {{ background: {BG}; }}
    #Header {{ background: {HEADER}; }}
    #Header QLabel {{ color: white; font-size: {m.heading}px; font-weight: bold; }}
    #Footer {{ background: {SURFACE}; border-top: 2px solid {BORDER}; }}
    #Footer QLabel {{ font-size: {m.small}px; color: {MUTED}; }}
    #Footer QLabel[bad="true"] {{ color: {DANGER}; font-weight: bold; }}
    QLabel[role="title"] {{ font-size: {m.title}px; font-weight: bold; }}
    QLabel[role="heading"] {{ font-size: {m.heading}px; font-weight: bold; }}
    QLabel[role="muted"] {{ color: {MUTED}; }}
    QLabel[role="small"] {{ font-size: {m.small}px; color: {MUTED}; }}
    QLabel[role="number"] {{ font-size: {m.huge}px; font-weight: bold; color: {PRIMARY}; }}
    QLabel[role="banner-ok"] {{ background: {OK}; color: white; font-weight: bold;
        padding: {m.pad // 2}px {m.pad}px; border-radius: {m.radius}px; }}
    QLabel[role="banner-warn"] {{ background: {WARN_BG}; color: {WARN_TEXT}; font-weight: bold;
        padding: {m.pad // 2}px {m.pad}px; border-radius: {m.radius}px;
        border: 2px solid {WARN_TEXT}; }}
    QLabel[role="banner-closed"] {{ background: {CLOSED_BG}; color: {CLOSED_STATUS};
        font-weight: bold; padding: {m.pad // 2}px {m.pad}px; border-radius: {m.radius}px; }}
    QLabel[role="priority"] {{ background: {TEXT}; color: white; font-weight: bold;
        padding: {m.pad // 3}px {m.pad}px; border-radius: {m.radius // 2}px; }}
    QFrame[role="card"] {{ background: {SURFACE}; border: 2px solid {BORDER};
        border-radius: {m.radius}px; }}
    QFrame[role="card"] QLabel {{ background: transparent; border: none; }}
    QPushButton {{ min-height: {m.button_h}px; font-size: {m.button_font}px; font-weight: bold;
        border-radius: {m.radius}px; padding: 0 {m.pad}px; background: {SURFACE};
        color: {PRIMARY}; border: 3px solid {PRIMARY}; }}
    QPushButton:pressed {{ background: {CLOSED_BG}; }}
    QPushButton[role="primary"] {{ background: {PRIMARY}; color: white; border: none; }}
    QPushButton[role="primary"]:pressed {{ background: {PRIMARY_DOWN}; }}
    QPushButton:disabled, QPushButton[role="primary"]:disabled {{ background: {CLOSED_BG};
        color: {CLOSED_TEXT}; border: 2px solid {BORDER}; }}
    QPushButton[role="header"] {{ min-height: {m.px(70, 40)}px; font-size: {m.small}px;
        background: transparent; color: white; border: 2px solid white; }}
    QPushButton[role="key"] {{ min-height: {m.key_h}px; min-width: {m.px(60, 30)}px;
        padding: 0; color: {TEXT}; border: 2px solid {BORDER}; font-size: {m.body}px; }}
    QPushButton[role="search"] {{ text-align: left; color: {TEXT}; font-weight: normal;
        border: 3px solid {TEXT}; background: {SURFACE}; }}
    QPushButton[role="search"][empty="true"] {{ color: {MUTED}; }}
    QScrollBar:vertical {{ width: {m.px(36, 22)}px; background: {CLOSED_BG}; }}
    QScrollBar::handle:vertical {{ background: {MUTED}; min-height: {m.px(80, 40)}px;
        border-radius: {m.px(10, 6)}px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
    """
