"""awsx: a keyboard-driven, read-only terminal explorer for an AWS estate."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("awsx")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
