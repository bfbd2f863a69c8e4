"""Documents in, one report model out: readers → grids → layouts → cells → checks."""

EXTRACTOR_VERSION = "2"  # 2: text shapes, no silent drop, prose checks: `nianbao extract --pending` reads old reports again
