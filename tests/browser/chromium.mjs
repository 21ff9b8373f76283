// chromium.mjs — what the tests/browser scripts share: a headless Chromium on a page of
// scripts/serve-web.mjs's server, driven by playwright-core.
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve-web.mjs';

// Serves the .wasm (with `pythonPath` as the page's Python directory and `extraRoutes`),
// opens `path` in Chromium, waits until `isReady` (a function run in the page) returns
// true, then returns what `body(tab)` returns. Everything is closed afterwards. A page
// error before ready is the error thrown.
export async function onPage({ wasmPath, pythonPath, extraRoutes, path, isReady }, body) {
  const server = await startServer({ wasmPath, pythonPath, port: 0, extraRoutes });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // As root (CI) Chromium needs --no-sandbox; containers often have a small /dev/shm.
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const tab = await browser.newPage();
    const pageErrors = [];
    tab.on('pageerror', (e) => pageErrors.push(String(e)));
    await tab.goto(`http://127.0.0.1:${server.address().port}${path}`);
    await tab.waitForFunction(isReady, null, { timeout: 60000 })
      .catch((e) => { throw new Error(`the page did not load the program: ${pageErrors.join('; ') || e.message}`); });
    return await body(tab);
  } finally {
    await browser.close();
    server.close();
  }
}
