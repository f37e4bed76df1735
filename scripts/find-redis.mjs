/** Finds redis-server for the shared rate-limit test; on Debian as root installs it (like Chromium). */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export function ensureRedis() {
  for (const path of [process.env.REDIS_SERVER_PATH, '/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (path && existsSync(path)) return path;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error('No redis-server found. Install it (Debian: apt-get install redis-server) or set REDIS_SERVER_PATH.');
  }
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return '/usr/bin/redis-server';
}
