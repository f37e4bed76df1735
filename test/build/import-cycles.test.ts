/**
 * No module imports itself through others, types included: a cycle means two modules are one job
 * split in two, and the first to load sees the other half-initialised.
 */
import { strict as assert } from 'node:assert';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import madge from 'madge';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function cycles(folder: string): Promise<string[][]> {
  const graph = await madge(`${root}${folder}`, {
    fileExtensions: ['ts'],
    tsConfig: `${root}tsconfig.json`,
    detectiveOptions: { ts: { skipTypeImports: false } },
  });
  return graph.circular();
}

describe('import cycles', () => {
  it('the widget has none', async () => {
    assert.deepEqual(await cycles('src'), []);
  });

  it('the proxy has none', async () => {
    assert.deepEqual(await cycles('proxy'), []);
  });

  it('finds one where there is one', async () => {
    assert.notDeepEqual(await cycles('test/build/fixtures/cycle'), []);
  });
});
