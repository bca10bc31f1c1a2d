"""Smoke test: the real console script in a real pseudo-terminal."""

from __future__ import annotations

import sys
import time

import pytest

from playground.ui.terminal_session import TerminalSession, console_script

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def test_the_app_starts_draws_answers_a_key_and_quits(tmp_path):
    session = TerminalSession(console_script(), columns=140, rows=44, cwd=str(tmp_path))
    try:
        session.wait_for("Ravine (long narrow funnel)")
        session.wait_for("/500")
        session.press("?")  # the help screen
        session.wait_for("Optimizer playground")
        session.press("?")  # closes it again (escape alone would wait for a sequence)
        time.sleep(0.5)
        session.press("q")
    finally:
        code = session.close()
    assert code == 0


def test_an_invalid_scenario_is_refused_before_the_app_opens(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n[surface]\nname = "ravine"\nsteps = 0\n[[optimizer]]\nname = "sgd"\n')
    session = TerminalSession([*console_script(), "--scenario", str(bad)], cwd=str(tmp_path))
    code = session.close()
    assert code == 2
    assert f"{bad} [surface]: steps must be between 1" in session.output
    assert "Traceback" not in session.output
