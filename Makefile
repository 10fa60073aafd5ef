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
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build target

# An in-memory Athena + Glue + S3 on localhost for trying the Athena target without an account;
# it prints the endpoint and the environment to export (docs/athena.md).
fake-aws:
	$(SWIFT) run swiftdbt-fake-aws $(if $(PORT),--port $(PORT)) $(if $(LATENCY),--latency $(LATENCY))
