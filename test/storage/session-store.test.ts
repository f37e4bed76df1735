import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { readSessionHint } from '../../src/storage/session-hint.js';
import { deleteSession, saveSession } from '../../src/storage/session-store.js';

/** A Storage in memory: Node has no localStorage. */
class MemoryStorage {
  private readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, String(value));
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  keys(): string[] {
    return [...this.map.keys()];
  }
}

const scope = 'https://shop.example/proxy';
const DAY = 86_400_000;

describe('session hint', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    Object.assign(globalThis, { localStorage: storage });
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('names the saved conversation, its token and whose it is, and nothing else', async () => {
    await saveSession(scope, {
      conversationId: 'cnv_1',
      conversationToken: 'tok',
      identity: { id: 'u_1', email: 'ana@example.com', name: 'Ana' },
      draft: 'hello',
      messages: [{ id: 'm1', role: 'user', content: 'secret text', feedback: null }],
    });
    assert.deepEqual(readSessionHint(scope, 30 * DAY), { conversationId: 'cnv_1', conversationToken: 'tok', identityId: 'u_1' });
    const raw = storage.getItem(`totebot-chat:session:${scope}`)!;
    assert.doesNotMatch(raw, /ana@example\.com|Ana|hello|secret text/);
  });

  it('is removed with the conversation and with the session', async () => {
    await saveSession(scope, { conversationId: 'cnv_1' });
    await saveSession(scope, { draft: 'no conversation' });
    assert.equal(readSessionHint(scope, 30 * DAY), undefined);
    await saveSession(scope, { conversationId: 'cnv_1' });
    await deleteSession(scope);
    assert.equal(readSessionHint(scope, 30 * DAY), undefined);
    assert.deepEqual(storage.keys(), []);
  });

  it('is ignored once older than the retention, or of another schema, or not JSON', () => {
    const key = `totebot-chat:session:${scope}`;
    const now = Date.now();
    storage.setItem(key, JSON.stringify({ version: 1, conversationId: 'cnv_1', savedAt: now - 31 * DAY }));
    assert.equal(readSessionHint(scope, 30 * DAY, now), undefined);
    assert.deepEqual(readSessionHint(scope, 32 * DAY, now), { conversationId: 'cnv_1', conversationToken: undefined, identityId: undefined });
    storage.setItem(key, JSON.stringify({ version: 2, conversationId: 'cnv_1', savedAt: now }));
    assert.equal(readSessionHint(scope, 30 * DAY), undefined);
    storage.setItem(key, '{not json');
    assert.equal(readSessionHint(scope, 30 * DAY), undefined);
    storage.setItem(key, JSON.stringify({ version: 1, conversationId: 42, savedAt: now }));
    assert.equal(readSessionHint(scope, 30 * DAY), undefined);
    storage.setItem(key, JSON.stringify({ version: 1, conversationId: 'cnv_1', savedAt: String(now) }));
    assert.equal(readSessionHint(scope, 30 * DAY), undefined);
  });

  it('keeps only string tokens and identity ids', () => {
    const now = Date.now();
    localStorage.setItem(`totebot-chat:session:${scope}`, JSON.stringify({ version: 1, conversationId: 'cnv_1', conversationToken: 7, identityId: { id: 'u_1' }, savedAt: now }));
    assert.deepEqual(readSessionHint(scope, 30 * DAY, now), { conversationId: 'cnv_1', conversationToken: undefined, identityId: undefined });
  });

  it('reads as nothing where storage is unavailable', () => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
    assert.equal(readSessionHint(scope, 30 * DAY), undefined);
  });
});
