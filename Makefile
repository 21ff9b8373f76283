# remotemedia — the two commands: `make run` and `make test`.
BUILD_DIR := build/native
CLI := $(BUILD_DIR)/remotemedia
WASM_DIR := build/wasm

.PHONY: all deps web-deps test-deps configure build wasi-python wasm web run test bench bench-wasm asan clean

all: build

deps:
	@bash scripts/install-deps.sh

# The browser demo's npm package (web/).
web-deps:
	@bash scripts/install-deps.sh --web

# What only the tests need besides: Chromium and the npm packages of web/ and tests/browser.
test-deps:
	@bash scripts/install-deps.sh --test

$(BUILD_DIR)/build.ninja: | deps
	cmake --preset native >/dev/null

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build --preset native

# The WebAssembly form: $(WASM_DIR)/pipeline_executor_wasm.wasm (README "WebAssembly").
# Its CPython is built once per machine into a cache outside the tree (seconds when cached).
wasi-python: deps
	@bash scripts/build-wasi-python.sh >/dev/null

$(WASM_DIR)/build.ninja: | deps wasi-python
	cmake --preset wasm >/dev/null

wasm: deps wasi-python $(WASM_DIR)/build.ninja
	cmake --build --preset wasm

# The .wasm in a web page: serves the demo (web/) on http://127.0.0.1:8080/ until Ctrl-C.
web: wasm web-deps
	node scripts/serve-web.mjs

# Runs every example pipeline and prints its result.
run: build
	@bash scripts/run-examples.sh $(CLI)

# Both forms; the wasm tests (tests/wasm) fail rather than skip if the .wasm, Chromium or
# the npm packages of web/ and tests/browser are missing.
test: build wasm test-deps
	REMOTEMEDIA_REQUIRE_WASM=1 ctest --preset native -j2

bench: build
	@bash bench/run.sh $(BUILD_DIR)

# WebAssembly ÷ native, cold starts and peak memory (README "WebAssembly").
bench-wasm: build wasm
	@bash bench/wasm.sh $(BUILD_DIR) $(WASM_DIR)/pipeline_executor_wasm.wasm

asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	ctest --preset asan -j2

clean:
	rm -rf build
