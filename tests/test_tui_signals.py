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


def run_until_painted_then(signum: int, data_dir: Path) -> tuple[int, bytes]:
    """Start the game in a pseudo-terminal, wait for the title, send `signum`; (exit code, output)."""
    settings = Settings(data_dir)
    settings.data["content_note_seen"] = True
    settings.save()
    master, slave = pty.openpty()
    env = dict(os.environ, BALLERINA_DATA_DIR=str(data_dir), TERM="xterm-256color", COLUMNS="80", LINES="24")
    proc = subprocess.Popen([sys.executable, "-m", "game", "--scenes", str(GOOD)], stdin=slave, stdout=slave,
                            stderr=slave, env=env, cwd=ROOT, start_new_session=True)
    os.close(slave)
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
