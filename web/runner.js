// runner.js — runs pipeline_executor_wasm.wasm in a web page or a worker, the way
// scripts/wasi-run.mjs runs it under Node: one document on stdin, the result JSON on
// stdout, `error: ...` lines on stderr, an exit code. WASI comes from
// @bjorn3/browser_wasi_shim, which the server maps at ./shim/ (scripts/serve-web.mjs).
//
//   await prepare();                     // once: compile the module, fetch the Python files
//   const result = await run(bytes);     // per document: a fresh instance
//   // { exit_code, stdout, stderr, error, ms }
//
// `error` is what a run threw instead of exiting (a trap, a JS stack overflow, a module
// that cannot be instantiated: exit_code is then null) and `ms` the time from
// instantiating the compiled module to the program's exit.
// The program sees no files but the Python directory the server names in /config.json
// (`pythonPath`, `pythonFiles`): its regular files, preopened at the same path and passed
// on as `--python-path`, for Python nodes of the user's own modules ("module:Class"). The
// stdlib and the SDK are inside the .wasm.
//
// The shim is synchronous: a run blocks its thread until the program exits, so a page
// should call run() in a worker (web/worker.js), whose blocking the page does not feel.
import { WASI, File, OpenFile, ConsoleStdout, PreopenDirectory } from './shim/index.js';

let config, files, module;

export async function prepare() {
  config = await (await fetch('/config.json')).json();
  files = new Map();
  for (const name of config.pythonFiles) {
    const bytes = new Uint8Array(await (await fetch('/python/' + encodeURIComponent(name))).arrayBuffer());
    files.set(name, new File(bytes, { readonly: true }));
  }
  // Compiles while the bytes arrive; V8 compiles each function when it is first called.
  module = await WebAssembly.compileStreaming(fetch('/pipeline_executor_wasm.wasm'));
}

// stdin: the document's bytes (a Uint8Array) or text.
export async function run(stdin) {
  if (!module) throw new Error('run() before prepare()');
  const bytes = typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin;
  // fatal: output that is not UTF-8 throws (the run's error) rather than being patched up.
  const collector = () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const sink = { text: '' };
    return [sink, new ConsoleStdout((b) => { sink.text += decoder.decode(b, { stream: true }); })];
  };
  const [out, stdout] = collector();
  const [err, stderr] = collector();
  const fds = [new OpenFile(new File(bytes)), stdout, stderr];
  const args = ['pipeline_executor_wasm.wasm'];
  if (config.pythonPath) {
    fds.push(new PreopenDirectory(config.pythonPath, files));
    args.push('--python-path', config.pythonPath);
  }
  const wasi = new WASI(args, [], fds, { debug: false });
  const started = performance.now();
  let exitCode = null, error = null;
  try {
    // Inside the try: a module that cannot be instantiated (an import the shim lacks, too
    // little memory for its initial pages) is this run's error, not a rejected promise
    // that a worker would drop, leaving the page waiting for a result.
    const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
    exitCode = wasi.start(instance);
  } catch (e) {
    error = (e?.constructor?.name ?? 'Error') + ': ' + (e?.message ?? e);
  }
  const ms = Math.round((performance.now() - started) * 10) / 10;
  return { exit_code: exitCode, stdout: out.text, stderr: err.text, error, ms };
}
