/**
 * Finds Firefox for the browser tests: FIREFOX_PATH, then Debian's firefox-esr.
 * Where none is installed on Debian as root, installs `firefox-esr`.
 */
import { existsSync } from 'node:fs';
import { installWithApt } from './debian-packages.mjs';

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  return CANDIDATES.find((path) => existsSync(path));
}

export function ensureFirefox() {
  const found = findFirefox();
  if (found) return found;
  installWithApt(['firefox-esr'], 'No Firefox found. Install one (Debian: apt-get install firefox-esr) or set FIREFOX_PATH.');
  const installed = findFirefox();
  if (!installed) throw new Error('Installing firefox-esr did not produce a browser binary.');
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureFirefox());
}
