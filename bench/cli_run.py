"""``python -m bench.cli_run VERB ARG...``: awsx's CLI in this process, timed from inside, and one
JSON line on stdout: the exit status, the wall and CPU seconds of ``main()`` (the interpreter's
start and imports before it are not the crawl's), and this process's peak RSS. The benchmarks
run each crawl or merge so, to measure that process alone (bench/org.py).

Peak RSS is the kernel's VmHWM of this process's memory: ``ru_maxrss`` is not, on Linux it keeps
the high-water mark of the parent forked from across ``exec`` (every run reported the bench's
own 480 MiB)."""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    from awsx.cli.main import main as awsx

    started, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(sys.stderr):
        code = awsx(argv)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"exit": code, "seconds": seconds, "cpu_seconds": cpu, "peak_rss_mib": peak_rss_kib() / 1024}))


def peak_rss_kib() -> int:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: ru_maxrss (KiB on Linux, bytes on macOS)
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


if __name__ == "__main__":
    main(sys.argv[1:])
