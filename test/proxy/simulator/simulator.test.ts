import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adaptStreamEvent, type RawSseMessage } from '../../../src/protocol/adapter.js';
import type {
  ActionCompletedEvent,
  ActionStartedEvent,
  ChunkEvent,
  CompletedEvent,
  ErrorEvent,
  ToolCallEvent,
  ProxyStreamEvent,
} from '../../../src/protocol/events.js';
import { createSseDecoder } from '../../../src/protocol/sse.js';
import { SIMULATOR_API_KEY } from '../../../proxy/simulator/simulator.js';
import { catalogProduct } from '../../../proxy/simulator/agent.js';
import { searchProducts } from '../../../proxy/simulator/catalogue.js';
import { readSseEvents } from '../../support/sse.js';
import { useServersPerTest, type SimulatorServer } from '../../support/test-server.js';
import { openChatStream, patchJson, postChat } from '../../support/http.js';

const AUTH = { authorization: `Bearer ${SIMULATOR_API_KEY}` };

/** Every simulator a test starts is closed after it. */
const servers = useServersPerTest();

interface ChatResult {
  response: Response;
  text: string;
  raw: RawSseMessage[];
  events: ProxyStreamEvent[];
}

/** Sends a chat message and reads the whole SSE body: its exact text and its adapted events. */
async function chat(server: SimulatorServer, body: Record<string, unknown>): Promise<ChatResult> {
  const response = await postChat(server.url, body, { headers: AUTH });
  assert.equal(response.status, 200, 'chat status');
  const bytes = new Uint8Array(await response.arrayBuffer());
  const raw: RawSseMessage[] = [];
  createSseDecoder((message) => raw.push(message))(bytes);
  const events = raw.map(adaptStreamEvent).filter((event): event is ProxyStreamEvent => event !== null);
  return { response, text: new TextDecoder().decode(bytes), raw, events };
}

function last<T>(list: readonly T[]): T {
  assert.ok(list.length > 0, 'a non-empty list');
  return list[list.length - 1]!;
}

function completedOf(events: ProxyStreamEvent[]): CompletedEvent {
  const end = last(events);
  assert.equal(end.type, 'completed');
  return end as CompletedEvent;
}

const ofType = <T extends ProxyStreamEvent>(events: ProxyStreamEvent[], type: T['type']) =>
  events.filter((event): event is T => event.type === type);

const replyText = (events: ProxyStreamEvent[]) =>
  ofType<ChunkEvent>(events, 'chunk')
    .map((event) => event.content)
    .join('');

async function expectError(response: Response, status: number, code: string): Promise<void> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
}

describe('simulator over HTTP: auth', () => {
  it('answers 401 without a Bearer key', async () => {
    const server = await servers.simulator();
    await expectError(await fetch(`${server.url}/v1/agent`), 401, 'unauthorized');
    await expectError(await postChat(server.url, { message: 'hi' }), 401, 'unauthorized');
    assert.equal(server.simulator.stats.streamsStarted, 0);
  });

  it('answers 401 with a wrong key or scheme', async () => {
    const server = await servers.simulator();
    for (const authorization of ['Bearer tb_pk_wrong', `Basic ${SIMULATOR_API_KEY}`, SIMULATOR_API_KEY, `Bearer  ${SIMULATOR_API_KEY}`]) {
      await expectError(await fetch(`${server.url}/v1/agent`, { headers: { authorization } }), 401, 'unauthorized');
    }
  });

  it('accepts a custom key', async () => {
    const server = await servers.simulator({ apiKey: 'tb_pk_custom' });
    await expectError(await fetch(`${server.url}/v1/agent`, { headers: AUTH }), 401, 'unauthorized');
    const response = await fetch(`${server.url}/v1/agent`, { headers: { authorization: 'Bearer tb_pk_custom' } });
    assert.equal(response.status, 200);
    await response.body?.cancel();
  });

  it('records every request with its authorization header', async () => {
    const server = await servers.simulator();
    await (await fetch(`${server.url}/v1/agent`, { headers: AUTH })).text();
    await (await fetch(`${server.url}/v1/conversations`)).text();
    assert.deepEqual(server.simulator.stats.requests, [
      { method: 'GET', path: '/v1/agent', authorization: `Bearer ${SIMULATOR_API_KEY}` },
      { method: 'GET', path: '/v1/conversations', authorization: null },
    ]);
  });
});

