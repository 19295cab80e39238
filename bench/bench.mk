# Benchmarks, by hand: `make bench` (about 10 minutes; BENCH_ARGS=--quick for a smoke run).
# Writes bench/results.json and prints the table; see bench/README.md.
BENCH_ARGS ?=

bench: $(STAMP)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) bench/run.py $(BENCH_ARGS)
