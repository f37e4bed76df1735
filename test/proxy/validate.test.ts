import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_BODY_BYTES,
  MAX_IDENTITY_FIELD_LENGTH,
  MAX_MESSAGE_LENGTH,
  readJsonBody,
  validateChatRequest,
  validateFeedbackRequest,
} from '../../proxy/validate.js';
import { ProxyError } from '../../proxy/proxy-error.js';

function expectValidationError(run: () => unknown, status: number, code: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ProxyError, `not a ProxyError: ${String(error)}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    assert.ok(error.message.length > 0);
    return true;
  });
}

async function expectBodyError(request: Request, status: number, code: string): Promise<void> {
  await assert.rejects(readJsonBody(request), (error: unknown) => {
    assert.ok(error instanceof ProxyError, `not a ProxyError: ${String(error)}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return true;
  });
}

const post = (body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new Request('http://proxy.test/v1/chat', { method: 'POST', headers, body });

/** A body that arrives in pieces with no content-length, as a chunked upload does. */
function streamed(bytes: Uint8Array, pieceSize = 1000): Request {
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + pieceSize));
      offset += pieceSize;
    },
  });
  return new Request('http://proxy.test/v1/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit);
}

/** A JSON string body of exactly `size` bytes. */
const jsonOfBytes = (size: number) => `"${'x'.repeat(size - 2)}"`;