describe('simulator over HTTP: POST /v1/chat', () => {
  it('streams canonical frames, byte for byte, and ends with completed', async () => {
    const server = await servers.simulator();
    const { response, text, raw, events } = await chat(server, { message: 'do you have a blue tote?' });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache, no-transform');

    const completed = completedOf(events);
    const conversationId = completed.conversationId!;
    const messageId = completed.messageId!;
    assert.match(conversationId, /^cnv_[a-z0-9]+$/);
    assert.match(messageId, /^msg_[a-z0-9]+$/);

    const [toolCall] = ofType<ToolCallEvent>(events, 'tool_call');
    assert.ok(toolCall);
    const frames = text.split('\n\n');
    assert.equal(last(frames), '', 'the body ends with a blank line');
    // The tool's result carries the products found, in the catalog shape of "Products in replies".
    const result = JSON.stringify({ products: searchProducts('do you have a blue tote?').map(catalogProduct) });
    assert.equal(
      frames[0],
      `event: tool_call\ndata: {"type":"tool_call","id":"${toolCall.id}","name":"search_products",` +
        `"arguments":{"query":"do you have a blue tote?"},"result":${result}}`,
    );
    assert.equal(frames[1], `event: chunk\ndata: {"type":"chunk","conversationId":"${conversationId}","content":"Yes "}`);
    assert.equal(frames[2], `event: chunk\ndata: {"type":"chunk","conversationId":"${conversationId}","content":"— "}`);
    assert.ok(
      text.startsWith(
        `event: tool_call\ndata: {"type":"tool_call","id":"${toolCall.id}","name":"search_products","arguments":{"query":"do you have a blue tote?"},"result":${result}}\n\n` +
          `event: chunk\ndata: {"type":"chunk","conversationId":"${conversationId}","content":"Yes "}\n\n`,
      ),
    );

    const reply = replyText(events);
    assert.match(reply, /^Yes — here is what I found:\n\n- \[Blue Canvas Tote\]\(\/products\/blue-canvas-tote\) — \*\*€29\.00\*\*/);
    assert.equal(
      last(frames.slice(0, -1)),
      `event: completed\ndata: ${JSON.stringify({ type: 'completed', conversationId, messageId, content: reply, suggestions: ['Yes, add it', 'No, thanks'] })}`,
    );
    assert.equal(completed.content, reply);

    // Every frame names its type twice, and nothing else is on the wire.
    assert.equal(raw.length, frames.length - 1);
    for (const message of raw) assert.equal((JSON.parse(message.data) as { type: string }).type, message.event);
    assert.deepEqual(
      events.map((event) => event.type),
      ['tool_call', ...Array(events.length - 2).fill('chunk'), 'completed'],
    );
    assert.equal(server.simulator.stats.streamsStarted, 1);
    assert.equal(server.simulator.stats.streamsCompleted, 1);
  });

  it('reads the same through the shared test helper', async () => {
    const server = await servers.simulator();
    const response = await postChat(server.url, { message: 'hello' }, { headers: AUTH });
    const { events } = await readSseEvents(response);
    assert.match(replyText(events), /^Hello! I'm Tote/);
    assert.equal(last(events).type, 'completed');
  });

  it('continues a conversation with conversationId', async () => {
    const server = await servers.simulator();
    const first = completedOf((await chat(server, { message: 'hello' })).events);
    const second = await chat(server, { message: 'do you have a blue tote?', conversationId: first.conversationId });
    const completed = completedOf(second.events);
    assert.equal(completed.conversationId, first.conversationId);
    assert.notEqual(completed.messageId, first.messageId);
    for (const event of ofType<ChunkEvent>(second.events, 'chunk')) assert.equal(event.conversationId, first.conversationId);

    const stored = server.simulator.conversation(first.conversationId!);
    assert.deepEqual(
      stored?.messages.map((message) => `${message.role}:${message.content.slice(0, 12)}`),
      ['user:hello', "assistant:Hello! I'm T", 'user:do you have ', 'assistant:Yes — here i'],
    );
  });

  it('a new chat without conversationId starts a new conversation', async () => {
    const server = await servers.simulator();
    const first = completedOf((await chat(server, { message: 'hello' })).events);
    const second = completedOf((await chat(server, { message: 'hello' })).events);
    assert.notEqual(first.conversationId, second.conversationId);
  });

  it('answers 404 for an unknown conversationId', async () => {
    const server = await servers.simulator();
    const response = await postChat(server.url, { message: 'hello', conversationId: 'cnv_nope' }, { headers: AUTH });
    await expectError(response, 404, 'conversation_not_found');
    assert.equal(server.simulator.stats.streamsStarted, 0);
  });

  it('answers 400 for a missing message or a body that is not JSON', async () => {
    const server = await servers.simulator();
    for (const body of [JSON.stringify({}), JSON.stringify({ message: '   ' }), JSON.stringify({ message: 42 })]) {
      await expectError(await postChat(server.url, body, { headers: AUTH }), 400, 'invalid_message');
    }
    await expectError(await postChat(server.url, '{not json', { headers: AUTH }), 400, 'invalid_json');
  });

  it('answers 405 for GET /v1/chat', async () => {
    const server = await servers.simulator();
    const response = await fetch(`${server.url}/v1/chat`, { headers: AUTH });
    assert.equal(response.headers.get('allow'), 'POST');
    await expectError(response, 405, 'method_not_allowed');
  });

  it('ends an error reply with an error event and no completed', async () => {
    const server = await servers.simulator();
    const { text, events } = await chat(server, { message: 'please fail' });
    assert.deepEqual(
      events.map((event) => event.type),
      ['chunk', 'chunk', 'chunk', 'chunk', 'chunk', 'chunk', 'error'],
    );
    assert.equal(replyText(events), 'Let me check that for you… ');
    const error = last(events) as ErrorEvent;
    assert.equal(error.code, 'agent_unavailable');
    assert.equal(error.message, 'The assistant is unavailable.');
    assert.ok(
      text.endsWith(
        `event: error\ndata: {"type":"error","conversationId":"${error.conversationId}","code":"agent_unavailable",` +
          `"message":"The assistant is unavailable."}\n\n`,
      ),
    );
    assert.equal(server.simulator.stats.streamsCompleted, 0);
    // The failed reply is not stored; the shopper's message is.
    assert.deepEqual(
      server.simulator.conversation(error.conversationId!)?.messages.map((message) => message.role),
      ['user'],
    );
  });

  it('a search offers quick replies; "Yes, add it" then adds the product it offered', async () => {
    const server = await servers.simulator();
    const search = await chat(server, { message: 'do you have a sand linen tote?' });
    const completed = completedOf(search.events);
    assert.deepEqual(completed.suggestions, ['Yes, add it', 'No, thanks']);
    const [toolCall] = ofType<ToolCallEvent>(search.events, 'tool_call');
    assert.equal(toolCall!.products?.[0]?.id, 'p_3');
    const yes = await chat(server, { message: 'Yes, add it', conversationId: completed.conversationId });
    const [started] = ofType<ActionStartedEvent>(yes.events, 'action_started');
    assert.equal(started!.products?.[0]?.name, 'Sand Linen Tote');
    assert.equal(completedOf(yes.events).suggestions, undefined, 'no offer after the product is added');
  });

  it('add-to-cart emits action_started then action_completed, and the cart count grows per conversation', async () => {
    const server = await servers.simulator();
    const first = await chat(server, { message: 'add the blue tote to my cart' });
    assert.deepEqual(
      first.events.filter((event) => event.type !== 'chunk').map((event) => event.type),
      ['tool_call', 'action_started', 'action_completed', 'completed'],
    );
    const [started] = ofType<ActionStartedEvent>(first.events, 'action_started');
    const [done] = ofType<ActionCompletedEvent>(first.events, 'action_completed');
    assert.deepEqual(started, {
      type: 'action_started',
      id: started!.id,
      action: 'add_to_cart',
      label: 'Adding Blue Canvas Tote to cart',
      data: { productId: 'p_1', name: 'Blue Canvas Tote', quantity: 1, price: 2900, products: [catalogProduct(searchProducts('blue tote')[0]!)] },
      // What the adapter reads from it: the line the widget confirms once the action completes.
      products: [{ id: 'p_1', name: 'Blue Canvas Tote', url: '/products/blue-canvas-tote', price: { amount: 29, currency: 'EUR' }, availability: true }],
      quantity: 1,
      // and the name its chip says.
      productName: 'Blue Canvas Tote',
    });
    assert.match(started!.id, /^ac_/);
    assert.deepEqual(done, {
      type: 'action_completed',
      id: started!.id,
      action: 'add_to_cart',
      success: true,
      result: { productId: 'p_1', quantity: 1, cartCount: 1 },
    });
    assert.ok(first.events.indexOf(started!) < first.events.indexOf(done!));

    const conversationId = completedOf(first.events).conversationId;
    const second = await chat(server, { message: 'Please put the blue tote in my basket', conversationId });
    const [again] = ofType<ActionCompletedEvent>(second.events, 'action_completed');
    assert.deepEqual(again!.result, { productId: 'p_1', quantity: 1, cartCount: 2 });

    // Another conversation has its own cart.
    const other = await chat(server, { message: 'add the blue tote to my cart' });
    assert.deepEqual(ofType<ActionCompletedEvent>(other.events, 'action_completed')[0]!.result, {
      productId: 'p_1',
      quantity: 1,
      cartCount: 1,
    });
  });

  it('sees a client abort mid-stream', async () => {
    const server = await servers.simulator({ chunkDelayMs: 20 });
    const aborted = server.simulator.nextStreamAbort();
    const stream = await openChatStream(server.url, { message: 'tell me everything' }, { headers: AUTH });
    assert.equal(stream.response.status, 200);
    assert.equal(stream.first.done, false);
    assert.match(stream.firstText, /^event: chunk\ndata: \{"type":"chunk"/);
    stream.abort();

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 3_000)));
    const outcome = await Promise.race([aborted.then(() => 'aborted' as const), timeout]);
    clearTimeout(timer);
    assert.equal(outcome, 'aborted');

    const { stats } = server.simulator;
    assert.equal(stats.streamsStarted, 1);
    assert.equal(stats.streamsAborted, 1);
    assert.equal(stats.streamsCompleted, 0);
    // Nothing was saved for the abandoned reply.
    const list = (await (await fetch(`${server.url}/v1/conversations`, { headers: AUTH })).json()) as {
      data: { messageCount: number }[];
    };
    assert.deepEqual(
      list.data.map((entry) => entry.messageCount),
      [1],
    );
  });
});

