"""The delivery layer: Litestar pages and JSON API, and the `filmhouse` command line."""
