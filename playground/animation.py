"""Which step of the race is shown: play, pause, single step, speed."""

from __future__ import annotations

from dataclasses import dataclass

SPEEDS = (1, 2, 5, 10, 20, 50, 100)
"""Steps advanced per animation tick."""


@dataclass
class Animation:
    """The shown step moves from 0 to ``total`` while playing, then stops."""

    total: int
    step: int = 0
    playing: bool = True
    speed: int = 5

    def advance(self) -> bool:
        """One tick; True if the shown step changed."""
        if not self.playing:
            return False
        if self.step >= self.total:
            self.step, self.playing = self.total, False
            return False
        self.step = min(self.step + self.speed, self.total)
        self.playing = self.step < self.total
        return True

    def toggle(self) -> None:
        if not self.playing and self.step >= self.total:
            self.step = 0  # play again from the start rather than doing nothing
        self.playing = not self.playing

    def single_step(self) -> None:
        self.playing = False
        self.step = min(self.step + 1, self.total)

    def restart(self) -> None:
        self.step, self.playing = 0, True

    def change_speed(self, direction: int) -> None:
        index = SPEEDS.index(self.speed) if self.speed in SPEEDS else 2
        self.speed = SPEEDS[min(max(index + direction, 0), len(SPEEDS) - 1)]
