"""Read models: one module per screen or query, each fed from the log by the projector."""
