"""The ``awsx`` command: main.py holds the one table of verbs, builds the parser from it and
dispatches; estate.py loads the estate a verb reads (snapshot or live, narrowed to --regions);
one module per group of verbs (browse, crawl, reach, iam, cost, share, demo), each giving a
verb's ``add_..._arguments`` and handler; output.py prints tables, JSON and crawl progress."""
