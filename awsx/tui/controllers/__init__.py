"""The App's background work, one small class per job, each reporting only by posting
messages the App handles with ``@on``: refresh.py (live mode's crawl), diff.py (``:diff OLD``),
follow.py (``:who``, ``:follow NAME`` and the tick that publishes where this session is),
export.py (``ctrl+s`` / ``:export``). Workers run on the App as
``run_worker(thread=True, exclusive=True, exit_on_error=False, group=..., description=...)``,
so the App's one ``Worker.StateChanged`` handler reports any that fails unexpectedly."""
