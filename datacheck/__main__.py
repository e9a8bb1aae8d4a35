"""``python -m datacheck``: the same command line as the ``datacheck`` console script."""

import sys

from datacheck.cli import main

if __name__ == "__main__":
    sys.exit(main())
