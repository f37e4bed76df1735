/** Server-side rendering imports the package in Node: nothing may touch window, document or customElements then. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

describe('importing the package in Node', () => {
  it('does not throw and exports the element class', () => {
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('./dist/totebot-chat.js'); console.log(JSON.stringify(Object.keys(m).sort()))"],
      { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8' },
    );
    assert.deepEqual(JSON.parse(output.trim()), ['TAG_NAME', 'TotebotChat', 'englishStrings']);
  });
});
