"""``python -m bench.cli_run VERB ARG...``: awsx's CLI in this process, timed from inside, and one
JSON line on stdout: the exit status, the wall seconds of ``main()`` (the interpreter's start
and imports before it are not the crawl's), and this process's peak RSS. The benchmarks run
each crawl or merge so, to measure that process alone (bench/org.py)."""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import time


def main(argv: list[str]) -> None:
    from awsx.cli.main import main as awsx

    started = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):
        code = awsx(argv)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"exit": code, "seconds": seconds, "peak_rss_mib": peak_kib / 1024}))


if __name__ == "__main__":
    main(sys.argv[1:])
