"""Linked synthetic Vietnamese national databases with a ground-truth manifest.

See ``samples/README.md``; generate with ``python -m samples.generate``.
"""

from samples.generator import Samples, generate_samples, write_samples

__all__ = ["Samples", "generate_samples", "write_samples"]
