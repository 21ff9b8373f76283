# remotemedia — the two commands: `make run` and `make test`.
BUILD_DIR := build/native
CLI := $(BUILD_DIR)/remotemedia

.PHONY: all deps configure build run test bench asan clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake --preset native >/dev/null

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build --preset native

# Runs every example pipeline and prints its result.
run: build
	@bash scripts/run-examples.sh $(CLI)

test: build
	ctest --preset native -j2

bench: build
	@bash bench/run.sh $(BUILD_DIR)

asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	ctest --preset asan -j2

clean:
	rm -rf build
