"""Benchmarks: one module per figure in bench/RESULTS.md, each run as `filmhouse bench NAME`."""
