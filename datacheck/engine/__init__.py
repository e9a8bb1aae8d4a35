"""Planning and running suites.

Stages (``stages``), the plan compiler (``plan``) and the local Polars runner (``local``);
distributed runners live beside them.
"""
