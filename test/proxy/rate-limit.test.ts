import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRateLimiter } from '../../proxy/rate-limit.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let time = start;
  return {
    now: () => time,
    set: (at: number) => void (time = start + at),
  };
}

describe('createRateLimiter', () => {
  it('allows `limit` requests per key, then refuses', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 }, clock.now);
    assert.deepEqual(limiter.take('1.2.3.4'), { allowed: true });
    assert.deepEqual(limiter.take('1.2.3.4'), { allowed: true });
    assert.deepEqual(limiter.take('1.2.3.4'), { allowed: true });
    assert.deepEqual(limiter.take('1.2.3.4'), { allowed: false, retryAfterSeconds: 60 });
    assert.deepEqual(limiter.take('1.2.3.4'), { allowed: false, retryAfterSeconds: 60 });
  });

  it('counts each key separately', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 10_000 }, clock.now);
    assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('b'), { allowed: true });
    assert.equal(limiter.take('a').allowed, false);
    assert.equal(limiter.take('b').allowed, false);
    assert.deepEqual(limiter.take('c'), { allowed: true });
  });

  it('slides the window: each request frees its slot windowMs after it was made', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ limit: 2, windowMs: 10_000 }, clock.now);
    clock.set(0);
    assert.deepEqual(limiter.take('k'), { allowed: true });
    clock.set(4_000);
    assert.deepEqual(limiter.take('k'), { allowed: true });
    clock.set(5_000);
    assert.deepEqual(limiter.take('k'), { allowed: false, retryAfterSeconds: 5 });
    clock.set(9_999);
    assert.deepEqual(limiter.take('k'), { allowed: false, retryAfterSeconds: 1 });
    // The request at 0 leaves the window at exactly 10 000 ms; the one at 4 000 is still in it.
    clock.set(10_000);
    assert.deepEqual(limiter.take('k'), { allowed: true });
    clock.set(10_500);
    assert.deepEqual(limiter.take('k'), { allowed: false, retryAfterSeconds: 4 });
    clock.set(14_000);
    assert.deepEqual(limiter.take('k'), { allowed: true });
    clock.set(14_001);
    assert.deepEqual(limiter.take('k'), { allowed: false, retryAfterSeconds: 6 });
  });

  it('does not count refused requests against the budget', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000 }, clock.now);
    clock.set(0);
    assert.equal(limiter.take('k').allowed, true);
    for (let at = 100; at < 1_000; at += 100) {
      clock.set(at);
      assert.equal(limiter.take('k').allowed, false, `at ${at} ms`);
    }
    clock.set(1_000);
    assert.deepEqual(limiter.take('k'), { allowed: true });
  });

  it('rounds retryAfterSeconds up, never below 1, and it is enough to wait that long', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000 }, clock.now);
    clock.set(0);
    limiter.take('k');
    for (const at of [1, 999, 1_000, 30_500, 58_999, 59_000, 59_001, 59_999]) {
      clock.set(at);
      const decision = limiter.take('k');
      assert.equal(decision.allowed, false, `at ${at} ms`);
      const expected = Math.max(1, Math.ceil((60_000 - at) / 1000));
      assert.equal(decision.allowed === false && decision.retryAfterSeconds, expected, `at ${at} ms`);
      assert.ok(expected >= 1);
    }
    clock.set(59_999 + 1_000 * 1);
    assert.deepEqual(limiter.take('k'), { allowed: true });
  });

  it('uses the documented 60 per 60 s budget shape', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ limit: 60, windowMs: 60_000 }, clock.now);
    for (let index = 0; index < 60; index++) {
      clock.set(index * 500);
      assert.equal(limiter.take('agent|ip').allowed, true, `request ${index + 1}`);
    }
    clock.set(30_000);
    assert.deepEqual(limiter.take('agent|ip'), { allowed: false, retryAfterSeconds: 30 });
    clock.set(60_000);
    assert.deepEqual(limiter.take('agent|ip'), { allowed: true });
    assert.equal(limiter.take('agent|ip').allowed, false);
  });

  it('defaults to the real clock', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000 });
    assert.deepEqual(limiter.take('k'), { allowed: true });
    const decision = limiter.take('k');
    assert.equal(decision.allowed, false);
    assert.equal(decision.allowed === false && decision.retryAfterSeconds, 60);
  });
});
