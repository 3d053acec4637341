"""Load benchmark of the service as production runs it (`make bench`, `make bench-scale`)."""
