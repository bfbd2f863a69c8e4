"""Documents in, one report model out: readers → grids → layouts → cells → checks."""

EXTRACTOR_VERSION = "1"
