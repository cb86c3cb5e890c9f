# Newsroom: `make run` to set up and serve, `make test` to set up and run the suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
N      ?= 10000
REPEAT ?= 1
MODES  ?= cached,uncached,editing
CORPUS ?= ../shared/ner/ANERcorp_train.txt

.PHONY: run serve setup test lint format browser varnish bench-import bench-serve bench-render bench-jobs train-ner gazetteer clean

# The Arabic catalogues, compiled from locale/*.po by polib (no system gettext needed).
MO     := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

%.mo: %.po $(VENV)/.installed
	$(PY) manage.py compilepo $<

setup: $(VENV)/.installed $(MO)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loadseeds
	$(PY) manage.py ensure_editor

# The site and, in the background, the worker that runs import jobs; both stop together.
run: setup
	@echo "Newsroom: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@$(PY) manage.py run_jobs --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production (README, "Deploying"): settings from the environment; migrate, collectstatic,
# gunicorn (WEB_CONCURRENCY workers, else two per core plus one) and the job worker.
serve: $(VENV)/.installed $(MO)
	NEWSROOM_ENV=production $(PY) manage.py serve --bind $(or $(BIND),127.0.0.1:$(PORT))

varnish:
	@sh scripts/ensure_varnish.sh

browser:
	@sh scripts/ensure_chromium.sh

test: $(VENV)/.installed $(MO) browser varnish
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench-import: $(VENV)/.installed
	$(PY) scripts/bench_import.py --pages $(N) --repeat $(REPEAT)

bench-serve: $(VENV)/.installed
	$(PY) scripts/bench_serve.py --stories $(N) --modes $(MODES)

# One import job of N pages (submit + run_jobs) against loadseeds, SQLite and PostgreSQL.
bench-jobs: $(VENV)/.installed
	$(PY) scripts/bench_jobs.py --pages $(N)

# In-process, no cache: ms and queries per page (story, home, person, search), N stories.
bench-render: $(VENV)/.installed
	$(PY) scripts/bench_render.py --stories $(N)

train-ner: $(VENV)/.installed
	$(PY) scripts/train_ner.py $(CORPUS)

# Rebuilds fixtures/gazetteer.json, the name list and the common-word list (needs the
# extra packages in requirements-ner.txt).
gazetteer: $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-ner.txt
	$(PY) scripts/build_gazetteer.py --names-out articles/ingest/ner/names.json --common-from $(CORPUS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache test-artifacts $(MO)
