/**
 * WebKit for tests and screenshots: WebKitGTK's MiniBrowser driven by
 * WebKitWebDriver. MiniBrowser has no headless mode, so each start brings its
 * own Xvfb display (Xvfb picks a free one) and a driver on a free port, and
 * `stop()` ends both. On Debian as root, missing packages are installed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { installWithApt } from './debian-packages.mjs';

const DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.WEBKIT_BROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB = '/usr/bin/Xvfb';

/** Makes sure WebKitWebDriver, MiniBrowser and Xvfb are there (installing them where allowed). */
export function ensureWebKit() {
  const missing = () => [DRIVER, MINIBROWSER, XVFB].filter((path) => !existsSync(path));
  if (missing().length === 0) return;
  installWithApt(
    ['webkit2gtk-driver', 'xvfb'],
    `WebKit tests need ${missing().join(', ')}. Install them (Debian: apt-get install webkit2gtk-driver xvfb).`,
  );
  if (missing().length > 0) throw new Error(`Installing webkit2gtk-driver and xvfb left ${missing().join(', ')} missing.`);
}

/**
 * What webdriverio asks the driver for. It asks for WebDriver BiDi by default, which WebKitWebDriver
 * refuses; `--automation` lets MiniBrowser be driven.
 */
export const WEBKIT_CAPABILITIES = {
  browserName: 'MiniBrowser',
  'wdio:enforceWebDriverClassic': true,
  'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when `child` exits (at once if it already has). */
function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve));
}

/** Ends a child started in its own process group, with whatever it started (MiniBrowser and its web processes). */
async function end(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = exited(child);
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 3000);
  await gone;
  clearTimeout(timer);
}

/** Starts Xvfb on a display it picks itself (`-displayfd`), resolving with `:N`. */
function startXvfb(screen) {
  const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', screen, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let errors = '';
  xvfb.stderr.on('data', (chunk) => (errors += chunk));
  const display = new Promise((resolve, reject) => {
    let text = '';
    xvfb.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready: ${errors.trim()}`)));
    xvfb.once('error', reject);
  });
  return { xvfb, display };
}

async function waitForDriver(url, driver, deadline) {
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) return false;
    try {
      const response = await fetch(`${url}/status`);
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Starts Xvfb and WebKitWebDriver. Resolves with the driver's `port` (on 127.0.0.1),
 * the `display`, and `stop()`, which ends both and what they started.
 */
export async function startWebKit({ screen = '1400x1000x24' } = {}) {
  ensureWebKit();
  const { xvfb, display: displayReady } = startXvfb(screen);
  const stopXvfb = () => end(xvfb);
  let display;
  try {
    display = await displayReady;
  } catch (error) {
    await stopXvfb();
    throw error;
  }
  // Another process may take the free port between the check and the driver's start: try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const driver = spawn(DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: display },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    if (await waitForDriver(`http://127.0.0.1:${port}`, driver, Date.now() + 10_000)) {
      const stop = async () => {
        process.off('exit', onExit);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await end(driver);
        await stopXvfb();
      };
      // A process that exits or is interrupted without calling stop() still leaves nothing behind.
      const onExit = () => {
        for (const child of [driver, xvfb]) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      };
      const onSignal = (signal) => {
        onExit();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      };
      process.on('exit', onExit);
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      return { port, display, stop };
    }
    await end(driver);
  }
  await stopXvfb();
  throw new Error('WebKitWebDriver did not start.');
}
