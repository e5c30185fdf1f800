"""Texts of the back office in Bahasa Indonesia (default, KBBI spelling: antrean, nomor,
silakan) and English. ``t(lang, key, **values)``; a missing key shows as ⟦key⟧ (tests look for
that marker on every page)."""
from __future__ import annotations

from .texts_live import TEXTS as _LIVE
from .texts_pages import TEXTS as _PAGES
from .texts_ui import TEXTS as _UI

LANGS = ("id", "en")
TEXTS: dict[str, tuple[str, str]] = {**_UI, **_PAGES, **_LIVE}


def has(key: str) -> bool:
    return key in TEXTS


def t(lang: str, key: str, **values) -> str:
    pair = TEXTS.get(key)
    if pair is None:
        return f"⟦{key}⟧"
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text
