# The two Quick start commands, and the others a developer uses.
#   make demo   set up, build, run the tour
#   make test   set up, build, run the whole suite, then again under ASan+UBSan
#   make bench  set up, build (Release), run the benchmarks
# Every target runs scripts/setup.sh first: it installs what is missing and
# is quick when everything is there.

BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-bench
JOBS       ?= $(shell nproc)
CACHE_DIR  ?= $(or $(H5X_CACHE_DIR),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/h5x)

.PHONY: all setup configure build demo test test-plain test-sanitized bench install clean

all: build

setup:
	@scripts/setup.sh >/dev/null

# configure DIR EXTRA-ARGS
define configure
	cmake -S . -B $(1) -DHDF5_ROOT="$$(cat $(CACHE_DIR)/hdf5-prefix)" $(2) >/dev/null
endef

configure: setup
	@$(call configure,$(BUILD),)

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@cmake --build $(BUILD) --target run-demo

test: test-plain test-sanitized

test-plain: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-sanitized: setup
	@$(call configure,$(ASAN_BUILD),-DH5X_SANITIZE=ON)
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS) -LE no-sanitizer

bench: setup
	@$(call configure,$(BENCH_BUILD),-DCMAKE_BUILD_TYPE=Release)
	@cmake --build $(BENCH_BUILD) -j $(JOBS)
	@cmake --build $(BENCH_BUILD) --target run-bench

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD)
