"""Engine: what breaks if a zone fails (issue 17), as the reachability engine answers it."""