describe('simulator over HTTP: history and feedback', () => {
  it('GET messages returns {data:[...]} with the user and assistant messages', async () => {
    const server = await servers.simulator({ now: () => Date.parse('2026-11-24T10:00:00Z') });
    const { events } = await chat(server, { message: 'do you have a blue tote?' });
    const completed = completedOf(events);
    const response = await fetch(`${server.url}/v1/conversations/${completed.conversationId}/messages`, { headers: AUTH });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as { data: { id: string }[] };
    assert.deepEqual(Object.keys(body), ['data']);
    assert.equal(body.data.length, 2);
    assert.deepEqual(body.data[0], {
      id: body.data[0]!.id,
      role: 'user',
      content: 'do you have a blue tote?',
      createdAt: '2026-11-24T10:00:00.000Z',
      feedback: null,
    });
    assert.deepEqual(body.data[1], {
      id: completed.messageId,
      role: 'assistant',
      content: replyText(events),
      createdAt: '2026-11-24T10:00:00.000Z',
      feedback: null,
    });
    assert.notEqual(body.data[0]!.id, completed.messageId);
  });

  it('GET messages of an unknown conversation is 404', async () => {
    const server = await servers.simulator();
    await expectError(await fetch(`${server.url}/v1/conversations/cnv_nope/messages`, { headers: AUTH }), 404, 'conversation_not_found');
  });

  it('PATCH feedback accepts any case, stores it upper-case and returns the message', async () => {
    const server = await servers.simulator();
    const completed = completedOf((await chat(server, { message: 'hello' })).events);
    const url = `${server.url}/v1/conversations/${completed.conversationId}/messages/${completed.messageId}/feedback`;

    for (const [sent, stored] of [
      ['positive', 'POSITIVE'],
      ['Negative', 'NEGATIVE'],
      ['POSITIVE', 'POSITIVE'],
    ] as const) {
      const response = await patchJson(url, { feedback: sent }, { headers: AUTH });
      assert.equal(response.status, 200, sent);
      const message = (await response.json()) as { id: string; role: string; feedback: string };
      assert.equal(message.id, completed.messageId);
      assert.equal(message.role, 'assistant');
      assert.equal(message.feedback, stored);
      const history = (await (
        await fetch(`${server.url}/v1/conversations/${completed.conversationId}/messages`, { headers: AUTH })
      ).json()) as { data: { feedback: string | null }[] };
      assert.deepEqual(
        history.data.map((entry) => entry.feedback),
        [null, stored],
      );
    }
  });

  it('PATCH invalid feedback is 400 and changes nothing', async () => {
    const server = await servers.simulator();
    const completed = completedOf((await chat(server, { message: 'hello' })).events);
    const url = `${server.url}/v1/conversations/${completed.conversationId}/messages/${completed.messageId}/feedback`;
    for (const body of [JSON.stringify({ feedback: 'meh' }), JSON.stringify({ feedback: null }), JSON.stringify({}), 'not json']) {
      await expectError(await patchJson(url, body, { headers: AUTH }), 400, 'invalid_feedback');
    }
    assert.equal(server.simulator.conversation(completed.conversationId!)?.messages[1]?.feedback, null);
  });

  it('PATCH feedback on an unknown or user message is 404', async () => {
    const server = await servers.simulator();
    const completed = completedOf((await chat(server, { message: 'hello' })).events);
    const userId = server.simulator.conversation(completed.conversationId!)!.messages[0]!.id;
    const base = `${server.url}/v1/conversations`;
    for (const path of [
      `${base}/${completed.conversationId}/messages/msg_nope/feedback`,
      `${base}/cnv_nope/messages/${completed.messageId}/feedback`,
      `${base}/${completed.conversationId}/messages/${userId}/feedback`,
    ]) {
      const response = await patchJson(path, { feedback: 'POSITIVE' }, { headers: AUTH });
      await expectError(response, 404, 'message_not_found');
    }
  });
});

