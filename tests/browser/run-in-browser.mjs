// run-in-browser.mjs — runs pipeline_executor_wasm.wasm in headless Chromium the way a web
// page would: fetched over HTTP, compiled once with WebAssembly.compileStreaming, each run
// a fresh instance under @bjorn3/browser_wasi_shim, on the page's main thread or, with
// --worker, in a dedicated module worker (where a real page should run it: the shim is
// synchronous, and a worker's native stack is smaller).
//
//   node tests/browser/run-in-browser.mjs [--worker] [--python-path DIR] prog.wasm DOCUMENT.json...
//
// Each DOCUMENT is the program's stdin, byte for byte. Prints one JSON line per document:
//   {"document": "...", "exit_code": N, "stdout": "...", "stderr": "...", "error": null, "ms": T}
// where `error` is what a run threw instead of exiting (a trap, a JS stack overflow) and
// `ms` the time from instantiating the compiled module to the program's exit.
// The page has no filesystem besides --python-path: DIR's regular files, preopened at the
// same absolute path and passed on as `--python-path DIR`, as scripts/wasi-run.mjs does.
// Chromium is Debian's /usr/bin/chromium (or $CHROMIUM), driven by playwright-core;
// tests/browser/package.json pins both npm packages (`npm ci` there installs them).
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const here = new URL('.', import.meta.url).pathname;
const shimDir = join(here, 'node_modules/@bjorn3/browser_wasi_shim/dist');

// What runs the program, in the page or in its worker: prepare() compiles the module once
// and fetches the Python directory's files; run(stdin) runs one document.
const runnerModule = `import { WASI, File, OpenFile, ConsoleStdout, PreopenDirectory } from '/shim/index.js';
let config, files, module;
export async function prepare() {
  config = await (await fetch('/config.json')).json();
  files = new Map();
  for (const name of config.pythonFiles)
    files.set(name, new File(new Uint8Array(await (await fetch('/python/' + name)).arrayBuffer()), { readonly: true }));
  module = await WebAssembly.compileStreaming(fetch('/program.wasm'));
}
export async function run(stdinBase64) {
  const stdin = Uint8Array.from(atob(stdinBase64), (c) => c.charCodeAt(0));
  // fatal: output that is not UTF-8 throws (the run's error) rather than being patched up.
  const decoder = () => { const d = new TextDecoder('utf-8', { fatal: true }); return [d, { text: '' }]; };
  const [outDecoder, out] = decoder(), [errDecoder, err] = decoder();
  const fds = [
    new OpenFile(new File(stdin)),
    new ConsoleStdout((b) => { out.text += outDecoder.decode(b, { stream: true }); }),
    new ConsoleStdout((b) => { err.text += errDecoder.decode(b, { stream: true }); }),
  ];
  const args = ['pipeline_executor_wasm.wasm'];
  if (config.pythonPath) {
    fds.push(new PreopenDirectory(config.pythonPath, files));
    args.push('--python-path', config.pythonPath);
  }
  const wasi = new WASI(args, [], fds, { debug: false });
  const started = performance.now();
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
  let exitCode = null, error = null;
  try { exitCode = wasi.start(instance); }
  catch (e) { error = (e?.constructor?.name ?? 'Error') + ': ' + (e?.message ?? e); }
  const ms = Math.round((performance.now() - started) * 10) / 10;
  return { exit_code: exitCode, stdout: out.text, stderr: err.text, error, ms };
}`;

// A dedicated module worker around the runner: one message per document.
const workerModule = `import { prepare, run } from '/runner.js';
await prepare();
onmessage = async ({ data }) => postMessage({ id: data.id, result: await run(data.stdin) });
postMessage({ ready: true });`;

// The page exposes runOnce(stdin) -> result, on its own thread or through the worker.
const page = `<!doctype html><meta charset="utf-8"><script type="module">
const config = await (await fetch('/config.json')).json();
if (config.worker) {
  const worker = new Worker('/worker.js', { type: 'module' });
  const pending = new Map();
  let next = 0;
  worker.onerror = (e) => {  // a run that cannot finish is a result, not a hang
    for (const done of pending.values()) done({ exit_code: null, stdout: '', stderr: '', error: 'worker: ' + e.message });
    pending.clear();
    throw new Error('worker: ' + e.message);
  };
  worker.onmessage = ({ data }) => {
    if (data.ready) { window.ready = true; return; }
    pending.get(data.id)(data.result);
    pending.delete(data.id);
  };
  window.runOnce = (stdin) => new Promise((done) => {
    pending.set(next, done);
    worker.postMessage({ id: next++, stdin });
  });
} else {
  const { prepare, run } = await import('/runner.js');
  await prepare();
  window.runOnce = run;
  window.ready = true;
}
</script>`;

function usage(message) {
  process.stderr.write(`error: ${message}\n` +
    'usage: node tests/browser/run-in-browser.mjs [--worker] [--python-path DIR] prog.wasm DOCUMENT.json...\n');
  process.exit(2);
}

const argv = process.argv.slice(2);
let pythonPath = null, worker = false;
if (argv[0] === '--worker') {
  argv.shift();
  worker = true;
}
if (argv[0] === '--python-path') {
  argv.shift();
  pythonPath = resolve(argv.shift() ?? usage('--python-path needs a directory'));
}
const [wasmPath, ...documents] = argv;
if (!wasmPath || documents.length === 0) usage('a .wasm and at least one document are needed');
let program, pythonFiles;
try {
  program = readFileSync(wasmPath);
  pythonFiles = pythonPath ? readdirSync(pythonPath).filter((name) => statSync(join(pythonPath, name)).isFile()) : [];
} catch (e) {
  usage(e.message);
}

const routes = {
  '/': ['text/html', () => page],
  '/config.json': ['application/json', () => JSON.stringify({ pythonPath, pythonFiles, worker })],
  '/runner.js': ['text/javascript', () => runnerModule],
  '/worker.js': ['text/javascript', () => workerModule],
  '/program.wasm': ['application/wasm', () => program],
};
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  let type, body;
  if (routes[path]) {
    [type, body] = [routes[path][0], routes[path][1]()];
  } else if (path.startsWith('/shim/') && /^[\w.]+\.js$/.test(path.slice(6))) {
    [type, body] = ['text/javascript', readFileSync(join(shimDir, path.slice(6)))];
  } else if (path.startsWith('/python/') && pythonFiles.includes(path.slice(8))) {
    [type, body] = ['application/octet-stream', readFileSync(join(pythonPath, path.slice(8)))];
  } else {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': type }).end(body);
});
await new Promise((ready) => server.listen(0, '127.0.0.1', ready));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  // As root (CI) Chromium needs --no-sandbox; containers often have a small /dev/shm.
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failed = false;
try {
  const tab = await browser.newPage();
  const pageErrors = [];
  tab.on('pageerror', (e) => pageErrors.push(String(e)));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => window.ready === true, null, { timeout: 60000 })
    .catch((e) => { throw new Error(`the page did not load the program: ${pageErrors.join('; ') || e.message}`); });
  for (const document of documents) {
    const stdin = readFileSync(document).toString('base64');
    const result = await tab.evaluate((bytes) => window.runOnce(bytes), stdin);
    process.stdout.write(JSON.stringify({ document, ...result }) + '\n');
  }
} catch (e) {
  process.stderr.write(`error: ${e?.message ?? e}\n`);
  failed = true;
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
