/** The fallback store: a failing or slow shared store costs a bounded wait and one line, never a request. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFallbackRateLimitStore } from '../../proxy/fallback-rate-limit-store.js';
import type { RateLimitDecision, RateLimitStore } from '../../proxy/rate-limit.js';

type Mode = 'ok' | 'slow' | 'down';

function switchableStore() {
  let mode: Mode = 'ok';
  let calls = 0;
  const store: RateLimitStore = {
    take: () => {
      calls += 1;
      if (mode === 'down') return Promise.reject(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6379 password=hunter2'), { code: 'ECONNREFUSED' }));
      if (mode === 'slow') return new Promise<RateLimitDecision>(() => {});
      return Promise.resolve({ allowed: true });
    },
  };
  return { store, set: (next: Mode) => (mode = next), calls: () => calls };
}

const rule = { limit: 2, windowMs: 60_000 };

describe('createFallbackRateLimitStore', () => {
  it('decides from memory within the timeout when the shared store hangs, and says so once', async () => {
    const shared = switchableStore();
    const lines: string[] = [];
    const store = createFallbackRateLimitStore(shared.store, { timeoutMs: 50, probeEveryMs: 60_000, warn: (line) => lines.push(line) });
    shared.set('slow');
    const started = performance.now();
    assert.deepEqual(await store.take('global', rule, 1000), { allowed: true });
    assert.ok(performance.now() - started < 1000, 'bounded by the timeout');
    assert.equal(store.degraded, true);
    // Memory enforces the same rule meanwhile, without asking the shared store again before the next probe.
    assert.deepEqual(await store.take('global', rule, 1001), { allowed: true });
    assert.equal((await store.take('global', rule, 1002)).allowed, false);
    assert.equal(shared.calls(), 1);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /failed \(timeout\)/);
  });

  it('names a failure by its code only, probes again, and switches back when the shared store answers', async () => {
    const shared = switchableStore();
    const lines: string[] = [];
    const transitions: boolean[] = [];
    let clock = 0;
    const store = createFallbackRateLimitStore(shared.store, {
      probeEveryMs: 100,
      now: () => clock,
      warn: (line) => lines.push(line),
      onDegraded: (degraded) => transitions.push(degraded),
    });
    shared.set('down');
    await store.take('global', rule, 0);
    assert.match(lines[0]!, /failed \(ECONNREFUSED\)/);
    assert.ok(!lines[0]!.includes('hunter2') && !lines[0]!.includes('10.0.0.1'), 'no error message in the line');
    clock = 50;
    await store.take('global', rule, 50);
    assert.equal(shared.calls(), 1, 'no probe before probeEveryMs');
    clock = 150;
    await store.take('global', rule, 150);
    assert.equal(shared.calls(), 2, 'one probe, still down');
    assert.equal(store.degraded, true);
    shared.set('ok');
    clock = 300;
    assert.deepEqual(await store.take('global', rule, 300), { allowed: true });
    assert.equal(store.degraded, false);
    assert.deepEqual(transitions, [true, false]);
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /shared again/);
  });
});
