/** The conversation controller with a throwaway host and a fake proxy client: sending, streaming, Stop, Retry, restoring. */
import { expect, waitUntil } from '@open-wc/testing';
import { ConversationController, type ConversationCallbacks } from '../../src/controllers/conversation-controller.js';
import { rateReply } from '../../src/controllers/rate-reply.js';
import type { TotebotStreamEvent } from '../../src/protocol/events.js';
import type { ChatMessage } from '../../src/state/conversation.js';
import { ApiError, FakeApiClient } from '../support/fake-api-client.js';
import { sleep, ThrowawayHost } from '../support/throwaway-host.js';

function setup() {
  const host = new ThrowawayHost();
  const client = new FakeApiClient();
  const seen = {
    conversations: [] as [string | undefined, string | undefined][],
    events: [] as TotebotStreamEvent[],
    replies: [] as ChatMessage[],
    errors: [] as ApiError[],
    retriesDue: 0,
  };
  const callbacks: ConversationCallbacks = {
    onConversation: (id, token) => seen.conversations.push([id, token]),
    onStreamEvent: (event) => seen.events.push(event),
    onReply: (message) => seen.replies.push(message),
    onError: (error) => seen.errors.push(error),
    onRetryDue: () => (seen.retriesDue += 1),
  };
  const conversation = new ConversationController(host, () => client, callbacks);
  host.connect();
  const summary = () => conversation.messages.map((message) => `${message.role}:${message.status}:${message.content}`);
  return { host, client, conversation, seen, summary };
}

