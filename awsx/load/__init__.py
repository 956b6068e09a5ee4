"""Loading a live estate: the only core code that calls ``awsx.inventory`` (the crawler).
``live`` answers from the crawl cache and crawls what is missing; ``refresh`` is the blocking
callable the TUI's live mode runs in the background."""
