/**
 * Installs Debian packages a test needs when they are missing, the way `npm test`
 * gets Chromium and redis-server: only as root on a machine with apt-get.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Whether this process may install packages itself. */
export function canInstallWithApt() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot && existsSync('/usr/bin/apt-get');
}

/** `apt-get install` of `packages`; throws `hint` where installing is not possible here. */
export function installWithApt(packages, hint) {
  if (!canInstallWithApt()) throw new Error(hint);
  console.log(`Installing Debian's ${packages.join(', ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
}
