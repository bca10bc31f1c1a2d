"""``python -m playground``: the same as the ``playground`` command."""

import sys

from .cli import main

sys.exit(main())
