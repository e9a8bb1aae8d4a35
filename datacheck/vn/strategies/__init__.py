"""Hypothesis strategies that generate valid Vietnamese values for every identifier check.

Requires ``hypothesis`` (``pip install 'datacheck[testing]'``). Each validator accepts every
value these strategies generate; property tests check that, and that single-character
corruptions breaking a documented rule are rejected.
"""

from datacheck.vn.strategies.addresses import *  # noqa: F403
from datacheck.vn.strategies.identifiers import *  # noqa: F403
from datacheck.vn.strategies.names import *  # noqa: F403
