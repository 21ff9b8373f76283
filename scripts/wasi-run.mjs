// wasi-run.mjs — runs a WASI preview 1 command module (pipeline_executor_wasm.wasm) under
// Node's built-in node:wasi: the stand-in for `wasmtime run` in tests and benchmarks.
//
//   node scripts/wasi-run.mjs [options] prog.wasm [args...]
//
//   --python-path DIR  preopen host directory DIR (at the same absolute path inside the
//                      sandbox) and pass `--python-path DIR` to the program, which adds it
//                      to Python's import path; repeatable
//   --dir GUEST=HOST   preopen host directory HOST as GUEST; repeatable
//   --stack-mb N       run on a worker thread with an N MiB native stack (V8's default of
//                      about 1 MiB limits how deeply wasm code can recurse)
//   --tier-up          let V8 recompile hot functions with its optimizing compiler
//                      (TurboFan), as it does by default, on all cores but one; without
//                      this option the runner keeps V8's baseline compiler (Liftoff) only,
//                      but for the functions the module's compilation hints give to
//                      TurboFan — see below
//   --memory-report F  when the program ends, write {"linear_memory_bytes": N} to file F:
//                      the size its linear memory grew to, i.e. its peak (wasm memory
//                      never shrinks); for benchmarks
//   --no-compile-hints compile every function on its first call, even when the module
//                      names the ones to compile before it starts (see below)
//
// stdin, stdout and stderr are this process's own fds; the program's exit code becomes
// ours. No environment variable and no directory that is not listed reaches the program.
// A trap (unreachable, out-of-bounds access, a native stack overflow) prints
// "error: wasm trap: ..." on stderr and exits 134; a program that cannot be read, compiled
// or instantiated, or is not a WASI command, prints "error: prog.wasm: ..." and exits 2,
// as a usage error does.
// Tested with Node 20 (where node:wasi is "experimental") and newer.
//
// Why Liftoff only by default: with V8's dynamic tiering, the functions that start CPython
// (~180 of them, ~0.3 s of TurboFan's time) are recompiled while the program runs, and
// Liftoff's code also counts calls and loop iterations. The functions every item goes
// through, CPython's interpreter loop among them, are optimized anyway, as the module's
// compilation hints say (below). Measured under Node 20 on 2 cores, --tier-up against
// the default (native CLI in brackets): one Python node's cold start ~215 ms against
// ~185 ms; 5 Python text nodes over 10 000 strings ~31 ms against ~26 ms (~17 ms);
// 10 PassThroughs over 1 000 000 ints ~67 ms either way (~62 ms). So --tier-up is only
// for long runs whose hot code the hints do not name.
//
// Compilation hints: a module with a `compilationHints` section (pipeline_executor_wasm
// has one, from scripts/wasm-compile-hints.py) has the functions it names compiled while
// the module is compiled, on all cores, and the others on their first call; those whose
// top tier the hints make TurboFan are then recompiled on a background thread. Without
// one, or with --no-compile-hints, or under a V8 other than Node 20's, every function is
// compiled on its first call, on the thread that calls it.
// Only the modules every run needs are imported up front: each built-in module loaded
// through the ES module loader costs start-up time (node:fs/promises alone ~10 ms).
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
// `process` is the global one. `import process from 'node:process'` would build the
// module's namespace, i.e. read process.stdin/stdout/stderr, and that switches pipes on
// fds 0-2 to non-blocking mode: the program's writes to a slow reader then fail with
// EAGAIN and its output is cut short (at 64 KiB, a pipe's buffer) without any error.

// Drop only Node 20's ExperimentalWarning for node:wasi. A dynamic import, because static
// imports are evaluated before this filter would be installed.
const emitWarning = process.emitWarning;
process.emitWarning = (w, ...a) =>
  (String(a[0]?.type ?? a[0]) === 'ExperimentalWarning' ? undefined : emitWarning.call(process, w, ...a));
const { WASI } = await import('node:wasi');
const v8 = await import('node:v8');

// Messages go straight to fd 2, for the same reason: never touch process.stdout/stderr.
const say = (text) => writeSync(2, text.endsWith('\n') ? text : text + '\n');

// Each WASI function behind a plain JS function. Called directly from wasm, Node 20's
// node:wasi functions take V8's "fast API" path, which after the program grows its linear
// memory (memory.grow) may read and write the memory's old backing store: past a few
// growths node crashes (SIGSEGV, or a V8 fatal error in the GC) or output is lost. Through
// a JS wrapper every call takes the regular path, which looks the memory up each time.
// The cost is one JS call per system call; the program makes few (64 KiB reads, one write).
function slowCallImports(importObject) {
  const wrapped = {};
  for (const [moduleName, functions] of Object.entries(importObject)) {
    wrapped[moduleName] = {};
    for (const [name, fn] of Object.entries(functions))
      wrapped[moduleName][name] = typeof fn === 'function' ? (...args) => fn(...args) : fn;
  }
  return wrapped;
}

