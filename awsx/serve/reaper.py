"""``python -m awsx.serve.reaper DIRECTORY``: remove the server's session directory once the
server is gone, however it went.

``awsx serve`` starts one reaper, in a session of its own, with the read end of a pipe as its
standard input; the server holds the only write end. When the server exits (cleanly, on a
signal, or SIGKILLed) the kernel closes that end and the reaper reads end-of-file: it then
removes DIRECTORY, the follow files and every session's exports with it. The sessions' TUIs
are killed by the kernel at the same moment (tty_exec.py's parent-death signal); one of them
may still be finishing a write, so removal is retried for a few seconds until nothing is left.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

RETRIES = 30
RETRY_PAUSE = 0.1  # seconds


class Reaper:
    """The server's side: start the reaper for ``directory``; ``stop`` it at a clean exit."""

    def __init__(self, directory: Path) -> None:
        read_end, self._write_end = os.pipe()  # close-on-exec: no session inherits the write end
        try:
            self._process = subprocess.Popen([sys.executable, "-P", "-m", "awsx.serve.reaper", str(directory)],
                                             stdin=read_end, cwd="/", start_new_session=True)
        except BaseException:
            os.close(self._write_end)
            raise
        finally:
            os.close(read_end)

    def stop(self) -> None:
        """The server removed the directory itself: the reaper finds nothing left and exits."""
        os.close(self._write_end)
        self._process.wait()


def remove_when_parent_exits(directory: Path) -> None:
    while sys.stdin.buffer.read(4096):  # the server never writes: this returns at its exit
        pass
    for _ in range(RETRIES):
        shutil.rmtree(directory, ignore_errors=True)
        if not directory.exists():
            return
        time.sleep(RETRY_PAUSE)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m awsx.serve.reaper DIRECTORY\n")
        return 2
    remove_when_parent_exits(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
