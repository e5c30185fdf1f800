"""The panel's look: one style sheet scaled to the window (1366×768 is scale 1.0), high
contrast, fonts that cover Indonesian (DejaVu Sans, Noto Sans)."""
from __future__ import annotations

from pathlib import Path

FONT_FAMILIES = ("DejaVu Sans", "Noto Sans")
HERE = Path(__file__).parent
ARROW, CHECK_ON, CHECK_OFF = ((HERE / name).as_posix()
                              for name in ("arrow-down.svg", "check-on.svg", "check-off.svg"))
NAVY, INK, PAPER, LINE = "#12315a", "#13233a", "#f3f5f8", "#c9d2de"
GREEN, AMBER, RED, BLUE = "#1b7a3a", "#b86e00", "#b3261e", "#1f5fa8"


def scale_for(width: int, height: int) -> float:
    return max(0.8, min(width / 1366, height / 768))


def stylesheet(scale: float) -> str:
    def px(n: float) -> str:
        return f"{max(1, round(n * scale))}px"

    families = ", ".join(f'"{f}"' for f in FONT_FAMILIES)
    return f"""
    QWidget {{ font-family: {families}; font-size: {px(17)}; color: {INK}; }}
    CounterWindow, QStackedWidget#pages {{ background: {PAPER}; }}
    QFrame#header {{ background: {NAVY}; }}
    QFrame#header QLabel {{ color: white; }}
    QLabel#headerTitle {{ font-size: {px(24)}; font-weight: bold; }}
    QLabel#headerSub {{ font-size: {px(16)}; color: #d6e2f3; }}
    QLabel#statusBadge {{ font-size: {px(18)}; font-weight: bold; padding: {px(4)} {px(14)};
        border-radius: {px(6)}; }}
    QLabel#statusBadge[state="open"] {{ background: {GREEN}; }}
    QLabel#statusBadge[state="paused"] {{ background: {AMBER}; }}
    QLabel#statusBadge[state="closed"] {{ background: {RED}; }}
    QFrame#card, QFrame#side, QFrame#sheet, QFrame#loginBox {{ background: white;
        border: 1px solid {LINE}; border-radius: {px(10)}; }}
    QFrame#card QLabel, QFrame#side QLabel, QFrame#sheet QLabel, QFrame#loginBox QLabel {{
        background: transparent; border: none; }}
    QLabel#cardCaption, QLabel#sideCaption {{ font-size: {px(15)}; font-weight: bold;
        color: #4a5b73; letter-spacing: 1px; }}
    QLabel#ticketNumber {{ font-size: {px(104)}; font-weight: bold; color: {NAVY}; }}
    QLabel#ticketStatus {{ font-size: {px(20)}; font-weight: bold; color: {BLUE}; }}
    QLabel#ticketStatus[serving="true"] {{ color: {GREEN}; }}
    QLabel#ticketService {{ font-size: {px(26)}; font-weight: bold; }}
    QLabel#ticketPriority {{ font-size: {px(19)}; }}
    QLabel#ticketPriority[priority="true"] {{ color: {RED}; font-weight: bold; }}
    QLabel#ticketDetails {{ font-size: {px(18)}; color: #34455e; }}
    QLabel#infoKey {{ font-weight: bold; color: #4a5b73; }}
    QLabel#empty {{ font-size: {px(30)}; color: #6a7a90; }}
    QLabel#emptyHint {{ font-size: {px(19)}; color: #6a7a90; }}
    QLabel#pausedTitle {{ font-size: {px(44)}; font-weight: bold; color: {AMBER}; }}
    QLabel#closedTitle {{ font-size: {px(44)}; font-weight: bold; color: {RED}; }}
    QLabel#pausedText {{ font-size: {px(24)}; }}
    QLabel#waitingCount {{ font-size: {px(64)}; font-weight: bold; color: {NAVY}; }}
    QLabel#small {{ font-size: {px(15)}; color: #34455e; }}
    QLabel#historyNumber {{ font-weight: bold; }}
    QPushButton {{ background: #e3e9f1; border: 1px solid {LINE}; border-radius: {px(8)};
        padding: {px(6)} {px(10)}; font-size: {px(17)}; min-height: {px(44)}; }}
    QPushButton:pressed {{ background: #cdd7e4; }}
    QPushButton:disabled {{ color: #9aa6b6; background: #eef1f5; border-color: #dde3ea; }}
    QPushButton#action {{ font-size: {px(18)}; font-weight: bold; min-height: {px(66)};
        text-align: center; }}
    QPushButton#action[role="primary"] {{ background: {GREEN}; color: white; border: none; }}
    QPushButton#action[role="primary"]:disabled {{ background: #a9c7b3; color: #eef4f0; }}
    QPushButton#action[role="warn"] {{ background: #fbe9d0; border-color: #e6c08a; }}
    QPushButton#action[role="pause"] {{ background: #fff3d6; border-color: #e6cf8a; }}
    QPushButton#action[role="warn"]:disabled, QPushButton#action[role="pause"]:disabled {{
        color: #9aa6b6; background: #eef1f5; border-color: #dde3ea; }}
    QPushButton#big {{ font-size: {px(24)}; font-weight: bold; min-height: {px(70)};
        background: {GREEN}; color: white; border: none; padding: 0 {px(30)}; }}
    QPushButton#big:disabled {{ background: #a9c7b3; }}
    QPushButton#pinKey {{ font-size: {px(26)}; font-weight: bold; min-height: {px(58)}; }}
    QPushButton#pinKeyText {{ font-size: {px(17)}; font-weight: bold; min-height: {px(58)};
        padding: 0; }}
    QPushButton#link {{ background: transparent; border: none; color: {BLUE};
        text-decoration: underline; min-height: {px(30)}; }}
    QLineEdit, QComboBox {{ font-size: {px(22)}; padding: {px(6)} {px(10)};
        border: 2px solid {LINE}; border-radius: {px(6)}; background: white;
        min-height: {px(40)}; }}
    QLineEdit:focus, QComboBox:focus {{ border-color: {BLUE}; }}
    QComboBox::drop-down {{ border: none; width: {px(40)}; }}
    QComboBox::down-arrow {{ image: url({ARROW}); width: {px(20)}; height: {px(20)}; }}
    QComboBox QAbstractItemView {{ font-size: {px(20)}; }}
    QListWidget {{ font-size: {px(20)}; border: 1px solid {LINE}; border-radius: {px(6)};
        background: white; }}
    QListWidget::item {{ padding: {px(8)} {px(6)}; border-bottom: 1px solid #e6ebf1; }}
    QListWidget::item:selected {{ background: {BLUE}; color: white; }}
    QListWidget::indicator {{ width: {px(28)}; height: {px(28)}; margin-right: {px(8)}; }}
    QListWidget::indicator:checked {{ image: url({CHECK_ON}); }}
    QListWidget::indicator:unchecked {{ image: url({CHECK_OFF}); }}
    QLabel#sheetTitle {{ font-size: {px(26)}; font-weight: bold; color: {NAVY}; }}
    QLabel#loginTitle {{ font-size: {px(34)}; font-weight: bold; color: {NAVY}; }}
    QLabel#siteName {{ font-size: {px(18)}; color: #4a5b73; }}
    QFrame#footer {{ background: #e4e9f0; border-top: 1px solid {LINE}; }}
    QLabel#message {{ font-size: {px(18)}; font-weight: bold; }}
    QLabel#message[level="error"] {{ color: {RED}; }}
    QLabel#message[level="info"] {{ color: {GREEN}; }}
    QLabel#message[level="warn"] {{ color: {AMBER}; }}
    QLabel#connection {{ font-size: {px(15)}; color: #34455e; }}
    QLabel#connection[ok="false"] {{ color: {RED}; font-weight: bold; }}
    """


def repolish(widget, **properties: object) -> None:
    """Set dynamic properties used by the style sheet and re-apply it."""
    for key, value in properties.items():
        widget.setProperty(key, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
