// worker.js — a dedicated module worker around runner.js: the page posts
// {id, stdin} and gets {id, result} back, one run at a time; {ready: true} comes first,
// once the module is compiled. A run that cannot finish (the worker dies) is the page's
// `error` event.
import { prepare, run } from './runner.js';

await prepare();
onmessage = async ({ data }) => postMessage({ id: data.id, result: await run(data.stdin) });
postMessage({ ready: true });
