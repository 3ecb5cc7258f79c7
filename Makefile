# The two Quick start commands, and the others a developer uses.
#   make demo   set up, build, run the tour
#   make test   set up, build, run the whole suite, then again under ASan+UBSan,
#               the threads test under ThreadSanitizer, and each fuzz target briefly
#   make bench  set up, build (Release), run the benchmarks
#   make memcheck  the conformance and interop suites under valgrind memcheck
# Every target runs scripts/setup.sh first: it installs what is missing and
# is quick when everything is there.

BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-bench
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc)
# A test without a time limit of its own that runs this long is hung:
# fail it, rather than wait for CTest's default of 1500 s.
TEST_TIMEOUT ?= 600
CACHE_DIR  ?= $(or $(H5X_CACHE_DIR),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/h5x)

.PHONY: all setup configure build demo test test-plain test-sanitized test-threads test-fuzz memcheck bench install clean

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

test: test-plain test-sanitized test-threads test-fuzz

test-plain: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout $(TEST_TIMEOUT)

test-sanitized: setup
	@$(call configure,$(ASAN_BUILD),-DH5X_SANITIZE=ON)
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS) --timeout $(TEST_TIMEOUT) -LE no-sanitizer

# The threads tests in a ThreadSanitizer build of the library, the two
# connectors they run against and the filter plugins whose chunks they
# filter on several threads (nothing else is built there).
test-threads: setup
	@$(call configure,$(TSAN_BUILD),-DH5X_TSAN=ON)
	@cmake --build $(TSAN_BUILD) -j $(JOBS) --target test_threads h5x_native h5x_core \
		test_native_filtered_io unit_test_parallel h5x_blosc h5x_lz4 h5x_zstd
	cd $(TSAN_BUILD) && ctest --output-on-failure -L threads

# Every libFuzzer target for a short while (tests/fuzz/README.md), in a
# clang build whose library and plugins carry coverage and ASan+UBSan.
test-fuzz: setup
	@$(call configure,$(FUZZ_BUILD),-DCMAKE_C_COMPILER=clang -DH5X_FUZZ=ON)
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz-all
	cd $(FUZZ_BUILD) && ctest --output-on-failure -j $(JOBS) -L fuzz

# The conformance and interop suites with every h5x program they start
# under valgrind memcheck (tests/memcheck/memcheck.py): slow, so not part
# of `make test`.
memcheck: build
	tests/memcheck/memcheck.py --build $(BUILD) --jobs $(JOBS)

bench: setup
	@$(call configure,$(BENCH_BUILD),-DCMAKE_BUILD_TYPE=Release)
	@cmake --build $(BENCH_BUILD) -j $(JOBS)
	@cmake --build $(BENCH_BUILD) --target run-bench

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
