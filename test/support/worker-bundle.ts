/** A Worker entry as one module, bundled as Wrangler would (no Node built-ins, dependencies inlined). */
import { join } from 'node:path';
import { build, type Rollup } from 'vite';
import { projectRoot } from './app-server.js';

export async function bundleWorker(entry: string): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    root: projectRoot,
    ssr: { noExternal: true, target: 'webworker' },
    build: { ssr: join(projectRoot, entry), write: false, minify: false, target: 'es2022', rollupOptions: { output: { format: 'es' } } },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const [first] = Array.isArray(output) ? output : [output];
  return (first!.output[0] as Rollup.OutputChunk).code;
}
