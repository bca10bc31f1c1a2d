"""The help screen: every key of the race, grouped, and what the views show."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# Optimizer playground

Optimizers race from the same start (◆) towards the known minima (★) of a loss
surface; dark is low. Each path has its colour; ● is where it is now.

| keys | what they do |
| --- | --- |
| `space` `.` `r` | play / pause, single step, restart the animation |
| `]` `[` | faster, slower |
| `n` | number of steps (100 … 2000) |
| `tab` `shift+tab` | select the next / previous optimizer |
| `j` `k` | next / previous hyperparameter of the selected optimizer |
| `l` `h` (or `+` `-`) | increase / decrease it (lr and eps by ×1.26, momentum by 0.05) |
| `L` `H` | the same, in fine steps |
| `0` | reset it to torch's default |
| `a` `x` | add an optimizer, remove the selected one |
| arrows, `shift`+arrows | move the start point (or click on the surface) |
| `c` `C` | next / previous surface |
| `p` then `{` `}` | choose a surface parameter (the ravine's condition number), change it |
| `f` | type a surface of your own: `x**2 + 10*sin(y)` |
| `m` | cycle the view: surface → convergence map (lr × momentum, β₁…) → basins |
| `v` | arrows at the selected optimizer: −∇f (cyan), its velocity (yellow) |
| `e` | export the race as a scenario TOML (`playground run` reproduces it) |
| `ctrl+s` | save an SVG screenshot |
| `t` | train the 784-200-10 MLP on MNIST with these optimizers |
| `ctrl+p` | command palette |
| `?` `q` | this help, quit |

Every change re-simulates the whole race at once. A setting torch refuses
(Nesterov without momentum, say) is shown as a warning and not applied;
a run that diverges is marked "diverged at step k".
"""


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Markdown(HELP)
