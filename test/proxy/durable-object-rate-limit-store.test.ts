/** The Durable Object store in-process: the object counts one sliding window per key and refuses malformed messages. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDurableObjectRateLimitStore, RateLimitCounter } from '../../proxy/durable-object-rate-limit-store.js';

/** One object behind a namespace, as Cloudflare hands it out: the same object for the same name. */
function namespaceOf(counter: RateLimitCounter) {
  const names: string[] = [];
  return {
    names,
    idFromName: (name: string) => (names.push(name), name),
    get: () => ({ fetch: (input: string, init?: RequestInit) => counter.fetch(new Request(input, init)) }),
  };
}

describe('createDurableObjectRateLimitStore', () => {
  it('counts every store on a namespace in the one object', async () => {
    const counter = new RateLimitCounter();
    const first = createDurableObjectRateLimitStore(namespaceOf(counter));
    const second = createDurableObjectRateLimitStore(namespaceOf(counter));
    const rule = { limit: 2, windowMs: 60_000 };
    assert.deepEqual(await first.take('global', rule, 1000), { allowed: true });
    assert.deepEqual(await second.take('global', rule, 1001), { allowed: true });
    assert.deepEqual(await first.take('global', rule, 1002), { allowed: false, retryAfterSeconds: 60 });
    assert.deepEqual(await second.take('visitor:a', rule, 1003), { allowed: true }, 'another key, another window');
    assert.deepEqual(await first.take('global', rule, 61_000), { allowed: true }, 'the window slid past the first hit');
  });

  it('refuses messages that are not a well-formed take', async () => {
    const counter = new RateLimitCounter();
    const take = (body: unknown, method = 'POST') =>
      counter.fetch(new Request('https://rate-limits.invalid/take', { method, ...(method === 'POST' && { body: JSON.stringify(body) }) }));
    assert.equal((await take({ key: 'k', limit: 1, windowMs: 1000, now: 1 })).status, 200);
    for (const body of [{}, { key: 1, limit: 1, windowMs: 1000, now: 1 }, { key: 'k', limit: -1, windowMs: 1000, now: 1 }, { key: 'k', limit: 1.5, windowMs: 1000, now: 1 }, 'take']) {
      assert.equal((await take(body)).status, 400, JSON.stringify(body));
    }
    assert.equal((await take(undefined, 'GET')).status, 400);
  });

  it('throws when the object fails, so the fallback store can count meanwhile', async () => {
    const store = createDurableObjectRateLimitStore({ idFromName: () => 'id', get: () => ({ fetch: async () => new Response('boom', { status: 500 }) }) });
    await assert.rejects(store.take('global', { limit: 1, windowMs: 1000 }, 1), /answered 500/);
  });
});
