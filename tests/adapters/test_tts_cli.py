"""`antrean voice ...` end to end: real espeak-ng / pyttsx3, WAVs checked by parsing them."""
from __future__ import annotations

import ctypes.util
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shared.adapters.chime import chime_frames, chime_wav_bytes
from shared.adapters.tts import EspeakRenderer
from shared.adapters.wavfile import read_wav, wav_stats
from shared.cli.main import main
from shared.cli.voice_cmds import GAP_AFTER_CHIME, GAP_BETWEEN_REPEATS

ROOT = Path(__file__).resolve().parents[2]
needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng not installed (apt install espeak-ng): real speech needed")
needs_pyttsx3 = pytest.mark.skipif(
    importlib.util.find_spec("pyttsx3") is None or ctypes.util.find_library("espeak-ng") is None,
    reason="pyttsx3 or libespeak-ng1 missing")

SPEECH = "Nomor antrean a seratus dua puluh tiga, silakan menuju loket lima."


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv, sentence", [
    ([], "Nomor antrean A seratus dua puluh tiga, silakan menuju loket lima."),
    (["--agency", "Dukcapil"],
     "Nomor antrean A seratus dua puluh tiga, silakan menuju loket lima, gerai Dukcapil."),
    (["--digits"], "Nomor antrean A, satu dua tiga, silakan menuju loket lima."),
    (["--lang", "en"], "Queue number A one hundred twenty-three, please proceed to counter five."),
])
def test_voice_text(capsys, argv, sentence):
    assert run(capsys, "voice", "text", "A123", "--counter", "5", *argv) == (0, sentence + "\n", "")


@pytest.mark.parametrize("argv, message", [
    (["voice", "text", "a12", "--counter", "5"], "invalid ticket number 'a12'"),
    (["voice", "text", "A12", "--counter", "0"], "counter number must be an int >= 1"),
    (["voice", "wav", "A12", "--counter", "1", "-o", "/nonexistent-dir/x.wav"],
     "folder does not exist: /nonexistent-dir"),
    (["voice", "wav", "A12", "--counter", "1", "-o", "x.wav", "--repeats", "0"],
     "--repeats must be at least 1"),
])
def test_voice_user_errors_exit_2_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("antrean: ") and message in err and err.count("\n") == 1


def test_voice_wav_rejects_a_bad_rate(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["voice", "wav", "A1", "--counter", "1", "-o", "x.wav", "--rate", "10"])
    assert exc.value.code == 2 and "must be 80-450, got 10" in capsys.readouterr().err


@needs_espeak
def test_voice_wav_writes_the_spoken_call(tmp_path, capsys):
    out = tmp_path / "call.wav"
    code, stdout, _ = run(capsys, "voice", "wav", "A123", "--counter", "5", "-o", str(out))
    assert code == 0
    assert f"speech: {SPEECH}" in stdout and "espeak-ng voice id, rate 150" in stdout
    stats = wav_stats(out)
    assert 3.0 <= stats.duration <= 8.0 and stats.rms > 0.03
    expected = EspeakRenderer().render(SPEECH, tmp_path / "direct.wav", 150)
    assert out.read_bytes() == expected.read_bytes()  # the letter-name speech form was spoken
    assert sorted(p.name for p in tmp_path.iterdir()) == ["call.wav", "direct.wav"]


@needs_espeak
def test_voice_wav_with_chime_is_chime_gap_voice(tmp_path, capsys):
    plain, chimed = tmp_path / "plain.wav", tmp_path / "chimed.wav"
    assert run(capsys, "voice", "wav", "A123", "--counter", "5", "-o", str(plain))[0] == 0
    assert run(capsys, "voice", "wav", "A123", "--counter", "5", "-o", str(chimed),
               "--with-chime")[0] == 0
    fmt, frames = read_wav(chimed)
    _, voice = read_wav(plain)
    chime = chime_frames(fmt.framerate)  # generated at the voice's rate
    gap = bytes(2 * round(GAP_AFTER_CHIME * fmt.framerate))
    assert frames == chime + gap + voice
    assert wav_stats(chimed).duration == pytest.approx(
        wav_stats(plain).duration + 1.2 + GAP_AFTER_CHIME, abs=1e-3)


@needs_pyttsx3
def test_voice_wav_pyttsx3_with_repeats_keeps_stdout_clean(tmp_path, capsys):
    out = tmp_path / "twice.wav"
    code, stdout, err = run(capsys, "voice", "wav", "B7", "--counter", "12", "-o", str(out),
                            "--engine", "pyttsx3", "--repeats", "2", "--rate", "170")
    assert code == 0 and err == ""
    assert "Audio saved" not in stdout
    assert stdout.splitlines()[1] == "speech: Nomor antrean be tujuh, silakan menuju loket dua belas."
    once = EspeakRenderer().render("Nomor antrean be tujuh, silakan menuju loket dua belas.",
                                   tmp_path / "once.wav", 170)
    assert wav_stats(out).duration == pytest.approx(
        2 * wav_stats(once).duration + GAP_BETWEEN_REPEATS, abs=0.05)


@needs_espeak
def test_voice_wav_in_english(tmp_path, capsys):
    out = tmp_path / "en.wav"
    code, stdout, _ = run(capsys, "voice", "wav", "B7", "--counter", "12", "-o", str(out),
                          "--lang", "en")
    assert code == 0 and "voice en" in stdout
    assert "speech: Queue number bee seven, please proceed to counter twelve." in stdout
    assert wav_stats(out).rms > 0.03


def test_voice_chime(tmp_path, capsys):
    out = tmp_path / "chime.wav"
    code, stdout, _ = run(capsys, "voice", "chime", "-o", str(out), "--sample-rate", "16000")
    assert code == 0 and "1.20 s, 16000 Hz" in stdout
    assert out.read_bytes() == chime_wav_bytes(16000)
    assert run(capsys, "voice", "chime", "-o", str(out), "--sample-rate", "5")[0] == 2


@needs_espeak
def test_voice_bench_prints_json(capsys):
    code, out, _ = run(capsys, "voice", "bench", "--engine", "espeak", "--renders", "3")
    assert code == 0
    data = json.loads(out)
    espeak = data["engines"]["espeak"]
    assert data["budget_ms"] == 300 and espeak["cold_first_render_ms"] > 0
    assert espeak["warm"]["n"] == 3 and espeak["worker"]["submit_to_wav_hit"]["n"] == 2
    assert 3.0 <= espeak["audio_seconds"] <= 8.0


@needs_espeak
def test_voice_commands_in_a_fresh_process(tmp_path):
    """The real entry point (python -m shared.cli.main), as an operator would run it."""
    def antrean(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "shared.cli.main", *argv], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)

    text = antrean("voice", "text", "A123", "--counter", "5")
    assert (text.returncode, text.stdout) == (
        0, "Nomor antrean A seratus dua puluh tiga, silakan menuju loket lima.\n")
    out = tmp_path / "call.wav"
    wav = antrean("voice", "wav", "A123", "--counter", "5", "-o", str(out), "--with-chime")
    assert wav.returncode == 0, wav.stderr
    stats = wav_stats(out)
    assert 4.5 <= stats.duration <= 9.5 and stats.rms > 0.03
