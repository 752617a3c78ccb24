"""Signals end the game cleanly (issue 16.8): the terminal is handed back as it was found."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.engine import Settings

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "stories" / "good"


def start_in_a_terminal(data_dir: Path, **settings: object) -> tuple[subprocess.Popen[bytes], int]:
    """The game on the fixture story in a pseudo-terminal of its own, its content note read:
    (the process, the terminal's master end)."""
    saved = Settings(data_dir)
    saved.data.update({"content_note_seen": True, **settings})
    saved.save()
    master, slave = pty.openpty()
    env = dict(os.environ, BALLERINA_DATA_DIR=str(data_dir), TERM="xterm-256color", COLUMNS="80", LINES="24")
    proc = subprocess.Popen([sys.executable, "-m", "game", "--scenes", str(GOOD)], stdin=slave, stdout=slave,
                            stderr=slave, env=env, cwd=ROOT, start_new_session=True)
    os.close(slave)
    return proc, master


def run_until_painted_then(signum: int, data_dir: Path) -> tuple[int, bytes]:
    """Start the game in a pseudo-terminal, wait for the title, send `signum`; (exit code, output)."""
    proc, master = start_in_a_terminal(data_dir)
    out = b""
    deadline = time.monotonic() + 30
    sent = False
    while proc.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                out += os.read(master, 65536)
            except OSError:
                break
        if not sent and b"New game" in out:
            time.sleep(0.3)
            proc.send_signal(signum)
            sent = True
    try:
        code = proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    try:
        while select.select([master], [], [], 0.05)[0]:
            out += os.read(master, 65536)
    except OSError:
        pass
    os.close(master)
    assert sent, out[-500:]
    return code, out


@pytest.mark.parametrize("signum", [signal.SIGQUIT, signal.SIGTERM])
def test_a_signal_leaves_the_terminal_as_it_was(signum, data_dir):
    code, out = run_until_painted_then(signum, data_dir)
    assert code == 0
    tail = out[out.rindex(b"New game"):]
    assert b"\x1b[?1049l" in tail  # the alternate screen left: the shell's screen is back
    assert b"\x1b[?25h" in tail  # the cursor shown again


def test_a_terminal_closed_just_after_a_choice_still_ends_the_game_cleanly_with_the_choice_saved(data_dir):
    """The terminal window closed: SIGHUP to the game, and its terminal gone, right after a
    choice. The goodbye line cannot be printed; the game still exits 0, the choice autosaved."""
    proc, master = start_in_a_terminal(data_dir, chapter_notes=False, text_speed="instant")
    out, sent = b"", b""
    deadline = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < deadline and sent != b"n2!":
        if select.select([master], [], [], 0.05)[0]:
            out += os.read(master, 65536)
        if not sent and b"New game" in out:
            time.sleep(0.3)
            os.write(master, sent := b"n")
        elif sent == b"n" and b"You wake" in out:
            time.sleep(0.3)
            os.write(master, b"2")  # Blue
            sent = b"n2"
        elif sent == b"n2" and b"Blue it is" in out:  # painted: the window closes at once
            os.killpg(proc.pid, signal.SIGHUP)
            os.close(master)
            sent = b"n2!"
    try:
        code = proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert sent == b"n2!", out[-300:]
    assert code == 0
    saved = next(data_dir.glob("other-stories/*/saves/autosave.json"))
    assert '"scene": "one_middle"' in saved.read_text()