describe('ConversationController', () => {
  it('sends the shopper\'s message, streams the reply into the last message and ends it once it all shows', async () => {
    const { client, conversation, seen, summary } = setup();
    const sent = conversation.send('Do you have a blue tote?', { id: 'u_1' }, 'sig');
    expect(summary()).to.deep.equal(['user:complete:Do you have a blue tote?', 'assistant:streaming:']);
    expect(conversation.busy).to.equal(true);
    const stream = client.lastStream;
    expect(stream.request).to.deep.equal({ message: 'Do you have a blue tote?', identity: { id: 'u_1' }, identitySignature: 'sig' });
    expect(stream.token).to.equal(undefined);

    stream.emit({ type: 'chunk', content: 'Yes, ', conversationId: 'cnv_1' }, { type: 'conversation_token', conversationId: 'cnv_1', token: 'tok_1' });
    await waitUntil(() => conversation.messages.at(-1)?.content === 'Yes, ', 'the first words show');
    expect(conversation.conversationId).to.equal('cnv_1');
    expect(conversation.conversationToken).to.equal('tok_1');
    expect(seen.conversations).to.deep.equal([['cnv_1', undefined], ['cnv_1', 'tok_1']]);

    stream.emit({ type: 'chunk', content: 'we do.' }, { type: 'completed', messageId: 'msg_1' });
    stream.end('finished');
    await sent;
    expect(summary()).to.deep.equal(['user:complete:Do you have a blue tote?', 'assistant:complete:Yes, we do.']);
    expect(conversation.messages.at(-1)!.id).to.equal('msg_1');
    expect(conversation.busy).to.equal(false);
    expect(seen.replies.map((message) => message.content)).to.deep.equal(['Yes, we do.']);
    // The proxy's token event is the panel's business, not the page's.
    expect(seen.events.map((event) => event.type)).to.deep.equal(['chunk', 'chunk', 'completed']);
  });

  it('sends the next message in the same conversation, with its token', async () => {
    const { client, conversation } = setup();
    client.onStream = (stream) => {
      stream.emit({ type: 'conversation_token', conversationId: 'cnv_1', token: 'tok_1' });
      stream.reply('ok', { conversationId: 'cnv_1' });
    };
    await conversation.send('one', undefined);
    await conversation.send('two', undefined);
    expect(client.streams[1]!.request).to.deep.equal({ message: 'two', conversationId: 'cnv_1' });
    expect(client.streams[1]!.token).to.equal('tok_1');
    expect(conversation.messages.map((message) => message.content)).to.deep.equal(['one', 'ok', 'two', 'ok']);
  });

  it('ignores a token for another conversation than the one it has', async () => {
    const { client, conversation } = setup();
    client.onStream = (stream) => {
      stream.emit({ type: 'chunk', content: 'hi', conversationId: 'cnv_1' }, { type: 'conversation_token', conversationId: 'cnv_other', token: 'tok_x' });
      stream.reply('');
    };
    await conversation.send('hello', undefined);
    expect(conversation.conversationId).to.equal('cnv_1');
    expect(conversation.conversationToken).to.equal(undefined);
  });

  it('Stop keeps what arrived, marked stopped, leaves a running action chip stopped (not failed) and aborts the request', async () => {
    const { client, conversation, seen, summary } = setup();
    const sent = conversation.send('Add the tote to my cart', undefined);
    const stream = client.lastStream;
    stream.emit({ type: 'chunk', content: 'Adding it' }, { type: 'action_started', id: 'act_1', action: 'add_to_cart' });
    await waitUntil(() => conversation.messages.at(-1)?.content === 'Adding it', 'the text shows');
    conversation.stop();
    expect(stream.signal.aborted).to.equal(true);
    expect(conversation.busy).to.equal(false);
    await sent;
    expect(summary()).to.deep.equal(['user:complete:Add the tote to my cart', 'assistant:stopped:Adding it']);
    expect(conversation.messages.at(-1)!.chips.map((chip) => chip.state)).to.deep.equal(['stopped']);
    expect(conversation.canRetry).to.equal(true);
    expect(seen.replies).to.deep.equal([]);
  });

  it('marks a stream that closes early as interrupted; Retry asks again without a second copy of the question', async () => {
    const { client, conversation, summary } = setup();
    client.onStream = (stream) => {
      stream.emit({ type: 'chunk', content: 'Half of an ans' });
      stream.end('interrupted');
    };
    await conversation.send('Do you have a blue tote?', undefined);
    expect(summary()).to.deep.equal(['user:complete:Do you have a blue tote?', 'assistant:interrupted:Half of an ans']);
    expect(conversation.canRetry).to.equal(true);

    client.onStream = (stream) => stream.reply('Yes.');
    await conversation.retry(undefined);
    expect(client.streams.map((stream) => stream.request.message)).to.deep.equal(['Do you have a blue tote?', 'Do you have a blue tote?']);
    expect(summary()).to.deep.equal(['user:complete:Do you have a blue tote?', 'assistant:complete:Yes.']);
    expect(conversation.canRetry).to.equal(false);
    // Nothing to ask again for: no request.
    await conversation.retry(undefined);
    expect(client.streams).to.have.length(2);
  });

  it('shows a refused request as a failed reply and reports the error', async () => {
    const { client, conversation, seen, summary } = setup();
    client.onStream = (stream) => stream.fail(new ApiError(500, 'internal', 'boom'));
    await conversation.send('hello', undefined);
    expect(summary()).to.deep.equal(['user:complete:hello', 'assistant:error:']);
    expect(conversation.messages.at(-1)!.error).to.deep.equal({ code: 'internal', message: 'boom', status: 500 });
    expect(seen.errors.map((error) => error.status)).to.deep.equal([500]);
    expect(seen.retriesDue).to.equal(0);
  });

  it('after a 429 counts down to the proxy\'s Retry-After and then asks for a retry through onRetryDue, not by itself', async () => {
    const { client, conversation, seen, host } = setup();
    // 1.5 s, not 1: the countdown ticks each second, and a tick at the same moment as the retry may come after it.
    client.onStream = (stream) => stream.fail(new ApiError(429, 'rate_limited', 'busy', 1.5));
    const before = Date.now();
    await conversation.send('hello', undefined);
    const retryAt = conversation.messages.at(-1)!.error!.retryAt!;
    expect(retryAt - before).to.be.within(1400, 2000);
    const updates = host.updatesRequested;
    await sleep(800);
    expect(seen.retriesDue).to.equal(0);
    await waitUntil(() => seen.retriesDue === 1, 'the retry is due', { timeout: 3000 });
    // The countdown re-renders while it waits, so the seconds shown move.
    expect(host.updatesRequested).to.be.greaterThan(updates);
    // The retry goes through the panel (lock, tab news, announcement): the controller sends nothing itself.
    expect(client.streams).to.have.length(1);
    await sleep(1200);
    expect(seen.retriesDue).to.equal(1);
  });

  it('drops a pending automatic retry on reset, on Stop and on a new message', async () => {
    for (const cancel of ['reset', 'stop', 'send'] as const) {
      const { client, conversation, seen } = setup();
      client.onStream = (stream) => stream.fail(new ApiError(429, 'rate_limited', 'busy', 0.3));
      await conversation.send('hello', undefined);
      client.onStream = (stream) => stream.fail(new ApiError(500, 'internal', 'boom'));
      if (cancel === 'reset') conversation.reset();
      else if (cancel === 'stop') conversation.stop();
      else await conversation.send('again', undefined);
      await sleep(600);
      expect(seen.retriesDue, `after ${cancel}`).to.equal(0);
    }
  });

  it('uses ten seconds for a 429 that names no wait', async () => {
    const { client, conversation } = setup();
    client.onStream = (stream) => stream.fail(new ApiError(429, 'rate_limited', 'busy'));
    const before = Date.now();
    await conversation.send('hello', undefined);
    expect(conversation.messages.at(-1)!.error!.retryAt! - before).to.be.within(9_900, 10_500);
    conversation.reset();
  });

  it('starts a new conversation once when the agent no longer knows this one, and sends the message there once', async () => {
    const { client, conversation, seen, summary } = setup();
    client.onStream = (stream) => {
      stream.emit({ type: 'conversation_token', conversationId: 'cnv_old', token: 'tok_old' });
      stream.reply('first', { conversationId: 'cnv_old' });
    };
    await conversation.send('one', undefined);
    client.onStream = (stream) => {
      if (stream.request.conversationId) return stream.fail(new ApiError(404, 'not_found', 'gone'));
      stream.emit({ type: 'conversation_token', conversationId: 'cnv_new', token: 'tok_new' });
      stream.reply('fresh', { conversationId: 'cnv_new' });
    };
    await conversation.send('two', undefined);
    expect(client.streams.slice(1).map((stream) => [stream.request, stream.token])).to.deep.equal([
      [{ message: 'two', conversationId: 'cnv_old' }, 'tok_old'],
      [{ message: 'two' }, undefined],
    ]);
    expect(summary()).to.deep.equal(['user:complete:two', 'assistant:complete:fresh']);
    expect(conversation.messages[0]!.restarted).to.equal(true);
    expect(conversation.conversationId).to.equal('cnv_new');
    expect(seen.conversations).to.deep.include([undefined, undefined]);
    expect(seen.errors).to.deep.equal([]);
  });

  it('starts afresh only once: a second refusal is a failed reply', async () => {
    const { client, conversation, seen } = setup();
    client.onStream = (stream) => stream.reply('first', { conversationId: 'cnv_old' });
    await conversation.send('one', undefined);
    client.onStream = (stream) => stream.fail(new ApiError(403, 'conversation_forbidden', 'no'));
    await conversation.send('two', undefined);
    // Refused for the old conversation, then again in the new one: the second refusal is shown, not asked a third time.
    expect(client.streams).to.have.length(3);
    expect(conversation.messages.at(-1)!.status).to.equal('error');
    expect(seen.errors.map((error) => error.status)).to.deep.equal([403]);
  });

  it('ends a stream that goes silent for longer than the idle timeout, as interrupted', async () => {
    const { client, conversation, summary } = setup();
    conversation.idleTimeoutMs = 200;
    client.onStream = (stream) => stream.emit({ type: 'chunk', content: 'Let me ch' });
    await conversation.send('hello', undefined);
    expect(client.lastStream.signal.aborted).to.equal(true);
    expect(summary()).to.deep.equal(['user:complete:hello', 'assistant:interrupted:Let me ch']);
  });

  it('shows the device\'s copy, then merges the proxy\'s history into it: a reply seen failed stays failed', async () => {
    const { client, conversation, seen, summary } = setup();
    const cached: ChatMessage[] = [
      { key: 'c1', role: 'user', content: 'hello', status: 'complete', chips: [], feedback: null, createdAt: '' },
      { key: 'c2', role: 'assistant', content: 'Half', status: 'interrupted', chips: [], feedback: null, createdAt: '' },
    ];
    conversation.showCached(cached);
    expect(conversation.messages).to.equal(cached);
    // Shown already: a second copy is not shown over it.
    conversation.showCached([cached[0]!]);
    expect(conversation.messages).to.equal(cached);
    client.history = async () => [
      { id: 'h1', role: 'user', content: 'hello', feedback: null },
      { id: 'h2', role: 'assistant', content: 'Whole reply', feedback: null },
    ];
    await conversation.restore({ conversationId: 'cnv_1', conversationToken: 'tok_1' });
    expect(client.historyRequests).to.deep.equal([{ conversationId: 'cnv_1', conversationToken: 'tok_1' }]);
    expect(seen.conversations).to.deep.equal([['cnv_1', 'tok_1']]);
    expect(summary()).to.deep.equal(['user:complete:hello', 'assistant:interrupted:Half']);
    // The shopper's message the proxy confirms keeps its key (and so its DOM), and takes the proxy's id.
    expect(conversation.messages[0]).to.include({ key: 'c1', id: 'h1' });
  });

  it('drops a conversation the proxy no longer has or refuses, and keeps the screen when the proxy is only down', async () => {
    const { client, conversation, seen } = setup();
    const cached: ChatMessage[] = [{ key: 'c1', role: 'user', content: 'hello', status: 'complete', chips: [], feedback: null, createdAt: '' }];
    conversation.showCached(cached);
    client.history = async () => {
      throw new ApiError(502, 'bad_gateway', 'down');
    };
    await conversation.restore({ conversationId: 'cnv_1', conversationToken: 'tok_1' });
    expect(conversation.messages).to.equal(cached);
    expect(conversation.conversationId).to.equal('cnv_1');
    expect(seen.errors.map((error) => error.status)).to.deep.equal([502]);

    for (const status of [404, 403]) {
      conversation.showCached(cached);
      client.history = async () => {
        throw new ApiError(status, 'gone', 'gone');
      };
      await conversation.restore({ conversationId: 'cnv_1', conversationToken: 'tok_1' });
      expect(conversation.messages, `after ${status}`).to.deep.equal([]);
      expect(conversation.conversationId).to.equal(undefined);
      expect(seen.conversations.at(-1)).to.deep.equal([undefined, undefined]);
    }
    expect(seen.errors).to.have.length(1);
  });

  it('ignores a history that arrives after the shopper sent a message', async () => {
    const { client, conversation, summary } = setup();
    let answer!: (history: { id: string; role: 'user' | 'assistant'; content: string; feedback: null }[]) => void;
    client.history = () => new Promise((resolve) => (answer = resolve));
    const restored = conversation.restore({ conversationId: 'cnv_1', conversationToken: 'tok_1' });
    client.onStream = (stream) => stream.reply('ok');
    await conversation.send('new question', undefined);
    answer([{ id: 'h1', role: 'user', content: 'old', feedback: null }]);
    await restored;
    expect(summary()).to.deep.equal(['user:complete:new question', 'assistant:complete:ok']);
  });

  it('marks a reply cut off by the element leaving as resumable, and takes it whole from the proxy\'s history later', async () => {
    const { client, conversation, host } = setup();
    const sent = conversation.send('hello', undefined);
    client.lastStream.emit({ type: 'chunk', content: 'Half', conversationId: 'cnv_1' });
    await waitUntil(() => conversation.messages.at(-1)?.content === 'Half', 'the text shows');
    host.disconnect();
    await sent;
    expect(client.lastStream.signal.aborted).to.equal(true);
    const cut = conversation.messages.at(-1)!;
    expect([cut.status, cut.resumable]).to.deep.equal(['interrupted', true]);

    // The next page: the proxy's history does not have the reply yet, then does.
    let answers = 0;
    client.history = async () => {
      answers += 1;
      return answers === 1
        ? [{ id: 'h1', role: 'user', content: 'hello', feedback: null }]
        : [{ id: 'h1', role: 'user', content: 'hello', feedback: null }, { id: 'h2', role: 'assistant', content: 'Half and the rest', feedback: null }];
    };
    await conversation.restore({ conversationId: 'cnv_1', conversationToken: 'tok_1' });
    expect(conversation.messages.at(-1)!.resumable).to.equal(true);
    await waitUntil(() => conversation.messages.at(-1)?.status === 'complete', 'polled again', { timeout: 5000 });
    expect(conversation.messages.map((message) => message.content)).to.deep.equal(['hello', 'Half and the rest']);
    expect(client.historyRequests).to.have.length(2);
  });

  it('stops polling for a cut-off reply after the last time: it stays interrupted, with Retry', async () => {
    const { client, conversation } = setup();
    const cached: ChatMessage[] = [
      { key: 'c1', role: 'user', content: 'hello', status: 'complete', chips: [], feedback: null, createdAt: '' },
      { key: 'c2', role: 'assistant', content: 'Half', status: 'interrupted', resumable: true, chips: [], feedback: null, createdAt: '' },
    ];
    conversation.showCached(cached);
    client.history = async () => [{ id: 'h1', role: 'user', content: 'hello', feedback: null }];
    await conversation.restore({ conversationId: 'cnv_1', conversationToken: undefined }, 0);
    const last = conversation.messages.at(-1)!;
    expect([last.status, last.resumable]).to.deep.equal(['interrupted', undefined]);
    expect(conversation.canRetry).to.equal(true);
    await sleep(100);
    expect(client.historyRequests).to.have.length(1);
  });

  it('leave() clears the screen and stops the run without forgetting the conversation where it is stored', async () => {
    const { client, conversation, seen } = setup();
    client.onStream = (stream) => {
      stream.emit({ type: 'conversation_token', conversationId: 'cnv_1', token: 'tok_1' });
      stream.reply('first', { conversationId: 'cnv_1' });
    };
    await conversation.send('one', undefined);
    client.onStream = () => {};
    const sent = conversation.send('two', undefined);
    const reported = seen.conversations.length;
    conversation.leave();
    await sent;
    expect(client.lastStream.signal.aborted).to.equal(true);
    expect(conversation.messages).to.deep.equal([]);
    expect([conversation.conversationId, conversation.conversationToken, conversation.busy]).to.deep.equal([undefined, undefined, false]);
    // reset() would report "no conversation", which the panel stores over the old proxy's record.
    expect(seen.conversations).to.have.length(reported);
  });

  it('rateReply shows feedback at once and reverts it with a flag when the proxy refuses', async () => {
    const { client, conversation } = setup();
    client.onStream = (stream) => stream.reply('ok', { conversationId: 'cnv_1', messageId: 'msg_1' });
    await conversation.send('hello', undefined);
    const key = conversation.messages.at(-1)!.key;
    expect(await rateReply(conversation, client, key, 'POSITIVE')).to.equal(true);
    expect(client.feedback).to.deep.equal([{ access: { conversationId: 'cnv_1', conversationToken: undefined }, messageId: 'msg_1', value: 'POSITIVE' }]);
    expect(conversation.messages.at(-1)!.feedback).to.equal('POSITIVE');

    let refuse!: () => void;
    client.feedbackAnswer = () => new Promise((_, reject) => (refuse = () => reject(new ApiError(500, 'internal', 'no'))));
    const sent = rateReply(conversation, client, key, 'NEGATIVE');
    expect(conversation.messages.at(-1)!.feedback).to.equal('NEGATIVE');
    refuse();
    expect(await sent).to.equal(false);
    expect(conversation.messages.at(-1)).to.include({ feedback: 'POSITIVE', feedbackFailed: true });
  });
});
