/* The Python archives packed into pipeline_executor_wasm.wasm (C23 #embed, clang >= 19;
 * clang 19's #embed in C++ fails with a narrowing error, hence a C file). cmake/wasm.cmake
 * defines the two paths: the trimmed stdlib from scripts/build-wasi-python.sh's prefix
 * and the project's python/remotemedia package, both zips of .pyc. */
#ifndef REMOTEMEDIA_STDLIB_ZIP
#error "REMOTEMEDIA_STDLIB_ZIP (path of python311.zip) must be defined"
#endif
#ifndef REMOTEMEDIA_SDK_ZIP
#error "REMOTEMEDIA_SDK_ZIP (path of the remotemedia package zip) must be defined"
#endif

__attribute__((aligned(16))) const unsigned char remotemedia_stdlib_zip[] = {
#embed REMOTEMEDIA_STDLIB_ZIP
};
const unsigned long remotemedia_stdlib_zip_size = sizeof remotemedia_stdlib_zip;

__attribute__((aligned(16))) const unsigned char remotemedia_sdk_zip[] = {
#embed REMOTEMEDIA_SDK_ZIP
};
const unsigned long remotemedia_sdk_zip_size = sizeof remotemedia_sdk_zip;