describe('readJsonBody', () => {
  it('parses a JSON body', async () => {
    assert.deepEqual(await readJsonBody(post('{"message":"hi"}')), { message: 'hi' });
    assert.deepEqual(await readJsonBody(post('{"message":"Grüße 👋"}')), { message: 'Grüße 👋' });
  });

  it('accepts application/json with parameters and in any letter case', async () => {
    assert.deepEqual(await readJsonBody(post('[1]', { 'content-type': 'application/json; charset=utf-8' })), [1]);
    assert.deepEqual(await readJsonBody(post('[1]', { 'content-type': 'Application/JSON;charset=UTF-8' })), [1]);
    assert.deepEqual(await readJsonBody(post('[1]', { 'content-type': 'application/json ; charset=utf-8' })), [1]);
  });

  for (const type of ['text/plain', 'application/jsonp', 'application/json-patch+json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/json']) {
    it(`refuses content-type ${JSON.stringify(type)} with 415`, async () => {
      await expectBodyError(post('{"message":"hi"}', { 'content-type': type }), 415, 'unsupported_media_type');
    });
  }

  it('refuses a body without content-type with 415', async () => {
    await expectBodyError(new Request('http://proxy.test/v1/chat', { method: 'POST', body: new Uint8Array([123, 125]) }), 415, 'unsupported_media_type');
  });

  it('accepts a body of exactly 16 KiB and refuses one byte more with 413', async () => {
    assert.equal(MAX_BODY_BYTES, 16 * 1024);
    assert.equal(((await readJsonBody(post(jsonOfBytes(MAX_BODY_BYTES)))) as string).length, MAX_BODY_BYTES - 2);
    await expectBodyError(post(jsonOfBytes(MAX_BODY_BYTES + 1)), 413, 'body_too_large');
  });

  it('counts bytes, not characters', async () => {
    // 6000 "€" are 6000 characters but 18000 bytes.
    await expectBodyError(post(`"${'€'.repeat(6000)}"`), 413, 'body_too_large');
  });

  it('refuses a declared content-length over the limit before reading', async () => {
    await expectBodyError(
      post('{}', { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) }),
      413,
      'body_too_large',
    );
  });

  it('counts a streamed body without content-length', async () => {
    const bytes = new TextEncoder().encode(jsonOfBytes(MAX_BODY_BYTES));
    assert.equal(((await readJsonBody(streamed(bytes))) as string).length, MAX_BODY_BYTES - 2);
    await expectBodyError(streamed(new TextEncoder().encode(jsonOfBytes(MAX_BODY_BYTES + 1))), 413, 'body_too_large');
  });

  it('stops reading an endless body at the limit', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const request = new Request('http://proxy.test/v1/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    await expectBodyError(request, 413, 'body_too_large');
    assert.ok(pulled <= 20, `pulled ${pulled} KiB`);
  });

  for (const [name, body] of [
    ['an empty body', ''],
    ['truncated JSON', '{"message":'],
    ['a trailing comma', '{"message":"hi",}'],
    ['single quotes', "{'message':'hi'}"],
  ] as const) {
    it(`refuses ${name} with 400 invalid_json`, async () => {
      await expectBodyError(post(body), 400, 'invalid_json');
    });
  }

  it('refuses a request without a body with 400 invalid_json', async () => {
    await expectBodyError(new Request('http://proxy.test/v1/chat', { method: 'POST', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  });
});

describe('validateChatRequest', () => {
  it('keeps a valid request and trims the message', () => {
    assert.deepEqual(validateChatRequest({ message: 'Do you have this in blue?' }), { message: 'Do you have this in blue?' });
    assert.deepEqual(validateChatRequest({ message: '  hi \n' }), { message: 'hi' });
    const full = {
      message: 'hi',
      conversationId: 'cnv_8f3k2',
      identity: { id: 'u_42', email: 'ana@example.com', name: 'Ana', phone: '+4912345' },
    };
    const validated = validateChatRequest(full);
    assert.deepEqual(validated, full);
    assert.notEqual(validated.identity, full.identity);
    assert.deepEqual(validateChatRequest({ message: 'hi', identity: {} }), { message: 'hi', identity: {} });
    assert.deepEqual(validateChatRequest({ message: 'hi', identity: { email: 'a@b.c' } }), { message: 'hi', identity: { email: 'a@b.c' } });
  });

  it('accepts a message of exactly 4000 characters, after trimming', () => {
    assert.equal(MAX_MESSAGE_LENGTH, 4000);
    assert.equal(validateChatRequest({ message: 'a'.repeat(4000) }).message.length, 4000);
    assert.equal(validateChatRequest({ message: ` ${'a'.repeat(4000)} ` }).message.length, 4000);
    expectValidationError(() => validateChatRequest({ message: 'a'.repeat(4001) }), 400, 'invalid_message');
  });

  for (const [name, body] of [
    ['null', null],
    ['an array', [{ message: 'hi' }]],
    ['a string', 'hi'],
    ['a number', 42],
  ] as const) {
    it(`refuses ${name} as the body with invalid_body`, () => {
      expectValidationError(() => validateChatRequest(body), 400, 'invalid_body');
    });
  }

  for (const [name, message] of [
    ['missing', undefined],
    ['empty', ''],
    ['whitespace only', ' \n\t\r '],
    ['a number', 42],
    ['an array', ['hi']],
    ['an object', { text: 'hi' }],
    ['null', null],
  ] as const) {
    it(`refuses a message that is ${name} with invalid_message`, () => {
      expectValidationError(() => validateChatRequest({ message }), 400, 'invalid_message');
    });
  }

  it('refuses unknown top-level fields', () => {
    expectValidationError(() => validateChatRequest({ message: 'hi', agentId: 'agt_2' }), 400, 'unknown_field');
    expectValidationError(() => validateChatRequest({ message: 'hi', conversation_id: 'cnv_1' }), 400, 'unknown_field');
    expectValidationError(() => validateChatRequest(JSON.parse('{"message":"hi","__proto__":{"admin":true}}')), 400, 'unknown_field');
  });

  for (const conversationId of ['', 'cnv.1', '../customers', 'cnv/1', 'cnv 1', 'cnv%2F1', 'a'.repeat(129), 42, null, ['cnv_1']]) {
    it(`refuses conversationId ${JSON.stringify(conversationId).slice(0, 40)} with invalid_conversation_id`, () => {
      expectValidationError(() => validateChatRequest({ message: 'hi', conversationId }), 400, 'invalid_conversation_id');
    });
  }

  it('accepts a conversationId of 128 characters', () => {
    const conversationId = 'c'.repeat(128);
    assert.deepEqual(validateChatRequest({ message: 'hi', conversationId }), { message: 'hi', conversationId });
  });

  for (const identity of [null, 'u_42', ['u_42'], 42]) {
    it(`refuses identity ${JSON.stringify(identity)} with invalid_identity`, () => {
      expectValidationError(() => validateChatRequest({ message: 'hi', identity }), 400, 'invalid_identity');
    });
  }

  it('refuses unknown identity fields', () => {
    expectValidationError(() => validateChatRequest({ message: 'hi', identity: { id: 'u_1', role: 'admin' } }), 400, 'unknown_field');
    expectValidationError(() => validateChatRequest({ message: 'hi', identity: { Email: 'a@b.c' } }), 400, 'unknown_field');
  });

  it('refuses identity fields that are not short strings', () => {
    assert.equal(MAX_IDENTITY_FIELD_LENGTH, 256);
    for (const field of ['id', 'email', 'name', 'phone']) {
      assert.deepEqual(validateChatRequest({ message: 'hi', identity: { [field]: 'x'.repeat(256) } }).identity, { [field]: 'x'.repeat(256) });
      expectValidationError(() => validateChatRequest({ message: 'hi', identity: { [field]: 'x'.repeat(257) } }), 400, 'invalid_identity');
      expectValidationError(() => validateChatRequest({ message: 'hi', identity: { [field]: 42 } }), 400, 'invalid_identity');
      expectValidationError(() => validateChatRequest({ message: 'hi', identity: { [field]: null } }), 400, 'invalid_identity');
      expectValidationError(() => validateChatRequest({ message: 'hi', identity: { [field]: { value: 'x' } } }), 400, 'invalid_identity');
    }
  });
});

describe('validateFeedbackRequest', () => {
  it('upper-cases POSITIVE and NEGATIVE in any letter case', () => {
    assert.deepEqual(validateFeedbackRequest({ feedback: 'POSITIVE' }), { feedback: 'POSITIVE' });
    assert.deepEqual(validateFeedbackRequest({ feedback: 'negative' }), { feedback: 'NEGATIVE' });
    assert.deepEqual(validateFeedbackRequest({ feedback: 'Positive' }), { feedback: 'POSITIVE' });
  });

  for (const feedback of ['MAYBE', '', ' POSITIVE', 'up', 1, true, null, undefined, ['POSITIVE']]) {
    it(`refuses feedback ${JSON.stringify(feedback) ?? 'undefined'} with invalid_feedback`, () => {
      expectValidationError(() => validateFeedbackRequest({ feedback }), 400, 'invalid_feedback');
    });
  }

  it('refuses unknown fields and non-objects', () => {
    expectValidationError(() => validateFeedbackRequest({ feedback: 'POSITIVE', comment: 'great' }), 400, 'unknown_field');
    expectValidationError(() => validateFeedbackRequest(null), 400, 'invalid_body');
    expectValidationError(() => validateFeedbackRequest('POSITIVE'), 400, 'invalid_body');
    expectValidationError(() => validateFeedbackRequest([{ feedback: 'POSITIVE' }]), 400, 'invalid_body');
  });
});
