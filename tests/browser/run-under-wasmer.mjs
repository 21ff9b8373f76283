// run-under-wasmer.mjs — runs pipeline_executor_wasm.wasm under @wasmer/sdk, the other
// browser loader (DESIGN §1), through its Node entry: the same WASIX implementation a page
// gets from `@wasmer/sdk/browser`, without the page (which would need cross-origin
// isolation headers). Each document is one process of a single sandbox.
//
//   node tests/browser/run-under-wasmer.mjs prog.wasm DOCUMENT.json...
//
// Prints what run-in-browser.mjs prints, a JSON line per document:
//   {"document": "...", "exit_code": N, "stdout": "...", "stderr": "...", "error": null, "ms": T}
// where `error` says why a process did not exit on its own (a trap, a timeout) and `ms`
// is the process's time. No --python-path: the sandbox's files live under /workspace, so
// a user module's traceback would name another path than natively.
import { readFileSync } from 'node:fs';
import { Wasmer } from '@wasmer/sdk/node';

function usage(message) {
  process.stderr.write(`error: ${message}\n` +
    'usage: node tests/browser/run-under-wasmer.mjs prog.wasm DOCUMENT.json...\n');
  process.exit(2);
}

const [wasmPath, ...documents] = process.argv.slice(2);
if (!wasmPath || documents.length === 0) usage('a .wasm and at least one document are needed');
let program;
try {
  program = readFileSync(wasmPath);
} catch (e) {
  usage(e.message);
}

// fatal: output that is not UTF-8 is an error rather than patched up.
const decode = (captured) => {
  if (captured.truncated) throw new Error('output cut at the sandbox\'s limit');
  return new TextDecoder('utf-8', { fatal: true }).decode(captured.bytes);
};

const wasmer = new Wasmer({ cache: false, outputBytes: 256 << 20 });
let failed = false;
try {
  const pkg = await wasmer.packages.load(new Uint8Array(program));
  const sandbox = await wasmer.sandboxes.create({ packages: [pkg] });
  for (const document of documents) {
    const started = performance.now();
    const out = await sandbox.command(pkg, []).run({ stdin: readFileSync(document), check: false, timeoutMs: 60000 });
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const error = out.reason === 'exited' ? null : `the process ended by ${out.reason}`;
    process.stdout.write(JSON.stringify({
      document, exit_code: out.exitCode, stdout: decode(out.stdout), stderr: decode(out.stderr), error, ms,
    }) + '\n');
  }
  await sandbox.close();
} catch (e) {
  process.stderr.write(`error: ${e?.message ?? e}\n`);
  failed = true;
} finally {
  await wasmer.close();
}
process.exit(failed ? 1 : 0);
