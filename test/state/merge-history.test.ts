import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { HistoryMessage } from '../../src/protocol/events.js';
import { fromCached, toCached } from '../../src/state/cached-messages.js';
import { assistantDraft, fromHistory, markFailed, markInterrupted, userMessage, type ChatMessage } from '../../src/state/conversation.js';
import { mergeHistory } from '../../src/state/merge-history.js';

const AT = '2026-12-05T10:00:00Z';
const history = (entries: Partial<HistoryMessage>[]): HistoryMessage[] =>
  entries.map((entry, index) => ({ id: `msg_${index}`, role: 'assistant', content: `text ${index}`, feedback: null, ...entry }));
const said = (content: string): ChatMessage => userMessage(content, AT);
const answer = (id: string, content: string): ChatMessage => ({ ...assistantDraft(AT), id, content, status: 'complete' });
const failed = (): ChatMessage => markFailed(assistantDraft(AT), { code: 'unreachable', message: 'down', status: 0 });
const stopped = (content: string, id?: string): ChatMessage => markInterrupted({ ...assistantDraft(AT), content, ...(id && { id }) }, 'stopped');
const cutOff = (content: string): ChatMessage => ({ ...markInterrupted({ ...assistantDraft(AT), content }), resumable: true });
const q = (id: string, content: string): HistoryMessage => ({ id, role: 'user', content, feedback: null, createdAt: AT });
const a = (id: string, content: string): HistoryMessage => ({ id, role: 'assistant', content, feedback: null, createdAt: AT });
const view = (messages: readonly ChatMessage[]) => messages.map((message) => `${message.role}:${message.content}:${message.status}`);

describe('mergeHistory', () => {
  it('keeps the very objects the proxy confirms, so nothing on screen is rebuilt', () => {
    const shown = history([{ role: 'user' }, {}]).map(fromHistory);
    const merged = mergeHistory(shown, history([{ role: 'user' }, {}]));
    assert.equal(merged[0], shown[0]);
    assert.equal(merged[1], shown[1]);
  });

  it("takes the proxy's rating and text where they differ, and adds what was not shown", () => {
    const shown = history([{ role: 'user' }, {}]).map(fromHistory);
    const merged = mergeHistory(shown, history([{ role: 'user', content: 'edited' }, { feedback: 'POSITIVE' }, { content: 'new' }]));
    assert.equal(merged[0]!.content, 'edited');
    assert.equal(merged[1]!.key, shown[1]!.key);
    assert.equal(merged[1]!.feedback, 'POSITIVE');
    assert.equal(merged[2]!.content, 'new');
    assert.equal(merged.length, 3);
  });

  it('drops a finished message the proxy no longer has', () => {
    const shown = history([{}, {}]).map(fromHistory);
    assert.deepEqual(mergeHistory(shown, history([{}])).map((message) => message.key), [shown[0]!.key]);
  });

  it("recognises the shopper's own messages, which have no id, by their text in order", () => {
    const question = said('Blue tote?');
    const shown = [question, answer('m2', 'Yes.')];
    const merged = mergeHistory(shown, [q('m1', 'Blue tote?'), a('m2', 'Yes.')]);
    assert.equal(merged[0]!.key, question.key);
    assert.equal(merged[1], shown[1]);
  });

  it('shows a question asked again (Retry) once, though the agent got it twice', () => {
    const shown = [said('Blue tote?'), answer('m3', 'Yes.')];
    const merged = mergeHistory(shown, [q('m1', 'Blue tote?'), q('m2', 'Blue tote?'), a('m3', 'Yes.')]);
    assert.deepEqual(view(merged), ['user:Blue tote?:complete', 'assistant:Yes.:complete']);
  });

  it('keeps a failed reply after its question, and the conversation after it', () => {
    const shown = [said('Q1'), failed(), said('Q2'), answer('m3', 'A2')];
    const merged = mergeHistory(shown, [q('m1', 'Q1'), q('m2', 'Q2'), a('m3', 'A2')]);
    assert.deepEqual(view(merged), ['user:Q1:complete', 'assistant::error', 'user:Q2:complete', 'assistant:A2:complete']);
    assert.equal(merged[1], shown[1]);
  });

  it('keeps a question the agent never got, with its failed reply', () => {
    const shown = [said('Q1'), answer('m2', 'A1'), said('Q2'), failed()];
    const merged = mergeHistory(shown, [q('m1', 'Q1'), a('m2', 'A1')]);
    assert.deepEqual(view(merged), ['user:Q1:complete', 'assistant:A1:complete', 'user:Q2:complete', 'assistant::error']);
  });

  it('keeps a failed first question that began no conversation', () => {
    const shown = [said('Q1'), failed()];
    assert.deepEqual(view(mergeHistory(shown, [])), ['user:Q1:complete', 'assistant::error']);
  });

  it('keeps a stopped reply as the shopper saw it, not the whole one the agent went on to write', () => {
    const shown = [said('Q1'), stopped('Half')];
    const merged = mergeHistory(shown, [q('m1', 'Q1'), a('m2', 'Half and the rest.')]);
    assert.deepEqual(view(merged), ['user:Q1:complete', 'assistant:Half:stopped']);
    const known = [said('Q1'), stopped('Half', 'm2')];
    assert.deepEqual(view(mergeHistory(known, [q('m1', 'Q1'), a('m2', 'Half and the rest.')])), ['user:Q1:complete', 'assistant:Half:stopped']);
  });

  it('completes a reply cut off by leaving the page from the proxy', () => {
    const shown = [said('Q1'), cutOff('Hal')];
    const merged = mergeHistory(shown, [q('m1', 'Q1'), a('m2', 'Half and the rest.')]);
    assert.deepEqual(view(merged), ['user:Q1:complete', 'assistant:Half and the rest.:complete']);
  });

  it('keeps a cut-off reply the proxy does not have yet, resumable', () => {
    const merged = mergeHistory([said('Q1'), cutOff('Hal')], [q('m1', 'Q1')]);
    assert.deepEqual(view(merged), ['user:Q1:complete', 'assistant:Hal:interrupted']);
    assert.equal(merged[1]!.resumable, true);
  });

  it("adds another tab's turn after what this one saw", () => {
    const shown = [said('Q1'), answer('m2', 'A1')];
    const merged = mergeHistory(shown, [q('m1', 'Q1'), a('m2', 'A1'), q('m3', 'Q2'), a('m4', 'A2')]);
    assert.deepEqual(view(merged).slice(2), ['user:Q2:complete', 'assistant:A2:complete']);
  });
});

