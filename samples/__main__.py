"""``python -m samples`` = ``python -m samples.generate``."""

import sys

from samples.generate import main

sys.exit(main())
