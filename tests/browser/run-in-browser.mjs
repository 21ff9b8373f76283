// run-in-browser.mjs — runs pipeline_executor_wasm.wasm in headless Chromium the way a web
// page does: served by scripts/serve-web.mjs, compiled once by web/runner.js
// (WebAssembly.compileStreaming), each run a fresh instance under
// @bjorn3/browser_wasi_shim, on the page's main thread or, with --worker, in web/worker.js,
// a dedicated module worker (where a real page should run it: the shim is synchronous, and
// a worker's native stack is smaller).
//
//   node tests/browser/run-in-browser.mjs [--worker] [--python-path DIR] prog.wasm DOCUMENT.json...
//
// Each DOCUMENT is the program's stdin, byte for byte. Prints one JSON line per document:
//   {"document": "...", "exit_code": N, "stdout": "...", "stderr": "...", "error": null, "ms": T}
// as web/runner.js returns it. The page has no filesystem besides --python-path: DIR's
// regular files, preopened at the same absolute path and passed on as `--python-path DIR`,
// as scripts/wasi-run.mjs does. Chromium is Debian's /usr/bin/chromium (or $CHROMIUM).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { onPage } from './chromium.mjs';

// The harness page: runOnce(stdin as base64) -> result, on its own thread or through the
// worker, as the query string says.
const harness = `<!doctype html><meta charset="utf-8"><script type="module">
const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
if (new URLSearchParams(location.search).has('worker')) {
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
    worker.postMessage({ id: next++, stdin: bytes(stdin) });
  });
} else {
  const { prepare, run } = await import('/runner.js');
  await prepare();
  window.runOnce = (stdin) => run(bytes(stdin));
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

try {
  await onPage({
    wasmPath, pythonPath,
    extraRoutes: { '/test.html': ['text/html', () => harness] },
    path: worker ? '/test.html?worker' : '/test.html',
    isReady: () => window.ready === true,
  }, async (tab) => {
    for (const document of documents) {
      const stdin = readFileSync(document).toString('base64');
      const result = await tab.evaluate((bytes) => window.runOnce(bytes), stdin);
      process.stdout.write(JSON.stringify({ document, ...result }) + '\n');
    }
  });
} catch (e) {
  process.stderr.write(`error: ${e?.message ?? e}\n`);
  process.exit(1);
}
process.exit(0);
