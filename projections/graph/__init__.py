"""The recommendation graph kept current from the log, and the ranker retrained from the log's
outcomes."""
