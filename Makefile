# The two set-up commands of the README: `make run` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: run test lint format bench clean-lake server pool deploy worker

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newslake run
	$(BIN)/newslake sql "select region, metric, period_text, value, unit, yoy_pct from v_indicators order by region, metric limit 15"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	.ci/typecheck
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean-lake:
	rm -rf lake

# --- Run on a Prefect server (README, "Run on a Prefect server") -------------------------------
PREFECT_PORT ?= 4200
SERVER_API := http://127.0.0.1:$(PREFECT_PORT)/api
SERVER_HOME ?= $(CURDIR)/.prefect/server

# The port as a setting, not only `--port`: the UI asks the setting where its API is.
server: $(STAMP)
	mkdir -p $(SERVER_HOME)  # prefect does not create the folder of its SQLite file
	PREFECT_HOME=$(SERVER_HOME) PREFECT_SERVER_API_HOST=127.0.0.1 PREFECT_SERVER_API_PORT=$(PREFECT_PORT) \
		$(BIN)/prefect server start

pool: $(STAMP)
	PREFECT_API_URL=$(SERVER_API) $(BIN)/prefect work-pool create newslake-pool --type process --overwrite
	PREFECT_API_URL=$(SERVER_API) $(BIN)/prefect global-concurrency-limit create newslake-lake-write --limit 1 \
		|| echo "(limit newslake-lake-write already exists)"

# Flow runs start in the directory deployed from (NEWSLAKE_HOME on the worker overrides it).
deploy: pool
	PREFECT_API_URL=$(SERVER_API) $(BIN)/prefect --no-prompt deploy --all

worker: $(STAMP)
	mkdir -p .prefect/worker
	PREFECT_HOME=$(CURDIR)/.prefect/worker PREFECT_API_URL=$(SERVER_API) \
		$(BIN)/prefect worker start --pool newslake-pool --type process
