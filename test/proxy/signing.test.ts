import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  canonicalIdentity,
  checkIdentitySignature,
  createConversationTokens,
  createKeyring,
  deriveSecret,
} from '../../proxy/signing.js';

describe('conversation tokens', () => {
  it('issues a token that checks for its conversation only', async () => {
    const tokens = createConversationTokens(createKeyring(['s3cret']));
    const token = await tokens.issue('cnv_a');
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(await tokens.check('cnv_a', token), true);
    assert.equal(await tokens.check('cnv_b', token), false);
    assert.equal(await tokens.check('cnv_a', null), false);
    assert.equal(await tokens.check('cnv_a', ''), false);
    assert.equal(await tokens.check('cnv_a', 'not base64!'), false);
  });

  it('refuses a token with one character changed', async () => {
    const tokens = createConversationTokens(createKeyring(['s3cret']));
    const token = await tokens.issue('cnv_a');
    const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    assert.equal(await tokens.check('cnv_a', tampered), false);
  });

  it('refuses a token signed with another secret, and accepts the previous secret during rotation', async () => {
    const old = createConversationTokens(createKeyring(['old-secret']));
    const oldToken = await old.issue('cnv_a');
    const foreign = createConversationTokens(createKeyring(['other']));
    assert.equal(await foreign.check('cnv_a', oldToken), false);

    const rotated = createConversationTokens(createKeyring(['new-secret', 'old-secret']));
    assert.equal(await rotated.check('cnv_a', oldToken), true);
    const newToken = await rotated.issue('cnv_a');
    assert.notEqual(newToken, oldToken);
    assert.equal(await createConversationTokens(createKeyring(['new-secret'])).check('cnv_a', newToken), true);
  });

  it('refuses an empty secret', () => {
    assert.throws(() => createKeyring([]));
    assert.throws(() => createKeyring(['']));
  });

  it('derives a stable secret per purpose that does not contain the source', async () => {
    const first = await deriveSecret('tb_pk_example', 'conversation-tokens');
    assert.equal(await deriveSecret('tb_pk_example', 'conversation-tokens'), first);
    assert.notEqual(await deriveSecret('tb_pk_example', 'other'), first);
    assert.notEqual(await deriveSecret('tb_pk_other', 'conversation-tokens'), first);
    assert.ok(!first.includes('tb_pk'));
  });
});

describe('identity signatures', () => {
  const secret = 'identity-secret';
  const sign = (identity: Record<string, string>) => createHmac('sha256', secret).update(canonicalIdentity(identity)).digest('hex');

  it('puts the known fields in a fixed order', () => {
    assert.equal(canonicalIdentity({ name: 'Ana', id: 'u_1' }), '{"id":"u_1","name":"Ana"}');
    assert.equal(canonicalIdentity({ phone: '1', email: 'a@b', name: 'A', id: 'x' }), '{"id":"x","email":"a@b","name":"A","phone":"1"}');
  });

  it('accepts what a store server signs with Node crypto, and nothing else', async () => {
    const keyring = createKeyring([secret]);
    const identity = { id: 'u_1', email: 'ana@example.com' };
    assert.equal(await checkIdentitySignature(keyring, identity, sign(identity)), true);
    assert.equal(await checkIdentitySignature(keyring, identity, sign(identity).toUpperCase()), true);
    assert.equal(await checkIdentitySignature(keyring, { ...identity, id: 'u_2' }, sign(identity)), false);
    assert.equal(await checkIdentitySignature(keyring, identity, undefined), false);
    assert.equal(await checkIdentitySignature(keyring, identity, 'zz'), false);
    assert.equal(await checkIdentitySignature(createKeyring(['other']), identity, sign(identity)), false);
  });
});
