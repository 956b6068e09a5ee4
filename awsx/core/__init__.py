"""The core every layer speaks: the model (resources, edges, markers), the estate graph and its
indexes, user errors, crawl times, console URLs, table cells and the ``/`` filter grammar.
Imports neither Textual nor rich nor boto."""