describe('simulator over HTTP: other endpoints', () => {
  it('GET /v1/agent', async () => {
    const server = await servers.simulator();
    const response = await fetch(`${server.url}/v1/agent`, { headers: AUTH });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      id: 'agt_simulator',
      name: 'Tote',
      model: 'totebot-simulator',
      trainingStatus: 'TRAINED',
    });
  });

  it('GET /v1/conversations lists conversations with their message counts', async () => {
    const server = await servers.simulator({ now: () => Date.parse('2026-11-24T10:00:00Z') });
    const empty = await fetch(`${server.url}/v1/conversations`, { headers: AUTH });
    assert.deepEqual(await empty.json(), { data: [] });

    const first = completedOf((await chat(server, { message: 'hello' })).events);
    await chat(server, { message: 'help', conversationId: first.conversationId });
    const failed = last((await chat(server, { message: 'please fail' })).events) as ErrorEvent;

    const response = await fetch(`${server.url}/v1/conversations`, { headers: AUTH });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      data: [
        { id: first.conversationId, createdAt: '2026-11-24T10:00:00.000Z', messageCount: 4 },
        { id: failed.conversationId, createdAt: '2026-11-24T10:00:00.000Z', messageCount: 1 },
      ],
    });
  });

  it('unknown paths are 404 JSON', async () => {
    const server = await servers.simulator();
    await expectError(await fetch(`${server.url}/v1/customers`, { headers: AUTH }), 404, 'not_found');
  });

  it('rate limit: the 4th request within the window is 429 with Retry-After and a JSON error', async () => {
    let time = Date.parse('2026-11-24T10:00:00Z');
    const server = await servers.simulator({ rateLimit: { limit: 3, windowMs: 60_000 }, now: () => time });
    for (let index = 0; index < 3; index++) {
      const response = await fetch(`${server.url}/v1/agent`, { headers: AUTH });
      assert.equal(response.status, 200, `request ${index + 1}`);
      await response.body?.cancel();
      time += 1_000;
    }
    const limited = await postChat(server.url, { message: 'hello' }, { headers: AUTH });
    // Requests at 0, 1 and 2 s; refused at 3 s: the first one leaves the window at 60 s.
    assert.equal(limited.headers.get('retry-after'), '57');
    await expectError(limited, 429, 'rate_limited');
    assert.equal(server.simulator.stats.streamsStarted, 0);

    // Once the first request leaves the window, one more is allowed.
    time = Date.parse('2026-11-24T10:01:00Z');
    const again = await fetch(`${server.url}/v1/agent`, { headers: AUTH });
    assert.equal(again.status, 200);
    await again.body?.cancel();
  });

  it('requests without a valid key do not use up the rate limit', async () => {
    const server = await servers.simulator({ rateLimit: { limit: 1, windowMs: 60_000 } });
    for (let index = 0; index < 3; index++) {
      await expectError(await fetch(`${server.url}/v1/agent`), 401, 'unauthorized');
    }
    const response = await fetch(`${server.url}/v1/agent`, { headers: AUTH });
    assert.equal(response.status, 200);
    await response.body?.cancel();
  });
});