// V8 11 (Node 20) reads this form of the section: the flag is experimental, and a V8
// without it would print "unrecognized flag" into the program's output. On another V8
// every function is compiled on first call, as with --no-compile-hints.
const hintsKnownToV8 = process.versions.v8.startsWith('11.');

// Whether the module (a Buffer) has a `compilationHints` custom section. Only section
// headers are read: the hints come before the Code section, and the walk stops there. A
// file that ends inside a header has none: V8 then says what is wrong with it.
function hasCompilationHints(bytes) {
  let pos = 8;  // after the magic number and the version
  const uleb = () => {
    let value = 0;
    for (let shift = 0; pos < bytes.length; shift += 7) {
      const byte = bytes[pos++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return undefined;
  };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = uleb();
    if (size === undefined || id === 10) return false;  // cut short, or the Code section
    const end = pos + size;
    if (id === 0) {
      const nameSize = uleb();
      if (nameSize !== undefined && bytes.toString('latin1', pos, pos + nameSize) === 'compilationHints') return true;
    }
    pos = end;
  }
  return false;
}

// Runs the program and returns its exit code. proc_exit(n) makes start() return n
// (returnOnExit): the process then ends through process.exit(), whose teardown stops
// V8's worker threads before anything is destroyed. node:wasi's own proc_exit calls the
// C library's exit() at once, which runs Node's static destructors while those threads
// go on: a garbage collector's background task (the array-buffer sweeper, busy after
// the program grew its memory many times) then crashed node with SIGSEGV after the
// program had exited 0. The teardown waits for the compile jobs in flight: ~3 ms for a
// Python node by default; under --tier-up see runToEnd().
function runWasm({ wasmPath, args, preopens, memoryReport, compileHints, compilerThreads }) {
  const wasi = new WASI({
    version: 'preview1',
    args: [basename(wasmPath), ...args],  // argv[0]: no host path inside the guest
    env: {},
    preopens,
    stdin: 0, stdout: 1, stderr: 2,
    returnOnExit: true,
  });
  const imports = wasi.getImportObject();
  // Synchronous compile and instantiate: the asynchronous forms add a round trip through
  // the event loop and a thread hop, ~10 ms of a cold start, for nothing to overlap.
  const bytes = readFileSync(wasmPath);
  if (compileHints && hintsKnownToV8 && hasCompilationHints(bytes)) {
    // V8 applies the hints only with lazy compilation off; the functions they leave
    // lazy are still compiled (and validated, --wasm-lazy-validation) on first call.
    v8.setFlagsFromString('--experimental-wasm-compilation-hints');
    v8.setFlagsFromString('--no-wasm-lazy-compilation');
  }
  const module = new WebAssembly.Module(bytes);
  // Only for the compilations queued from now on: the threads already compiling go on.
  v8.setFlagsFromString(compilerThreads);
  const instance = new WebAssembly.Instance(module, slowCallImports(imports));
  // What wasi.start() needs, checked here so that a module that is not a WASI command is
  // a program that cannot run (exit code 2), not a trap.
  const { memory, _start: start } = instance.exports;
  if (!(memory instanceof WebAssembly.Memory) || typeof start !== 'function')
    throw new Error('not a WASI command: it must export "memory" and "_start"');
  let code;
  try {
    code = wasi.start(instance) ?? 0;
  } catch (e) {
    say(`error: wasm trap: ${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
    code = 134;
  }
  // The program returned from _start, trapped, or called proc_exit.
  if (memoryReport)
    writeFileSync(memoryReport, JSON.stringify({ linear_memory_bytes: memory.buffer.byteLength }) + '\n');
  return code;
}

// Runs the program as runWasm() does; under --tier-up, then collects its module. V8's
// tiering leaves TurboFan a queue of functions that were hot while CPython started
// (~0.1 s of work after one Python node), and Node's teardown waits for the compile job
// to finish it; the job stops at its next function once the module is gone. Two full
// collections free it (the second runs what the first left to finalize): one Python
// node's cold start ~313 -> ~210 ms, the empty manifest's ~100 -> ~111 ms. By default
// the queue is a few ms long, which the collections would cost more than.
// `vm` is node:vm under --tier-up, imported only then (see the imports above).
function runToEnd(job, vm) {
  const code = runWasm(job);
  if (job.tierUp) {
    // A flag set after V8 started: a Node that ignores it leaves `gc` undefined, and the
    // exit only waits as it did; the program's exit code stands either way.
    v8.setFlagsFromString('--expose-gc');
    const collectGarbage = vm.runInNewContext('typeof gc === "function" ? gc : undefined');
    collectGarbage?.();
    collectGarbage?.();
  }
  return code;
}

function usage(message) {
  if (message) say(`error: ${message}`);
  say('usage: node scripts/wasi-run.mjs [--python-path DIR]... [--dir GUEST=HOST]... ' +
      '[--stack-mb N] [--tier-up] [--memory-report FILE] [--no-compile-hints] prog.wasm [args...]');
  process.exit(2);
}

if (isMainThread) {
  const argv = process.argv.slice(2);
  const preopens = {};
  const programArgs = [];
  let stackMb = 0;
  let memoryReport;
  let tierUp = false;
  let compileHints = true;
  while (argv[0]?.startsWith('--')) {
    const flag = argv.shift();
    if (flag === '--tier-up') {
      tierUp = true;
      continue;
    }
    if (flag === '--no-compile-hints') {
      compileHints = false;
      continue;
    }
    const value = argv.shift();
    if (value === undefined) usage(`${flag} needs a value`);
    if (flag === '--python-path') {
      const dir = resolve(value);
      preopens[dir] = dir;
      programArgs.push('--python-path', dir);
    } else if (flag === '--dir') {
      const [guest, host] = value.split('=');
      preopens[guest] = host ?? guest;
    } else if (flag === '--memory-report') {
      memoryReport = resolve(value);
    } else if (flag === '--stack-mb') {
      stackMb = Number(value);
      if (!(stackMb > 0)) usage(`--stack-mb needs a positive number, not ${value}`);
    } else {
      usage(`unknown option ${flag}`);
    }
  }
  const [wasmPath, ...args] = argv;
  if (!wasmPath) usage();
  // Before anything is compiled; a worker thread shares the flags.
  // V8 compiles with as many background threads as it likes. While the program runs,
  // they must leave it its own core: on 2 cores, 5 Python text nodes took 110-150 ms
  // under --tier-up against 86-96 ms with one thread, and with the hints' background
  // compilations (optimize-in-background.txt) ~36 ms against ~35 ms, a Python node's
  // cold start ~134 against ~121 ms. Before the start, the module's compilation itself
  // needs them all (the empty manifest: ~73 ms against ~96 ms with one thread).
  const { availableParallelism } = await import('node:os');
  const compilerThreads = `--wasm-num-compilation-tasks=${Math.max(1, availableParallelism() - 1)}`;
  if (!tierUp) {
    v8.setFlagsFromString('--liftoff-only');
  } else {
    v8.setFlagsFromString(compilerThreads);
  }
  // V8 compiles each function when it is first called; with this it also validates it
  // then rather than all 3 MB of code before the start (~10 ms). A malformed function is
  // then a CompileError when it is first called, reported like a trap.
  v8.setFlagsFromString('--wasm-lazy-validation');
  const job = {
    wasmPath, args: [...programArgs, ...args], preopens, memoryReport, compileHints, compilerThreads, tierUp,
  };
  try {
    if (stackMb > 0) {
      const worker = new Worker(new URL(import.meta.url), {
        workerData: job, resourceLimits: { stackSizeMb: stackMb },
        stdin: false, stdout: false, stderr: false,
      });
      worker.on('message', ({ code, loadError }) => {
        if (loadError === undefined) return void (process.exitCode = code);
        say(`error: ${wasmPath}: ${loadError}`);
        process.exitCode = 2;
      });
      worker.on('error', (e) => { say(`error: ${e?.stack ?? e}`); process.exitCode = 134; });
    } else {
      process.exit(runToEnd(job, tierUp ? await import('node:vm') : undefined));
    }
  } catch (e) {
    say(`error: ${wasmPath}: ${e?.message ?? e}`);
    process.exitCode = 2;
  }
} else {
  // A program that cannot be read, compiled or instantiated, or is not a WASI command, is
  // reported as on the main thread (exit code 2); a trap while it runs is runWasm's (134).
  try {
    const vm = workerData.tierUp ? await import('node:vm') : undefined;
    parentPort.postMessage({ code: runToEnd(workerData, vm) });
  } catch (e) {
    parentPort.postMessage({ loadError: e?.message ?? String(e) });
  }
}
