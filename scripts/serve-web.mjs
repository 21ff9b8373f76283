// serve-web.mjs — serves the browser demo (web/) with pipeline_executor_wasm.wasm, on
// localhost: `make web`, then open the printed address.
//
//   node scripts/serve-web.mjs [--port N] [--python-path DIR] [--wasm FILE]
//
//   --port N           listen on port N of 127.0.0.1 (default 8080; 0 picks a free one)
//   --python-path DIR  the directory of the user's own Python modules the page's runs see
//                      (default examples/python, which examples/custom_python_node.json uses)
//   --wasm FILE        the program (default build/wasm/pipeline_executor_wasm.wasm)
//
// What it serves:
//   /                              web/index.html, the demo page
//   /<name>.js, /<name>.css        web/'s own files (runner.js, worker.js, demo.js, ...)
//   /shim/<name>.js                @bjorn3/browser_wasi_shim (web/node_modules; `npm ci` in web/)
//   /pipeline_executor_wasm.wasm   the program, as application/wasm (compileStreaming needs it)
//   /config.json                   {pythonPath, pythonFiles}: what runner.js preopens
//   /python/<name>                 the Python directory's regular files
//   /examples.json                 [{name, text}]: examples/*.json, for the demo's list
// Nothing else of the disk is reachable. The tests' harness (tests/browser/) adds its own
// pages to the same server through startServer's `extraRoutes`.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(new URL('..', import.meta.url).pathname);
const webDir = join(root, 'web');
const shimDir = join(webDir, 'node_modules/@bjorn3/browser_wasi_shim/dist');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

const regularFiles = (dir) => readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile()).sort();

function examples() {
  const dir = join(root, 'examples');
  return regularFiles(dir).filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

// Starts the server; resolves to it once it listens. `extraRoutes` maps a path to
// [content type, () => body]. Throws (rejects) if the program or a directory is missing.
export async function startServer({
  wasmPath = join(root, 'build/wasm/pipeline_executor_wasm.wasm'),
  pythonPath = join(root, 'examples/python'),
  port = 8080,
  extraRoutes = {},
} = {}) {
  const program = readFileSync(wasmPath);
  const pythonDir = pythonPath ? resolve(pythonPath) : null;
  const pythonFiles = pythonDir ? regularFiles(pythonDir) : [];
  const webFiles = regularFiles(webDir);
  statSync(shimDir);  // a clear error now rather than a page that cannot load

  const routes = {
    '/': [types['.html'], () => readFileSync(join(webDir, 'index.html'))],
    '/config.json': ['application/json', () => JSON.stringify({ pythonPath: pythonDir, pythonFiles })],
    '/examples.json': ['application/json', () => JSON.stringify(examples())],
    '/pipeline_executor_wasm.wasm': ['application/wasm', () => program],
    ...extraRoutes,
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const type = types[name.slice(name.lastIndexOf('.'))];
    let route;
    if (routes[path]) {
      route = routes[path];
    } else if (path === '/' + name && /^[\w-]+\.(js|css)$/.test(name) && webFiles.includes(name)) {
      route = [type, () => readFileSync(join(webDir, name))];
    } else if (path === '/shim/' + name && /^[\w.]+\.js$/.test(name)) {
      route = [type, () => readFileSync(join(shimDir, name))];
    } else if (path === '/python/' + name && pythonFiles.includes(name)) {
      route = ['application/octet-stream', () => readFileSync(join(pythonDir, name))];
    }
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}\n`);
      return;
    }
    try {
      const body = route[1]();
      res.writeHead(200, { 'Content-Type': route[0], 'Cache-Control': 'no-cache' }).end(body);
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${e.message}\n`);
    }
  });
  await new Promise((listening, failed) => {
    server.once('error', failed);
    server.listen(port, '127.0.0.1', listening);
  });
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const usage = (message) => {
    process.stderr.write(`error: ${message}\n` +
      'usage: node scripts/serve-web.mjs [--port N] [--python-path DIR] [--wasm FILE]\n');
    process.exit(2);
  };
  const options = {};
  const argv = process.argv.slice(2);
  while (argv.length > 0) {
    const flag = argv.shift();
    const value = argv.shift();
    if (value === undefined) usage(`${flag} needs a value`);
    if (flag === '--port') {
      options.port = Number(value);
      if (!Number.isInteger(options.port) || options.port < 0) usage(`--port needs a port number, not ${value}`);
    } else if (flag === '--python-path') {
      options.pythonPath = value;
    } else if (flag === '--wasm') {
      options.wasmPath = value;
    } else {
      usage(`unknown option ${flag}`);
    }
  }
  try {
    const server = await startServer(options);
    process.stdout.write(`remotemedia in the browser: http://127.0.0.1:${server.address().port}/ (Ctrl-C stops)\n`);
  } catch (e) {
    const hint = e.code === 'ENOENT' ? ' (`make web` builds the .wasm and installs web/\'s npm package)' : '';
    process.stderr.write(`error: ${e.message}${hint}\n`);
    process.exit(1);
  }
}
