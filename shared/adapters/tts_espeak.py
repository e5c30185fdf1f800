"""``EspeakRenderer``: runs ``espeak-ng -v id -s RATE -a AMP -w out.wav -- TEXT`` in a subprocess
(no shared state; a hung engine can be killed by a timeout). The default renderer."""
from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from .tts_base import (DEFAULT_RATE, DEFAULT_VOLUME, EngineUnavailable, RenderError,
                       VoiceNotFound, _check_request, _finish, _temp_beside)

__all__ = ["EspeakRenderer", "espeak_voices"]


_VOICES_LINE = re.compile(r"^\s*(\d+)\s+(\S+)\s+(\S+)\s+(.+?)\s+(\S+)(?:\s+(.*))?$")


def espeak_voices(executable: str = "espeak-ng") -> list[tuple[str, str]]:
    """(language, voice file) pairs from ``espeak-ng --voices``, e.g. ("id", "poz/id")."""
    try:
        out = subprocess.run([executable, "--voices"], capture_output=True, text=True,
                             timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    voices = []
    for line in out.splitlines()[1:]:
        m = _VOICES_LINE.match(line)
        if m:
            voices.append((m.group(2), m.group(5)))
    return voices


def _voice_list(pairs: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{lang} ({ident})" for lang, ident in pairs) or "none"


class EspeakRenderer:
    """``espeak-ng`` in a subprocess per sentence (~15 ms for a call on a desktop CPU)."""

    engine = "espeak-ng"

    def __init__(self, language: str = "id", executable: str = "espeak-ng",
                 timeout: float = 15.0) -> None:
        self.voice = language
        self.executable = executable
        self.timeout = timeout

    def _resolve(self) -> str:
        exe = shutil.which(self.executable)
        if exe is None:
            raise EngineUnavailable(
                f"{self.executable!r} not found; install the Debian package espeak-ng")
        return exe

    def render(self, text: str, path: Path, rate: int = DEFAULT_RATE,
               volume: float = DEFAULT_VOLUME) -> Path:
        text = _check_request(text, rate, volume)
        path = Path(path)
        tmp = _temp_beside(path)
        # "--": a sentence starting with "-" is text, not an option.
        cmd = [self._resolve(), "-v", self.voice, "-s", str(rate), "-a", str(round(volume * 100)),
               "-w", str(tmp), "--", text]
        try:
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout)
            except subprocess.TimeoutExpired as exc:
                raise RenderError(f"espeak-ng took longer than {self.timeout} s") from exc
            except OSError as exc:
                raise EngineUnavailable(f"cannot run {self.executable!r}: {exc}") from exc
            if proc.returncode != 0:
                err = proc.stderr.strip()
                if "voice does not exist" in err:
                    raise VoiceNotFound(
                        f"espeak-ng has no voice {self.voice!r}; available: "
                        f"{_voice_list(espeak_voices(self.executable))}")
                raise RenderError(f"espeak-ng failed (exit {proc.returncode}): {err}")
            return _finish(tmp, path, self.engine)
        finally:
            tmp.unlink(missing_ok=True)
