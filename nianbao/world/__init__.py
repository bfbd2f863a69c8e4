"""The demo world: the fixture generator (`samples*`) and the portal simulator. The demo, the
tests and the benchmarks use it; nothing in crawler/, extract/ or publication imports it."""
