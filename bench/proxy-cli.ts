/**
 * The proxy as a store runs it: `npm run proxy` (proxy/cli.ts) in a process of its own, with a
 * Totebot key, pointed at the bench's stub as its upstream, allowing the bench pages' origin. For
 * `npm run bench -- --via-proxy`, where the streaming contenders read their replies through it
 * (cross-origin, as a store's page reads its proxy) instead of from the stub directly.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface ProxyCli {
  url: string;
  close(): Promise<void>;
}

export async function startProxyCli(upstreamUrl: string, pageOrigin: string): Promise<ProxyCli> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/cli.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: {
      ...process.env,
      TOTEBOT_API_KEY: 'tb_pk_bench',
      TOTEBOT_API_URL: upstreamUrl,
      ALLOWED_ORIGINS: pageOrigin,
      HOST: '127.0.0.1',
      PORT: '0',
      // One client asks for many long replies in a row; the per-visitor limits would (rightly) refuse some.
      TOTEBOT_RATE_LIMIT: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy/cli.ts did not start in 30 s: ${output.trim()}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`proxy/cli.ts exited with ${code}: ${output.trim()}`));
    });
  });
  return {
    url,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
