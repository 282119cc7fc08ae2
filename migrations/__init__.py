"""How stored events and read models evolve: upcasters, renamed topics, schema versions."""
