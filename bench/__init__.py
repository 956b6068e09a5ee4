"""awsx benchmarks: simulated AWS, crawl and scale measurements (make bench)."""
