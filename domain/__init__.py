"""The Film House domain: aggregates, their events and rules, and the application services."""
