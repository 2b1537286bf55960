# AI Journey — the two commands a newcomer needs are `make lab` and `make test`.
# Both create .venv when it is missing and (re)install only when a pin file changed.

# the system's Python 3.11 first: a site's hub starts each trainee's Lab as that trainee, and a Python installed
# under one account's home (e.g. by pyenv under /root) is one the trainees' accounts cannot run
PYTHON ?= $(shell for p in /usr/bin/python3.11 /usr/local/bin/python3.11; do [ -x $$p ] && echo $$p && exit; done; \
                  command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAB_ARGS ?=
PYTEST_ARGS ?=
# the suite runs on this many pytest-xdist workers (tests/parallel.py says how work is shared); three on two
# cores: much of the suite waits on kernels, sandboxes, servers and a browser, and a third worker fills those waits
TEST_WORKERS ?= 3

.PHONY: lab test demo build install clean help

help:
	@echo "make lab   - install, build the trainee workspace, start JupyterLab in Vietnamese"
	@echo "             (headless: make lab LAB_ARGS=--no-browser)"
	@echo "make test  - install and run the whole test suite"
	@echo "make demo  - grade a simulated class of 30 and write build/report/index.html"
	@echo "make clean - remove build/ (keeps .venv)"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml requirements.txt requirements-test.txt constraints.txt
	$(BIN)/pip install --no-compile -c constraints.txt -e ".[test]"
	@# byte-compile the installed packages on every core (pip compiles one file at a time); a file that
	@# does not compile (some packages ship Python 2 examples) is skipped, as pip itself does
	$(BIN)/python -c 'import compileall, sysconfig; compileall.compile_dir(sysconfig.get_paths()["purelib"], quiet=2, workers=0)' || true
	$(BIN)/aijourney setup-lab
	$(BIN)/aijourney models prepare
	touch $(STAMP)

install: $(STAMP)

build: install
	$(BIN)/aijourney build

lab: build
	$(BIN)/aijourney lab $(LAB_ARGS)

test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

demo: install
	$(BIN)/aijourney demo

clean:
	rm -rf build
