# Central de Atendimento — developer commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
PIP_COMPILE := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links

.DEFAULT_GOAL := help
.PHONY: help run test lint audit format lock migrate reset-db eval-triage fuzz clean

help: ## Lista os comandos
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The pinned pip and setuptools come first: the editable install builds without isolation
# against them (a new venv only has what its Python bundles, e.g. setuptools 65 on 3.11).
$(RUNTIME_STAMP): requirements-build.txt requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-build.txt
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m src.cli triage build-model >/dev/null
	@touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(RUNTIME_STAMP) ## Sobe a API em http://127.0.0.1:8000 (SQLite embutido, migra antes)
	$(BIN)/atendimento serve

test: $(DEV_STAMP) ## Roda a suíte de testes (PostgreSQL se TEST_DATABASE_URL estiver definida)
	$(BIN)/python -m pytest

lint: $(DEV_STAMP) ## ruff check + verificação de formatação
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=. $(BIN)/lint-imports --no-cache

audit: $(DEV_STAMP) ## Audita os workflows do GitHub (zizmor) e o Dockerfile (hadolint)
	$(BIN)/zizmor --offline .github/workflows
	$(BIN)/hadolint Dockerfile

format: $(DEV_STAMP) ## Formata o código com ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: $(DEV_STAMP) ## Recalcula requirements*.txt a partir dos .in
	$(PIP_COMPILE) --allow-unsafe -o requirements-build.txt requirements-build.in
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

migrate: $(RUNTIME_STAMP) ## Aplica as migrações no DATABASE_URL
	$(BIN)/atendimento db upgrade

reset-db: $(RUNTIME_STAMP) ## Apaga e recria o banco de desenvolvimento (recusa em produção; sem terminal: ARGS=--sim)
	$(BIN)/python reset_db.py $(ARGS)

eval-triage: $(RUNTIME_STAMP) ## Mede a triagem nos dados de ../shared/data/intents e atualiza docs/triage.md
	$(BIN)/atendimento triage report

fuzz: $(DEV_STAMP) ## Fuzz longo da API com schemathesis (~4.000 casos, todas as verificações, sem 5xx esperado)
	FUZZ_EXAMPLES=200 $(BIN)/python -m pytest tests/security/test_fuzz.py -p no:cacheprovider -s

clean: ## Remove o ambiente virtual e caches
	rm -rf $(VENV) .pytest_cache .ruff_cache

.PHONY: bench bench-scale bench-canais bench-isolamento bench-kb wrk-check

wrk-check:
	@command -v wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null 2>&1 || \
		{ echo "wrk não encontrado: instale com 'apt-get install -y wrk'"; exit 1; }

bench: $(RUNTIME_STAMP) wrk-check ## Benchmark de carga (gunicorn + PostgreSQL + wrk); atualiza docs/performance.md
	$(BIN)/python -m bench.run

bench-scale: $(RUNTIME_STAMP) wrk-check ## Latência com 10 mil e 1 milhão de chamados; atualiza docs/performance.md
	$(BIN)/python -m bench.run --scale

bench-canais: $(RUNTIME_STAMP) ## WhatsApp a 80 msg/s com kill -9 do worker e provedor fora; atualiza docs/performance.md
	$(BIN)/python -m bench.canais

bench-kb: $(RUNTIME_STAMP) ## Latência da busca na base de conhecimento com 1 mil e 20 mil trechos
	$(BIN)/python -m bench.kb

bench-isolamento: $(RUNTIME_STAMP) ## Custo por requisição do limite entre empresas (em processo, PostgreSQL)
	$(BIN)/python -m bench.isolation
