"""Read models built from the event log, and the storage the log is written to."""
