"""Benchmarks: they print their figures and write ``bench/results/latest.json``; tests never time anything."""
