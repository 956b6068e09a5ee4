"""awsx: a keyboard-driven, read-only terminal explorer for an AWS estate."""

# The one place the version is written: pyproject.toml reads it (``[tool.setuptools.dynamic]``),
# so ``awsx --version`` and every offline verb need not import importlib.metadata (~30 ms, a
# scan of every installed distribution) to learn it.
__version__ = "0.1.0"
