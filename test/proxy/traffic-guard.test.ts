import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTrafficGuard, visitorAddress } from '../../proxy/traffic-guard.js';

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('createTrafficGuard', () => {
  it('limits each visitor separately', async () => {
    const time = clock();
    const guard = createTrafficGuard({ visitor: { limit: 2, windowMs: 60_000 }, global: false, now: time.now });
    assert.deepEqual(await guard.admit('a'), { allowed: true });
    assert.deepEqual(await guard.admit('a'), { allowed: true });
    assert.deepEqual(await guard.admit('a'), { allowed: false, scope: 'visitor', retryAfterSeconds: 60 });
    assert.deepEqual(await guard.admit('b'), { allowed: true });
    time.advance(60_000);
    assert.deepEqual(await guard.admit('a'), { allowed: true });
  });

  it('keeps all visitors together under the global limit', async () => {
    const time = clock();
    const guard = createTrafficGuard({ visitor: { limit: 10, windowMs: 60_000 }, global: { limit: 3, windowMs: 60_000 }, now: time.now });
    for (const visitor of ['a', 'b', 'c']) assert.deepEqual(await guard.admit(visitor), { allowed: true });
    time.advance(15_000);
    assert.deepEqual(await guard.admit('d'), { allowed: false, scope: 'global', retryAfterSeconds: 45 });
  });

  it('stops everything after an upstream 429 for its Retry-After, clamped', async () => {
    const time = clock();
    const guard = createTrafficGuard({ visitor: false, global: false, now: time.now });
    assert.equal(guard.upstreamLimited('30'), 30);
    assert.deepEqual(await guard.admit('a'), { allowed: false, scope: 'upstream', retryAfterSeconds: 30 });
    time.advance(29_500);
    assert.deepEqual(await guard.admit('b'), { allowed: false, scope: 'upstream', retryAfterSeconds: 1 });
    time.advance(500);
    assert.deepEqual(await guard.admit('a'), { allowed: true });
    assert.equal(guard.upstreamLimited('999999'), 300);
    assert.equal(guard.upstreamLimited('0'), 300, 'a shorter wait never shortens one already running');
    time.advance(300_000);
    assert.equal(guard.upstreamLimited('0'), 1);
    assert.equal(guard.upstreamLimited('soon'), 60);
    assert.equal(guard.upstreamLimited(null), 60);
  });

  it('uses the defaults (20 per visitor, 55 in all, per minute) when nothing is set', async () => {
    const guard = createTrafficGuard({ now: clock().now });
    for (let index = 0; index < 20; index += 1) assert.equal((await guard.admit('a')).allowed, true);
    assert.equal((await guard.admit('a')).allowed, false);
    for (let index = 0; index < 35; index += 1) assert.equal((await guard.admit(`v${index}`)).allowed, true);
    assert.deepEqual(await guard.admit('z'), { allowed: false, scope: 'global', retryAfterSeconds: 60 });
  });
});

describe('visitorAddress', () => {
  const request = (forwardedFor?: string) =>
    new Request('http://proxy.example/v1/chat', { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });

  it('ignores X-Forwarded-For unless the operator trusts a front proxy', () => {
    assert.equal(visitorAddress(request('1.2.3.4'), '10.0.0.1', 0), '10.0.0.1');
  });

  it('takes the entry the trusted proxies appended, not one the client made up', () => {
    assert.equal(visitorAddress(request('6.6.6.6, 1.2.3.4'), '10.0.0.1', 1), '1.2.3.4');
    assert.equal(visitorAddress(request('6.6.6.6, 1.2.3.4, 10.0.0.9'), '10.0.0.1', 2), '1.2.3.4');
  });

  it('falls back to the socket address when the header is missing or too short', () => {
    assert.equal(visitorAddress(request(), '10.0.0.1', 1), '10.0.0.1');
    assert.equal(visitorAddress(request('1.2.3.4'), '10.0.0.1', 2), '10.0.0.1');
    assert.equal(visitorAddress(request(), undefined, 0), 'unknown');
  });
});
