# The two commands of the README.
#   make run   set up, then normalize the seed articles with the default config into output/
#   make test  set up, then run the test suite
VENV ?= .venv
CONFIG ?= config/default.yaml

.PHONY: setup run test bench

setup:
	bash scripts/setup.sh

run: setup
	$(VENV)/bin/artnorm models ensure -c $(CONFIG) || true
	$(VENV)/bin/artnorm run -c $(CONFIG)

test: setup
	$(VENV)/bin/python -m pytest

bench: setup
	$(VENV)/bin/python -m bench
