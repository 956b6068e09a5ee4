"""``awsx serve``: one estate shared over SSH, one TUI process per session (server.py,
session.py, tty_exec.py), and follow mode's files of who is where (follow.py)."""
