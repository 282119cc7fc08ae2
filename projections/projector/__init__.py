"""What keeps the views following the log: the runner, write-behind batches, parallel rebuild, the
catalogue of views and their SQL surface."""
