# The two commands a newcomer needs: `make run` (app on the embedded store) and `make test`.
# Python runs in a virtual environment (scripts/venv.sh): the active one ($VIRTUAL_ENV), else .venv/
# made once from $(PYTHON), so a PEP 668 "externally managed" system Python works too.
PYTHON ?= python3
export PYTHON

.PHONY: run test install client lint

install:
	scripts/venv.sh >/dev/null

client:
	cd client && npm ci --no-audit --no-fund && npm run build

run: install client
	py="$$(scripts/venv.sh)" && exec "$$py" wsgi.py

lint:
	py="$$(scripts/venv.sh)" && "$$py" -m ruff check chat tests wsgi.py \
	  && "$$py" -m ruff format --check chat tests wsgi.py
	cd client && npm run lint && npm run typecheck

test:
	scripts/test.sh
