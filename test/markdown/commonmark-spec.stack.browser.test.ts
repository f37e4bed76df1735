/**
 * CommonMark conformance through the whole stack: each counted spec example is
 * a reply the simulator streams in pieces of 1–5 characters, one SSE chunk each,
 * through the proxy to the widget; the rendered reply is compared with the
 * spec's HTML in canonical form (test/support/commonmark.ts), live and again when
 * the conversation is restored from history.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { TotebotChat } from '../../src/totebot-chat.js';
import { clearAllSessions } from '../../src/storage/session-store.js';
import { canonical, canonicalExpected, loadExamples, selectExamples, type SpecExample } from '../support/commonmark.js';
import { KNOWN_FAILURES } from '../support/commonmark-known.js';
import { streamReply } from '../support/stream-reply.js';

const GROUP = 40;
/** The 552 spec examples counted number 551; the groups are fixed so each test has a stable name. */
const GROUPS = 14;

function failures(replies: readonly HTMLElement[], examples: readonly SpecExample[]): number[] {
  return examples
    .filter((example, index) => canonical(replies[index]!, document.baseURI) !== canonicalExpected(example.html, document.baseURI))
    .map((example) => example.number);
}

describe('CommonMark spec examples through simulator → proxy → widget', function () {
  this.timeout(120_000);
  let counted: SpecExample[] = [];
  const live: number[] = [];
  const restored: number[] = [];

  before(async () => {
    ({ counted } = selectExamples(await loadExamples()));
  });

  it(`the examples fit in ${GROUPS} groups of ${GROUP}`, () => {
    expect(Math.ceil(counted.length / GROUP)).to.equal(GROUPS);
  });

  for (let group = 0; group < GROUPS; group += 1) {
    it(`renders group ${group + 1} live and restored from history as the spec does`, async () => {
      const examples = counted.slice(group * GROUP, (group + 1) * GROUP);
      await clearAllSessions();
      const first = await fixture<TotebotChat>(html`<totebot-chat mode="inline"></totebot-chat>`);
      const replies: HTMLElement[] = [];
      for (const example of examples) replies.push(await streamReply(first, example.markdown, `example ${example.number}`, 5));
      const known = examples.map((example) => example.number).filter((number) => number in KNOWN_FAILURES);
      const failedLive = failures(replies, examples);
      live.push(...failedLive);
      first.remove();

      const again = await fixture<TotebotChat>(html`<totebot-chat mode="inline"></totebot-chat>`);
      await waitUntil(() => again.messages.length === examples.length * 2, 'history restored', { timeout: 10_000 });
      await waitUntil(
        () => again.shadowRoot!.querySelectorAll('.message.assistant .markdown').length === examples.length,
        'every restored reply rendered',
        { timeout: 10_000 },
      );
      const failedRestored = failures([...again.shadowRoot!.querySelectorAll<HTMLElement>('.message.assistant .markdown')], examples);
      restored.push(...failedRestored);
      again.remove();

      expect(failedLive, 'live').to.deep.equal(known);
      expect(failedRestored, 'restored').to.deep.equal(known);
    });
  }

  after(() => {
    const share = (failed: number[]) => `${counted.length - failed.length}/${counted.length}`;
    console.log(`CommonMark through the stack: live ${share(live)}, restored ${share(restored)}`);
  });
});
