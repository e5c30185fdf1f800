"""`antrean display` options (the common ones come from shared/cli/apps_cmds.py). No Qt here."""
from __future__ import annotations

import argparse
from pathlib import Path

MIN_RATE, MAX_RATE, DEFAULT_RATE = 80, 450, 150  # words per minute (espeak-ng's range)


def _rate(value: str) -> int:
    try:
        rate = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not MIN_RATE <= rate <= MAX_RATE:
        raise argparse.ArgumentTypeError(f"must be {MIN_RATE}-{MAX_RATE}, got {rate}")
    return rate


def _volume(value: str) -> float:
    try:
        volume = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= volume <= 2.0:
        raise argparse.ArgumentTypeError(f"must be 0.0-2.0, got {volume}")
    return volume


def _repeats(value: str) -> int:
    try:
        repeats = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= repeats <= 5:
        raise argparse.ArgumentTypeError(f"must be 1-5, got {repeats}")
    return repeats


def add_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_argument_group("what this display shows")
    where.add_argument("--zone", metavar="ZONE", default=None,
                       help="only counters of this zone/floor (the catalog's zone, e.g. "
                            "\"Lantai 1\")")
    where.add_argument("--agency", metavar="CODE", action="append", default=None,
                       help="only counters and waiting counts of this agency code (repeatable)")
    where.add_argument("--logo", type=Path, default=None, help="MPP logo image (PNG/SVG)")
    where.add_argument("--ticker", metavar="TEXT", default=None,
                       help="running text (default: the site's, else a welcome line)")
    where.add_argument("--slides", type=Path, metavar="DIR", default=None,
                       help="folder of images for the slide area (until the master serves them)")

    voice = parser.add_argument_group("voice announcements")
    voice.add_argument("--voice", action=argparse.BooleanOptionalAction, default=True,
                       help="announce calls with a chime and Indonesian speech (default: on)")
    voice.add_argument("--voice-rate", type=_rate, default=DEFAULT_RATE,
                       help=f"words per minute, {MIN_RATE}-{MAX_RATE} (default {DEFAULT_RATE})")
    voice.add_argument("--voice-volume", type=_volume, default=1.0,
                       help="speech volume 0.0-2.0, 1.0 = engine default (default 1.0)")
    voice.add_argument("--voice-repeats", type=_repeats, default=1,
                       help="say each call this many times (1-5, default 1)")
    voice.add_argument("--with-agency-name", action="store_true",
                       help="append the agency (\"..., gerai Dukcapil\"): counter numbers repeat "
                            "across agencies")
    voice.add_argument("--digits", action="store_true",
                       help="read numbers digit by digit (\"A, nol nol lima\")")
    voice.add_argument("--voice-engine", choices=("espeak", "pyttsx3"), default="espeak",
                       help="espeak: espeak-ng subprocess (default); pyttsx3: in process")
    voice.add_argument("--voice-cache", type=Path, default=None,
                       help="folder of rendered phrases (default ~/.cache/antrean/voice)")