describe('cached messages', () => {
  it('keep what the shopper saw: failed, stopped and cut-off replies with their chips and notices', () => {
    const chips = [
      { id: 't1', kind: 'tool' as const, name: 'search_products', state: 'done' as const },
      { id: 'a1', kind: 'action' as const, name: 'add_to_cart', label: 'Adding', state: 'running' as const },
    ];
    const streaming = { ...assistantDraft(AT), content: 'Hal', chips };
    const messages = [{ ...said('Q0'), restarted: true as const }, failed(), said('Q1'), stopped('Half'), said('Q2'), streaming];
    const restored = fromCached(JSON.parse(JSON.stringify(toCached(messages, 200))) as unknown[]);
    assert.deepEqual(view(restored), view([...messages.slice(0, 5), markInterrupted(streaming)]));
    assert.equal(restored[0]!.restarted, true);
    assert.deepEqual(restored[1]!.error, { code: 'unreachable', message: 'down', status: 0 });
    assert.equal(restored[5]!.resumable, true);
    assert.deepEqual(restored[5]!.chips.map((chip) => chip.state), ['done', 'stopped']);
  });

  it('are read back as untrusted: malformed states, chips and errors are left out', () => {
    const restored = fromCached([
      { id: 'x', role: 'assistant', content: 'a', status: 'hacked', chips: [{ id: 1 }, { id: 'c', kind: 'tool', name: 'n', state: 'exploded' }] },
      { id: 'y', role: 'assistant', content: 'b', status: 'error' },
      { id: 'z', role: 'user', content: 'c', status: 'stopped', restarted: 'yes', resumable: true },
      'not a message',
      { role: 'assistant' },
    ]);
    assert.deepEqual(view(restored), ['assistant:a:complete', 'assistant:b:complete', 'user:c:complete']);
    assert.deepEqual(restored[0]!.chips, []);
    assert.equal(restored[2]!.restarted, undefined);
    assert.equal(restored[2]!.resumable, undefined);
  });
});
