# The two commands of the README: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
VENV := $(CURDIR)/.venv
export SWIFTDBT_DUCKDB ?= $(VENV)/bin/duckdb
export SWIFTDBT_PYTHON ?= $(VENV)/bin/python

.PHONY: demo test build release bootstrap bootstrap-test clean fake-aws

bootstrap:
	./scripts/bootstrap.sh demo

bootstrap-test:
	./scripts/bootstrap.sh test

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

demo: bootstrap release
	./scripts/demo.sh

test: bootstrap-test
	python3 -m unittest discover -s scripts/rtsa -t scripts
	python3 -m unittest discover -s Tests/Fixtures/rtsa
	$(SWIFT) build --build-tests
	# The AWS fault tests time real loopback servers; run them on their own so that tests which
	# block a thread on a child process (DuckDB, python) cannot starve them of the 2-core pool.
	$(SWIFT) test --skip-build --filter SDAWSTests
	$(SWIFT) test --skip-build --skip SDAWSTests

clean:
	rm -rf .build target

# An in-memory Athena + Glue + S3 on localhost for trying the Athena target without an account;
# it prints the endpoint and the environment to export (docs/athena.md).
fake-aws:
	$(SWIFT) run swiftdbt-fake-aws $(if $(PORT),--port $(PORT)) $(if $(LATENCY),--latency $(LATENCY))
