// demo.js — the demo page: pick an example or write a document, run it in a worker
// (worker.js), show stdout, stderr and the exit code as the CLI would print them.
// #status carries the state for scripts too: data-state is loading, ready, running, done
// or error; after a run, data-exit-code is the exit code ("" if the run did not exit).
const $ = (id) => document.getElementById(id);
const status = $('status');

let workerReady = false;  // Run is enabled only when the worker can take a run

function show(state, text, exitCode) {
  status.dataset.state = state;
  status.textContent = text;
  if (exitCode !== undefined) status.dataset.exitCode = exitCode ?? '';
  $('run').disabled = !workerReady || state === 'running';
}

// The worker; a new one after a run that killed it (a trap in the worker's own code path,
// an out-of-memory), so that the next run starts clean. If it cannot load the program,
// the page says so and stays that way.
let worker, pending = null;
function startWorker() {
  workerReady = false;
  worker = new Worker('/worker.js', { type: 'module' });
  worker.onmessage = ({ data }) => {
    if (data.ready) {
      workerReady = true;
      // After a restart the status still tells about the run that stopped the worker.
      if (status.dataset.state === 'loading') show('ready', 'ready');
      else $('run').disabled = status.dataset.state === 'running';
      return;
    }
    const done = pending;
    pending = null;
    done?.(data.result);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    const done = pending;
    pending = null;
    worker.terminate();
    if (!done) return show('error', 'the program could not be loaded: ' + e.message);  // no retry loop
    done({ exit_code: null, stdout: '', stderr: '', error: 'the worker stopped: ' + e.message });
    startWorker();
  };
}

async function runDocument() {
  show('running', 'running…');
  $('stdout').textContent = $('stderr').textContent = '';
  const result = await new Promise((done) => {
    pending = done;
    worker.postMessage({ id: 0, stdin: $('document').value });
  });
  $('stdout').textContent = result.stdout;
  $('stderr').textContent = result.stderr;
  if (result.error) show('error', `the run did not exit: ${result.error}`, null);
  else show('done', `exit code ${result.exit_code} · ${result.ms} ms`, result.exit_code);
}

async function loadExamples() {
  const examples = await (await fetch('/examples.json')).json();
  const select = $('example');
  select.replaceChildren(...examples.map(({ name }) => new Option(name, name)));
  const pick = () => { $('document').value = examples.find((e) => e.name === select.value)?.text ?? ''; };
  select.onchange = pick;
  select.value = examples.some((e) => e.name === 'calculator.json') ? 'calculator.json' : examples[0]?.name;
  pick();
  select.disabled = false;
}

$('run').onclick = runDocument;
startWorker();
loadExamples().catch((e) => show('error', 'could not load the examples: ' + e.message));
