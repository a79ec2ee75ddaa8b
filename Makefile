# kgbuild: `make demo` builds the graph of examples/ into output/; `make test` runs the tests.
# Both create .venv and install the pinned dependencies (and the English spaCy model) when missing.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.kgbuild-installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install chromium bench eval clean

install: $(STAMP)

# pip and setuptools come first, at their pinned versions: the pip that `python -m venv` bundles
# can be older than 23.3, which compares extra names unnormalised (PEP 685) and so warns that lxml
# "does not provide the extra 'html_clean'" (jusText asks for lxml[html_clean]; lxml spells it
# html-clean). The pin stays below pip 26, which prints setuptools' informational notes on editable
# installs even with --quiet. PIP_QUIET drops pip's notes about this machine's unreachable local package folders.
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock
PIP_QUIET   := 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing kgbuild and its pinned dependencies into $(VENV) (spaCy, the English model, rdflib, Oxigraph, pyvis)"
	$(PIP_INSTALL) pip setuptools $(PIP_QUIET)
	$(PIP_INSTALL) -e '.[test]' $(PIP_QUIET)
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/kgbuild build examples -o output
	@echo "open output/graph.html in a browser; query with: $(VENV)/bin/kgbuild query output/graph.ttl --name entities-by-class"

# The browser tests drive Debian's Chromium (never a downloaded browser).
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

test: $(STAMP) chromium
	$(PY) -m pytest

bench: $(STAMP) chromium
	$(PY) bench/throughput.py
	$(PY) bench/sparql.py
	$(PY) bench/view.py

# Score the extraction: the seed article against ../shared/gold, each article of the dev corpus
# against ../shared/gold/dev (a row per article, micro-averaged totals; JSON beside the graphs).
# KGBUILD="python -m kgbuild" (or another kgbuild command) skips the install into .venv.
KGBUILD ?= $(VENV)/bin/kgbuild
EVAL    := output/eval
EVAL_DEPS := $(if $(filter file,$(origin KGBUILD)),$(STAMP))

eval: $(EVAL_DEPS)
	KGBUILD="$(KGBUILD)" scripts/build_each.sh --only seed $(EVAL)/seed
	KGBUILD="$(KGBUILD)" scripts/build_each.sh --only corpus $(EVAL)/dev ../shared/corpus/dev
	@echo "seed article (../shared/gold):"
	@$(KGBUILD) evaluate $(EVAL)/seed ../shared/gold --json $(EVAL)/seed.json
	@echo "dev corpus (../shared/gold/dev):"
	@$(KGBUILD) evaluate $(EVAL)/dev ../shared/gold/dev --json $(EVAL)/dev.json

clean:
	rm -rf output/graph.* output/eval .pytest_cache .hypothesis
