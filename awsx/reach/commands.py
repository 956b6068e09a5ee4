"""CLI verbs of this engine: ``add_commands`` adds sub-parsers and returns {verb: handler}."""

from __future__ import annotations

import argparse
from typing import Callable


def add_commands(verbs: argparse._SubParsersAction, estate_options: Callable[[argparse.ArgumentParser], None]) -> dict:
    return {}
