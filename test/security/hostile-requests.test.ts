/**
 * Hostile HTTP against the real proxy in front of the simulator, which counts
 * what reaches it. Each request below must be refused by the proxy, with a JSON
 * error and without upstream seeing it; and a conversation is usable only by
 * the visitor who holds its token.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { startProxy, startSimulator, type ProxyServer, type SimulatorServer } from '../support/test-server.js';
import { startConversation, type StartedConversation } from '../support/conversation.js';
import { readSseEvents } from '../support/sse.js';
import { canonicalIdentity } from '../../proxy/signing.js';
import { CONVERSATION_TOKEN_HEADER } from '../../src/protocol/events.js';

const IDENTITY_SECRET = 'store-identity-secret';

/** Sends a request with the target exactly as written (fetch would normalise it). */
function rawRequest(base: string, method: string, target: string, headers: Record<string, string> = {}, body?: string) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest({ hostname, port, method, path: target, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('hostile requests against the proxy', () => {
  let upstream: SimulatorServer;
  let proxy: ProxyServer;
  let victim: StartedConversation;
  let other: StartedConversation;

  before(async () => {
    upstream = await startSimulator({ rateLimit: false });
    proxy = await startProxy(upstream.url, { identitySecrets: [IDENTITY_SECRET], allowedOrigins: ['https://shop.example'] });
    victim = await startConversation(proxy, 'do you have a blue tote?');
    other = await startConversation(proxy);
  });
  after(async () => {
    await proxy.close();
    await upstream.close();
  });

  const json = { 'content-type': 'application/json' };
  const chatBody = (extra: Record<string, unknown>) => JSON.stringify({ message: 'hi', ...extra });
  const token = (value: () => string) => ({ [CONVERSATION_TOKEN_HEADER]: value() });

  const cases: { name: string; method: string; target: () => string; headers?: () => Record<string, string>; body?: () => string; status: number; code: string }[] = [
    { name: 'read history without a token', method: 'GET', target: () => `/v1/conversations/${victim.conversationId}/messages`, status: 403, code: 'conversation_forbidden' },
    { name: 'read history with another conversation\'s token', method: 'GET', target: () => `/v1/conversations/${victim.conversationId}/messages`, headers: () => token(() => other.token), status: 403, code: 'conversation_forbidden' },
    { name: 'read history with a forged token', method: 'GET', target: () => `/v1/conversations/${victim.conversationId}/messages`, headers: () => token(() => 'A'.repeat(43)), status: 403, code: 'conversation_forbidden' },
    { name: 'read history with a token for a truncated id', method: 'GET', target: () => `/v1/conversations/${victim.conversationId}x/messages`, headers: () => token(() => victim.token), status: 403, code: 'conversation_forbidden' },
    { name: 'continue a conversation without a token', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => chatBody({ conversationId: victim.conversationId }), status: 403, code: 'conversation_forbidden' },
    { name: 'continue a conversation with another\'s token', method: 'POST', target: () => '/v1/chat', headers: () => ({ ...json, ...token(() => other.token) }), body: () => chatBody({ conversationId: victim.conversationId }), status: 403, code: 'conversation_forbidden' },
    { name: 'rate a reply without a token', method: 'PATCH', target: () => `/v1/conversations/${victim.conversationId}/messages/${victim.messageId}/feedback`, headers: () => json, body: () => '{"feedback":"NEGATIVE"}', status: 403, code: 'conversation_forbidden' },
    { name: 'rate a reply with another conversation\'s token', method: 'PATCH', target: () => `/v1/conversations/${victim.conversationId}/messages/${victim.messageId}/feedback`, headers: () => ({ ...json, ...token(() => other.token) }), body: () => '{"feedback":"NEGATIVE"}', status: 403, code: 'conversation_forbidden' },
    { name: 'list every conversation', method: 'GET', target: () => '/v1/conversations', status: 404, code: 'not_found' },
    { name: 'read customers', method: 'GET', target: () => '/v1/customers', status: 404, code: 'not_found' },
    { name: 'read orders', method: 'GET', target: () => '/v1/orders', status: 404, code: 'not_found' },
    { name: 'read leads', method: 'GET', target: () => '/v1/leads', status: 404, code: 'not_found' },
    { name: 'read analytics', method: 'GET', target: () => '/v1/analytics', status: 404, code: 'not_found' },
    { name: 'dot-dot out of an allowed route', method: 'GET', target: () => '/v1/agent/../customers', status: 400, code: 'invalid_path' },
    { name: 'dot-dot into an allowed route', method: 'GET', target: () => '/v1/customers/../agent', status: 400, code: 'invalid_path' },
    { name: 'percent-encoded dots', method: 'GET', target: () => '/v1/conversations/%2e%2e/messages', status: 400, code: 'invalid_path' },
    { name: 'percent-encoded slash in an id', method: 'GET', target: () => '/v1/conversations/a%2F..%2Fcustomers/messages', status: 400, code: 'invalid_path' },
    { name: 'double slash', method: 'GET', target: () => '/v1//agent', status: 400, code: 'invalid_path' },
    { name: 'backslash', method: 'GET', target: () => '/v1\\agent', status: 400, code: 'invalid_path' },
    { name: 'absolute-form target to another host', method: 'GET', target: () => 'http://evil.example/v1/conversations', status: 400, code: 'invalid_path' },
    { name: 'method override header', method: 'POST', target: () => '/v1/chat', headers: () => ({ ...json, 'x-http-method-override': 'DELETE' }), body: () => chatBody({}), status: 400, code: 'method_override_refused' },
    { name: 'X-Method-Override header', method: 'GET', target: () => '/v1/agent', headers: () => ({ 'x-method-override': 'PATCH' }), status: 400, code: 'method_override_refused' },
    { name: 'DELETE a conversation\'s messages', method: 'DELETE', target: () => `/v1/conversations/${victim.conversationId}/messages`, status: 405, code: 'method_not_allowed' },
    { name: 'TRACE (a method fetch refuses to represent)', method: 'TRACE', target: () => '/v1/chat', status: 405, code: 'method_not_allowed' },
    { name: 'TRACK (a method Node\'s HTTP parser rejects itself)', method: 'TRACK', target: () => '/v1/chat', status: 405, code: 'method_not_allowed' },
    { name: 'PUT on the chat route', method: 'PUT', target: () => '/v1/chat', headers: () => json, body: () => chatBody({}), status: 405, code: 'method_not_allowed' },
    { name: 'form-encoded body', method: 'POST', target: () => '/v1/chat', headers: () => ({ 'content-type': 'application/x-www-form-urlencoded' }), body: () => 'message=hi', status: 415, code: 'unsupported_media_type' },
    { name: 'text/plain body (a CORS-simple request)', method: 'POST', target: () => '/v1/chat', headers: () => ({ 'content-type': 'text/plain' }), body: () => chatBody({}), status: 415, code: 'unsupported_media_type' },
    { name: '17 KiB body', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => chatBody({ identity: { name: 'x'.repeat(17 * 1024) } }), status: 413, code: 'body_too_large' },
    { name: 'prototype pollution field', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => '{"message":"hi","__proto__":{"admin":true}}', status: 400, code: 'unknown_field' },
    { name: 'an extra field to smuggle upstream', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => chatBody({ agentId: 'agt_other' }), status: 400, code: 'unknown_field' },
    { name: 'identity with an unknown field', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => chatBody({ identity: { id: 'u', role: 'admin' } }), status: 400, code: 'unknown_field' },
    { name: 'identity that is an array', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => chatBody({ identity: ['u'] }), status: 400, code: 'invalid_identity' },
    { name: 'conversation id with a slash', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => chatBody({ conversationId: '../customers' }), status: 400, code: 'invalid_conversation_id' },
    { name: 'message of only spaces', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => JSON.stringify({ message: '   \n\t ' }), status: 400, code: 'invalid_message' },
    { name: '4001-character message', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => JSON.stringify({ message: 'a'.repeat(4001) }), status: 400, code: 'invalid_message' },
    { name: 'message that is an object', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => JSON.stringify({ message: { toString: 'hi' } }), status: 400, code: 'invalid_message' },
    { name: 'malformed JSON', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => '{"message":', status: 400, code: 'invalid_json' },
    { name: 'feedback that is not a rating', method: 'PATCH', target: () => `/v1/conversations/${victim.conversationId}/messages/${victim.messageId}/feedback`, headers: () => ({ ...json, ...token(() => victim.token) }), body: () => '{"feedback":"DELETE"}', status: 400, code: 'invalid_feedback' },
    { name: 'identity signature that is not hex', method: 'POST', target: () => '/v1/chat', headers: () => json, body: () => chatBody({ identity: { id: 'u' }, identitySignature: 'nope' }), status: 400, code: 'invalid_identity_signature' },
    { name: 'a page on a disallowed origin', method: 'POST', target: () => '/v1/chat', headers: () => ({ ...json, origin: 'https://evil.example' }), body: () => chatBody({}), status: 403, code: 'origin_not_allowed' },
    { name: 'a preflight from a disallowed origin', method: 'OPTIONS', target: () => '/v1/chat', headers: () => ({ origin: 'https://evil.example', 'access-control-request-method': 'POST' }), status: 403, code: 'origin_not_allowed' },
  ];

  it(`covers at least 30 hostile requests (${cases.length})`, () => {
    assert.ok(cases.length >= 30);
  });

  for (const hostile of cases) {
    it(`refuses: ${hostile.name}`, async () => {
      const reached = upstream.simulator.stats.requests.length;
      const response = await rawRequest(proxy.url, hostile.method, hostile.target(), hostile.headers?.() ?? {}, hostile.body?.());
      assert.equal(response.status, hostile.status, response.body);
      const body = JSON.parse(response.body) as { error: { code: string; message: string } };
      assert.equal(body.error.code, hostile.code);
      assert.equal(typeof body.error.message, 'string');
      assert.equal(upstream.simulator.stats.requests.length, reached, 'nothing reached upstream');
    });
  }

  it('lets the token holder read, continue and rate their own conversation', async () => {
    const headers = { ...json, [CONVERSATION_TOKEN_HEADER]: victim.token };
    const history = await fetch(`${proxy.url}/v1/conversations/${victim.conversationId}/messages`, { headers });
    assert.equal(history.status, 200);
    const rating = await fetch(`${proxy.url}/v1/conversations/${victim.conversationId}/messages/${victim.messageId}/feedback`, {
      method: 'PATCH',
      headers,
      body: '{"feedback":"positive"}',
    });
    assert.equal(rating.status, 200);
    const next = await fetch(`${proxy.url}/v1/chat`, { method: 'POST', headers, body: chatBody({ conversationId: victim.conversationId }) });
    const { events } = await readSseEvents(next);
    assert.equal(events.at(-1)?.type, 'completed');
    assert.equal(upstream.simulator.conversation(victim.conversationId)!.messages.length, 4);
  });

  it('forwards identity only when the store signed it, and never the signature', async () => {
    const identity = { id: 'u_42', email: 'ana@example.com' };
    const signature = createHmac('sha256', IDENTITY_SECRET).update(canonicalIdentity(identity)).digest('hex');
    const send = async (extra: Record<string, unknown>) => {
      const response = await fetch(`${proxy.url}/v1/chat`, { method: 'POST', headers: json, body: chatBody(extra) });
      await readSseEvents(response);
      return upstream.simulator.stats.requests.at(-1)!;
    };
    assert.deepEqual((await send({ identity, identitySignature: signature })).identity, identity);
    assert.equal((await send({ identity })).identity, undefined, 'unsigned identity is dropped');
    assert.equal((await send({ identity: { ...identity, id: 'u_1' }, identitySignature: signature })).identity, undefined, 'a signature for someone else');
    assert.equal(proxy.logs.filter((entry) => entry.note === 'identity_dropped').length, 2);
  });
});
