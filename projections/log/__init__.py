"""The log and its storage: recorders, hash chain, group commit, key store, files, backup, opening
the application on a database URL."""
