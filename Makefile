# weegteam: one plain Makefile. `make` builds bin/weegteam; `make test` runs everything.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
BIN     ?= bin/weegteam

PKGS      := sqlite3 yaml-0.1 libcurl libgit2 libcmark libcrypto zlib
# libcurl is not linked: engine/notify loads it with dlopen when a notification is delivered
# (linked, it and its dependencies cost every command ~5 ms of dynamic loading).
LINK_PKGS := $(filter-out libcurl,$(PKGS))
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null) -ldl
CRIT_CFLAGS = $(shell pkg-config --cflags criterion 2>/dev/null)
CRIT_LIBS   = $(shell pkg-config --libs criterion 2>/dev/null)

WARN   := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wwrite-strings -Wvla -Wformat=2
CFLAGS ?= -O2 -g
WERROR ?=
SAN    ?=
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(WERROR) $(CFLAGS) \
	$(SAN) -Iengine -DWT_PREFIX=\"$(PREFIX)\" $(PKG_CFLAGS) -MMD -MP

ENGINE_SRC := $(sort $(wildcard engine/*/*.c))
MAIN_SRC   := engine/cli/main.c
LIB_SRC    := $(filter-out $(MAIN_SRC),$(ENGINE_SRC))
LIB_OBJ    := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ   := $(MAIN_SRC:%.c=$(BUILD)/obj/%.o)
LIB        := $(BUILD)/libweegteam.a

TEST_SRC   := $(sort $(wildcard tests/*/test_*.c))
TEST_BIN   := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
E2E        := $(sort $(wildcard tests/e2e/*.sh))

.PHONY: all deps test unit e2e fault fault-test asan valgrind valgrind-unit valgrind-e2e valgrind-smoke demo bench install clean format docs lint-banned fuzz fuzz-smoke fuzz-corpus

all: $(BIN)

$(BIN): $(MAIN_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(SAN) -o $@ $(MAIN_OBJ) $(LIB) $(PKG_LIBS) -lm

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) -Itests -o $@ $< $(LIB) $(CRIT_LIBS) $(PKG_LIBS) -lm

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:=.d)

# Debian 12 packages for building, testing and the demo. Idempotent; needs root.
DEB_PKGS := build-essential pkg-config git sqlite3 libsqlite3-dev libyaml-dev \
	libcurl4-openssl-dev libssl-dev openssl zlib1g-dev libgit2-dev libcriterion-dev libcmark-dev graphviz valgrind \
	clang libclang-rt-14-dev python3 time
deps:
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installeren:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "alle pakketten zijn aanwezig"; fi

# The unit tests (Criterion) and the end-to-end tests on the built binary.
unit: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do \
		echo "== $$t"; $$t --jobs 2 || fail=1; \
	done; exit $$fail

e2e: $(BIN)
	@WT_BIN=$(abspath $(BIN)) WT_ROOT=$(CURDIR) bash tests/e2e/run.sh $(E2E)

lint-banned:
	@if grep -nE '\b(strcpy|strcat|sprintf|vsprintf|atoi|atol|strtok|gets)\s*\(' $(ENGINE_SRC) $(wildcard engine/*/*.h); then \
		echo "verboden functie gebruikt (zie STYLE.md)"; exit 1; fi

ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The whole suite: -Werror build and run, the fault-injection tests, the same under ASan+UBSan,
# the fuzz targets on a fixed seed, and a reduced memcheck run of the binary (valgrind-smoke;
# `make valgrind` runs all of it under memcheck).
test: lint-banned
	$(MAKE) WERROR=-Werror unit e2e
	$(MAKE) fault-test
	$(MAKE) asan
	$(MAKE) fuzz-smoke
	$(MAKE) WERROR=-Werror valgrind-smoke

# The fault-injection build (README "Crash safety"): the same engine with WT_FAULT points that
# stop the process when $WEEGTEAM_FAULT names them; tests/fault/ drives it through each point.
FAULT_BIN := build-fault/bin/weegteam
fault:
	$(MAKE) BUILD=build-fault BIN=$(FAULT_BIN) WERROR=-Werror CFLAGS="-O1 -g -DWT_FAULT_INJECTION" $(FAULT_BIN)

fault-test: fault
	@WT_BIN=$(abspath $(FAULT_BIN)) WT_ROOT=$(CURDIR) bash tests/e2e/run.sh $(sort $(wildcard tests/fault/test_*.sh))

asan:
	$(MAKE) BUILD=build-asan BIN=build-asan/bin/weegteam WERROR=-Werror CFLAGS="-O1 -g" \
		SAN="$(ASAN_FLAGS)" unit e2e

# Memcheck over the unit tests, then over the end-to-end suite with the binary under valgrind
# (tests/valgrind/weegteam.sh as WT_BIN, one log per process in $(BUILD)/valgrind). WT_VALGRIND=1
# shortens the tests that are timing-bound or slow there: the kill -9 loop (4 rounds with a
# wider kill window), parallel submits (4 instead of 16) and the hostile corpus (see the tests).
# Any memory error or definite/indirect leak fails. VALGRIND_E2E picks the end-to-end tests.
# The whole of it takes about 40 minutes on the 2-core machine (about 2.5 s per command), so
# `make test` runs valgrind-smoke: the same over a few end-to-end tests that reach every command.
VALGRIND_LOG = $(BUILD)/valgrind
VALGRIND_E2E ?= $(E2E)
VALGRIND_SMOKE := tests/e2e/test_init.sh tests/e2e/test_bad_input.sh tests/e2e/test_advies.sh \
	tests/e2e/test_commands.sh
valgrind: valgrind-unit valgrind-e2e

# Criterion runs each test in a child process (traced); the git and sh the tests start are not.
valgrind-unit: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do \
		valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
			--trace-children=yes --trace-children-skip='/bin/*,/usr/bin/*' $$t --jobs 1 || fail=1; \
	done; exit $$fail

valgrind-e2e: $(BIN)
	@rm -rf $(VALGRIND_LOG) && mkdir -p $(VALGRIND_LOG)
	@WT_VALGRIND=1 WT_VALGRIND_BIN=$(abspath $(BIN)) WT_VALGRIND_LOG=$(abspath $(VALGRIND_LOG)) \
		WT_BIN=$(abspath tests/valgrind/weegteam.sh) WT_ROOT=$(CURDIR) \
		bash tests/e2e/run.sh $(VALGRIND_E2E); rc=$$?; \
	bad=$$(find $(VALGRIND_LOG) -type f -size +0c | sort); \
	for f in $$bad; do echo "== $$f"; head -80 $$f; done; \
	echo "valgrind: $$(ls $(VALGRIND_LOG) | wc -l) processen, $$(echo $$bad | wc -w) met meldingen"; \
	[ $$rc = 0 ] && [ -z "$$bad" ]

valgrind-smoke: $(BIN)
	@$(MAKE) --no-print-directory VALGRIND_E2E="$(VALGRIND_SMOKE)" valgrind-e2e

# libFuzzer targets (clang): the YAML layer, verzoek + checklist, assessments, workflows, and the
# template language (parse, city overrides, render, escape).
# Seeds: the shipped examples, templates and fixtures; tests/fuzz/fuzz_<target>.dict, when present,
# is the target's dictionary. `make fuzz FUZZ_SECONDS=N` runs each for N seconds;
# `make fuzz-smoke` (part of `make test`) runs a fixed number of inputs with a fixed seed, so it
# is repeatable: the same result here and in CI.
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?= 3000
FUZZ_TARGETS := yaml verzoek assessment workflow template
FUZZ_LIB_SRC := $(filter-out engine/cli/%,$(ENGINE_SRC))
FUZZ_OBJ     := $(FUZZ_LIB_SRC:%.c=build-fuzz/obj/%.o)
FUZZ_BIN     := $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
FUZZ_CFLAGS   = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -Iengine $(PKG_CFLAGS)

build-fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -c -o $@ $<

build-fuzz/libfuzz.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $(FUZZ_OBJ)

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libfuzz.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< build-fuzz/libfuzz.a $(PKG_LIBS) -lm

fuzz-corpus:
	@rm -rf build-fuzz/corpus
	@mkdir -p build-fuzz/corpus/yaml build-fuzz/corpus/verzoek build-fuzz/corpus/assessment build-fuzz/corpus/workflow \
		build-fuzz/corpus/template
	@cp requests/*.yaml tests/fixtures/verzoek/*.yaml build-fuzz/corpus/verzoek/
	@cp requests/*.yaml workflows/*.yaml tests/fixtures/yaml/*.yaml build-fuzz/corpus/yaml/
	@cp tests/fixtures/assessment/*.yaml build-fuzz/corpus/assessment/
	@cp workflows/*.yaml build-fuzz/corpus/workflow/
	@cp templates/advies.md tests/fixtures/render/*.md build-fuzz/corpus/template/
	@for c in templates/*/advies.md; do \
		city=$$(basename $$(dirname $$c)); \
		cp $$c build-fuzz/corpus/template/stad-$$city.md; \
		{ cat templates/advies.md; printf '\n#####\n'; cat $$c; } > build-fuzz/corpus/template/met-$$city.md; \
	done

fuzz: $(FUZZ_BIN) fuzz-corpus
	@for t in $(FUZZ_TARGETS); do \
		echo "== fuzz_$$t ($(FUZZ_SECONDS) s)"; \
		build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=1024 \
			$$(test -f tests/fuzz/fuzz_$$t.dict && echo -dict=tests/fuzz/fuzz_$$t.dict) \
			build-fuzz/corpus/$$t 2>build-fuzz/fuzz_$$t.log || { tail -40 build-fuzz/fuzz_$$t.log; exit 1; }; \
		grep -E "^#[0-9]+" build-fuzz/fuzz_$$t.log | tail -1; \
	done

fuzz-smoke: $(FUZZ_BIN) fuzz-corpus
	@for t in $(FUZZ_TARGETS); do \
		build-fuzz/fuzz_$$t -seed=1 -runs=$(FUZZ_RUNS) -max_len=65536 -rss_limit_mb=1024 \
			$$(test -f tests/fuzz/fuzz_$$t.dict && echo -dict=tests/fuzz/fuzz_$$t.dict) \
			build-fuzz/corpus/$$t 2>build-fuzz/fuzz_$$t.log || { tail -40 build-fuzz/fuzz_$$t.log; exit 1; }; \
		echo "fuzz_$$t: $(FUZZ_RUNS) inputs, no crash"; \
	done

demo: $(BIN)
	@bash tests/demo.sh $(abspath $(BIN))

# make bench: what weegteam costs on this machine, as a report (not part of make test; see the
# README, "Benchmark"). BENCH_CASES / BENCH_SMALL: cases in the large and the small store (the
# default keeps a run under about 15 minutes on the 2-core machine; BENCH_CASES=100000 took 24);
# BENCH_RUNS: runs per median; BENCH_EVENTS: durable submits (and as many acts) per write
# series; BENCH_STAGE: a tmpfs to bulk-load in before copying to disk ("geen": load on disk);
# BENCH_ARGS: more options (--keep keeps the work directory, --work DIR chooses it).
BENCH_CASES  ?= 50000
BENCH_SMALL  ?= 1000
BENCH_RUNS   ?= 21
BENCH_EVENTS ?= 100
BENCH_STAGE  ?= /dev/shm
BENCH_ARGS   ?=
BENCH_SRC    := $(sort $(wildcard bench/*.c))
BENCH_OBJ    := $(BENCH_SRC:%.c=$(BUILD)/obj/%.o)
BENCH_BIN    := $(BUILD)/weegteam-bench

$(BENCH_BIN): $(BENCH_OBJ) $(LIB)
	$(CC) $(SAN) -o $@ $(BENCH_OBJ) $(LIB) $(PKG_LIBS) -lm

bench: $(BIN) $(BENCH_BIN)
	@$(BENCH_BIN) --bin $(abspath $(BIN)) --root $(CURDIR) --cases $(BENCH_CASES) \
		--small $(BENCH_SMALL) --runs $(BENCH_RUNS) --events $(BENCH_EVENTS) \
		--stage $(BENCH_STAGE) $(BENCH_ARGS)

-include $(BENCH_OBJ:.o=.d)

docs: $(BIN)
	@mkdir -p docs
	@for f in workflows/*.yaml; do \
		c=$$(basename $$f .yaml); [ "$$c" = criteria ] && continue; \
		$(BIN) workflow dot $$c > docs/$$c.dot && dot -Tsvg docs/$$c.dot -o docs/$$c.svg && echo docs/$$c.svg; \
	done

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/weegteam/workflows \
		$(DESTDIR)$(PREFIX)/share/weegteam/templates $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/weegteam
	install -m 644 workflows/*.yaml $(DESTDIR)$(PREFIX)/share/weegteam/workflows/
	if ls templates/* >/dev/null 2>&1; then cp -R templates/. $(DESTDIR)$(PREFIX)/share/weegteam/templates/; fi
	install -m 644 doc/weegteam.1 $(DESTDIR)$(PREFIX)/share/man/man1/weegteam.1

format:
	clang-format -i $(ENGINE_SRC) $(wildcard engine/*/*.h) $(TEST_SRC)

clean:
	rm -rf build build-asan build-fuzz bin
