# The two commands a newcomer needs: `make run` (app on the embedded store) and `make test`.
PYTHON ?= python3

.PHONY: run test install client lint

install:
	$(PYTHON) -m pip install -q -e ".[test]"

client:
	cd client && npm ci --no-audit --no-fund && npm run build

run: install client
	$(PYTHON) wsgi.py

lint:
	$(PYTHON) -m ruff check chat tests wsgi.py
	$(PYTHON) -m ruff format --check chat tests wsgi.py
	cd client && npm run lint && npm run typecheck

test:
	scripts/test.sh
