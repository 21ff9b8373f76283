// run-demo-page.mjs — runs documents through the demo page (web/index.html) as a user
// would: open the page, put the document in its text box, press Run, read what it shows.
//
//   node tests/browser/run-demo-page.mjs [--python-path DIR] [--stop-worker] prog.wasm DOCUMENT.json...
//
// --stop-worker makes the page's worker throw, uncaught, when it gets the first run: the
// way a worker dies (the page cannot tell it from an out-of-memory or a bug in the
// worker), to see that the page reports that run and starts a new worker for the next.
//
// Prints one JSON line per document, as run-in-browser.mjs does:
//   {"document": "...", "exit_code": N, "stdout": "...", "stderr": "...", "error": null, "ms": null}
// from the page's #stdout, #stderr and #status (data-exit-code; `error` is the status text
// when the run did not exit).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { onPage } from './chromium.mjs';

function usage(message) {
  process.stderr.write(`error: ${message}\n` +
    'usage: node tests/browser/run-demo-page.mjs [--python-path DIR] [--stop-worker] prog.wasm DOCUMENT.json...\n');
  process.exit(2);
}

const argv = process.argv.slice(2);
let pythonPath = null;
let stopWorker = false;
while (argv[0]?.startsWith('--')) {
  const flag = argv.shift();
  if (flag === '--python-path') pythonPath = resolve(argv.shift() ?? usage('--python-path needs a directory'));
  else if (flag === '--stop-worker') stopWorker = true;
  else usage(`unknown option ${flag}`);
}
const [wasmPath, ...documents] = argv;
if (!wasmPath || documents.length === 0) usage('a .wasm and at least one document are needed');

// Presses Run and waits for the run to end; returns what the page shows.
async function pressRun(tab) {
  await tab.click('#run');
  await tab.waitForFunction(() => ['done', 'error'].includes(document.getElementById('status').dataset.state),
    null, { timeout: 120000 });
  return tab.evaluate(() => {
    const status = document.getElementById('status');
    const exitCode = status.dataset.exitCode;
    return {
      exit_code: exitCode === '' || exitCode === undefined ? null : Number(exitCode),
      stdout: document.getElementById('stdout').textContent,
      stderr: document.getElementById('stderr').textContent,
      error: status.dataset.state === 'error' ? status.textContent : null,
      ms: null,
    };
  });
}

try {
  await onPage({
    wasmPath, pythonPath, path: '/',
    isReady: () => document.getElementById('status').dataset.state === 'ready' &&
                   !document.getElementById('example').disabled,
  }, async (tab) => {
    if (stopWorker) {
      const [worker] = tab.workers();
      await worker.evaluate(() => { self.onmessage = () => { throw new Error('stopped by the test'); }; });
    }
    for (const document of documents) {
      await tab.fill('#document', readFileSync(document, 'utf8'));
      process.stdout.write(JSON.stringify({ document, ...await pressRun(tab) }) + '\n');
    }
  });
} catch (e) {
  process.stderr.write(`error: ${e?.message ?? e}\n`);
  process.exit(1);
}
process.exit(0);
