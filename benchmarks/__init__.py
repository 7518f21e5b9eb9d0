"""Scale benchmarks for g60kg: a synthetic corpus generator and a runner.

Not part of the default test run (pytest's testpaths is ``tests``); run with
``python -m benchmarks``. Figures and the exact commands are in
``benchmarks/README.md``.
"""
