"""Run the real ``playground`` command in a pseudo-terminal and watch its screen.

Used by the smoke test and by ``bench/tui.py`` (cold start to first frame):
the app draws into a real pty of a given size exactly as in a terminal.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def console_script() -> list[str]:
    """The installed ``playground`` script beside this Python, else ``-m``."""
    script = Path(sys.executable).parent / "playground"
    return [str(script)] if script.exists() else [sys.executable, "-m", "playground"]


class TerminalSession:
    """A child process on a pty of ``columns`` × ``rows``; ``output`` is all it
    wrote, with escape sequences stripped (enough to find text on screen)."""

    def __init__(self, args: list[str], columns: int = 160, rows: int = 48, cwd: str | None = None) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, cwd=cwd,
                                        env=environment, start_new_session=True, close_fds=True)
        os.close(slave)
        self.raw = b""

    @property
    def output(self) -> str:
        return _ESCAPES.sub(b"", self.raw).decode("utf-8", "replace")

    def read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.raw += os.read(self.master, 65536)
            except OSError:  # the child closed the terminal
                pass

    def wait_for(self, text: str, timeout: float = 20.0) -> float:
        """Seconds since start when ``text`` first appeared; TimeoutError if not."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.read(0.01)
            if text in self.output:
                return time.perf_counter() - self.started
            if self.process.poll() is not None:
                self.read(0.1)
                break
        raise TimeoutError(f"{text!r} did not appear; the screen showed:\n{self.output[-2000:]}")

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self, timeout: float = 10.0) -> int:
        """Wait for the child to exit (killing it after ``timeout``); its exit code."""
        deadline = time.perf_counter() + timeout
        while self.process.poll() is None and time.perf_counter() < deadline:
            self.read(0.05)
        if self.process.poll() is None:
            self.process.kill()
        code = self.process.wait()
        os.close(self.master)
        return code
