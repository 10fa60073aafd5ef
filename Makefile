# The two commands of the README: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
VENV := $(CURDIR)/.venv
export SWIFTDBT_DUCKDB ?= $(VENV)/bin/duckdb
export SWIFTDBT_PYTHON ?= $(VENV)/bin/python

.PHONY: demo test format build release bootstrap bootstrap-test bootstrap-fake clean fake-aws fuzz

bootstrap:
	./scripts/bootstrap.sh demo

bootstrap-test:
	./scripts/bootstrap.sh test

bootstrap-fake:
	./scripts/bootstrap.sh fake

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

demo: bootstrap release
	./scripts/demo.sh

test: bootstrap-test
	python3 -m unittest discover -s scripts/rtsa -t scripts
	python3 -m unittest discover -s Tests/Fixtures/rtsa
	python3 scripts/check_imports.py
	python3 -m unittest scripts/test_gen_docs_assets.py scripts/test_check_imports.py
	python3 scripts/gen_docs_assets.py --check
	./scripts/check_site_js.sh
	# Style: the toolchain's own swift-format with .swift-format; `make format` rewrites in place.
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift
	$(SWIFT) build --build-tests
	# One test at a time: the fakes (AWS, ksqlDB, Connect) are async servers with timeouts, and on
	# 2 cores a test that blocks on a child process (duckdb, python, the CLI) could starve them of
	# the cooperative pool's two threads. Serial, the whole suite takes about 10 minutes (the Athena
	# reliability tests, with 20 killed runs and concurrent builds on the fake, are 4 of them).
	$(SWIFT) test --skip-build --no-parallel

format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests Package.swift

clean:
	rm -rf .build .build-fuzz target

# An in-memory Athena + Glue + S3 on localhost for trying the Athena target without an account;
# it prints the endpoint and the environment to export (docs/athena.md). Its SQL sidecar needs
# sqlglot and duckdb in .venv (SWIFTDBT_PYTHON).
fake-aws: bootstrap-fake
	$(SWIFT) run swiftdbt-fake-aws $(if $(PORT),--port $(PORT)) $(if $(LATENCY),--latency $(LATENCY))

# libFuzzer on the template language, the YAML loader, the selector parser and the seed CSV reader,
# FUZZ_TIME seconds in total split across them (default 600); crashes and hangs land in
# fuzz/regressions/, which `make test` replays (docs/fuzzing.md).
fuzz:
	FUZZ_TIME=$(or $(FUZZ_TIME),600) SWIFT=$(SWIFT) ./scripts/fuzz.sh
