import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ID_PATTERN, matchRoute, upstreamPath, type RouteMatch } from '../../../proxy/routes/index.js';

describe('matchRoute', () => {
  it('matches the four routes with their methods', () => {
    assert.deepEqual(matchRoute('POST', '/v1/chat'), { ok: true, route: { name: 'chat', method: 'POST' } });
    assert.deepEqual(matchRoute('GET', '/v1/agent'), { ok: true, route: { name: 'agent', method: 'GET' } });
    assert.deepEqual(matchRoute('GET', '/v1/conversations/cnv_8f3k2/messages'), {
      ok: true,
      route: { name: 'messages', method: 'GET', conversationId: 'cnv_8f3k2' },
    });
    assert.deepEqual(matchRoute('PATCH', '/v1/conversations/cnv_8f3k2/messages/msg-91/feedback'), {
      ok: true,
      route: { name: 'feedback', method: 'PATCH', conversationId: 'cnv_8f3k2', messageId: 'msg-91' },
    });
  });

  it('matches OPTIONS on every allowed route, as the route itself', () => {
    assert.deepEqual(matchRoute('OPTIONS', '/v1/chat'), { ok: true, route: { name: 'chat', method: 'POST' } });
    assert.deepEqual(matchRoute('OPTIONS', '/v1/conversations/c1/messages/m1/feedback'), {
      ok: true,
      route: { name: 'feedback', method: 'PATCH', conversationId: 'c1', messageId: 'm1' },
    });
  });

  it('answers 405 with the allowed method for a known path', () => {
    assert.deepEqual(matchRoute('GET', '/v1/chat'), { ok: false, status: 405, name: 'chat', allow: 'POST' });
    assert.deepEqual(matchRoute('PUT', '/v1/chat'), { ok: false, status: 405, name: 'chat', allow: 'POST' });
    assert.deepEqual(matchRoute('POST', '/v1/agent'), { ok: false, status: 405, name: 'agent', allow: 'GET' });
    assert.deepEqual(matchRoute('HEAD', '/v1/agent'), { ok: false, status: 405, name: 'agent', allow: 'GET' });
    assert.deepEqual(matchRoute('DELETE', '/v1/conversations/c1/messages'), { ok: false, status: 405, name: 'messages', allow: 'GET' });
    assert.deepEqual(matchRoute('GET', '/v1/conversations/c1/messages/m1/feedback'), { ok: false, status: 405, name: 'feedback', allow: 'PATCH' });
    // Methods are compared exactly; the proxy upper-cases before calling.
    assert.deepEqual(matchRoute('post', '/v1/chat'), { ok: false, status: 405, name: 'chat', allow: 'POST' });
  });

  for (const path of [
    '/',
    '',
    '/v1',
    '/v1/',
    '/v1/chat/',
    '/v1/chat/x',
    '/v1/chats',
    '/V1/chat',
    '/v2/chat',
    '/api/v1/chat',
    '//v1/chat',
    '/v1//chat',
    '/v1/conversations',
    '/v1/conversations/',
    '/v1/conversations//messages',
    '/v1/conversations/c1',
    '/v1/conversations/c1/messages/',
    '/v1/conversations/c1/messages/m1',
    '/v1/conversations/c1/messages/m1/feedback/x',
    '/v1/conversations/c.1/messages',
    '/v1/conversations/../messages',
    '/v1/conversations/c1%2F..%2Fx/messages',
    '/v1/conversations/c%201/messages',
    '/v1/conversations/c1/messages/m.1/feedback',
    `/v1/conversations/${'a'.repeat(129)}/messages`,
    '/v1/customers',
    '/v1/orders',
    '/v1/leads',
    '/v1/analytics',
    '/v1/insights',
    '/v1/knowledge',
    '/v1/emails',
    '/v1/integrations',
    '/v1/agent\n',
  ]) {
    it(`refuses ${JSON.stringify(path.length > 50 ? `${path.slice(0, 50)}…` : path)} with 404 for any method`, () => {
      for (const method of ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS']) {
        assert.deepEqual(matchRoute(method, path), { ok: false, status: 404 });
      }
    });
  }

  it('accepts ids of 1 to 128 letters, digits, _ and -', () => {
    const longest = 'A'.repeat(128);
    assert.deepEqual(matchRoute('GET', `/v1/conversations/${longest}/messages`), {
      ok: true,
      route: { name: 'messages', method: 'GET', conversationId: longest },
    });
    assert.equal(matchRoute('GET', '/v1/conversations/a/messages').ok, true);
    assert.equal(matchRoute('GET', '/v1/conversations/a-B_9/messages').ok, true);
    assert.equal(ID_PATTERN.test(longest), true);
    assert.equal(ID_PATTERN.test(`${longest}a`), false);
    assert.equal(ID_PATTERN.test(''), false);
    assert.equal(ID_PATTERN.test('cnv.1'), false);
    assert.equal(ID_PATTERN.test('cnv/1'), false);
    assert.equal(ID_PATTERN.test('cnv%2F1'), false);
    assert.equal(ID_PATTERN.test('cnv_1\n'), false);
  });
});

describe('upstreamPath', () => {
  it('builds each path from the validated parts', () => {
    const cases: [RouteMatch, string][] = [
      [{ name: 'chat', method: 'POST' }, '/v1/chat'],
      [{ name: 'agent', method: 'GET' }, '/v1/agent'],
      [{ name: 'messages', method: 'GET', conversationId: 'cnv_1' }, '/v1/conversations/cnv_1/messages'],
      [{ name: 'feedback', method: 'PATCH', conversationId: 'cnv_1', messageId: 'msg_2' }, '/v1/conversations/cnv_1/messages/msg_2/feedback'],
    ];
    for (const [route, path] of cases) assert.equal(upstreamPath(route), path);
  });

  it('round-trips every matched path', () => {
    for (const [method, path] of [
      ['POST', '/v1/chat'],
      ['GET', '/v1/agent'],
      ['GET', '/v1/conversations/cnv_8f3k2/messages'],
      ['PATCH', '/v1/conversations/cnv_8f3k2/messages/msg_91/feedback'],
    ] as const) {
      const matched = matchRoute(method, path);
      assert.ok(matched.ok);
      assert.equal(upstreamPath(matched.route), path);
    }
  });
});
