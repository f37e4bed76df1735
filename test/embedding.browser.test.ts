/**
 * The built script-tag file embedded every way store platforms and tag managers do it, in this
 * engine: each store page (test/support/embedding-servers.ts) comes from a store origin and loads
 * the file from a CDN origin. A probe in the page opens the widget, chats, and reports what it
 * saw; this checks that every script came from the CDN, that nothing failed or threw, and that
 * the page gained no global but Lit's registries and at most one totebot-named entry.
 */
import { expect } from '@open-wc/testing';
import { EMBEDDINGS, LIT_GLOBALS } from './support/embeddings.js';

interface ProbeReport {
  failed?: string;
  errors: string[];
  elements: number;
  launchers: number;
  opened: boolean;
  composer: boolean;
  status: string;
  links: number;
  added: string[];
  scripts: string[];
}

interface Servers {
  store: string;
  cdn: string;
  answered: { path: string; status: number }[];
}

const servers = async (): Promise<Servers> => (await fetch('/__embedding')).json() as Promise<Servers>;

/** Frames the store page at `url` and resolves with its probe's report. */
function visit(url: string): Promise<ProbeReport> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 700px; border: 0';
  return new Promise<ProbeReport>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow || !event.data?.totebotEmbedding) return;
      removeEventListener('message', onMessage);
      resolve(event.data.totebotEmbedding as ProbeReport);
    };
    addEventListener('message', onMessage);
    frame.src = url;
    document.body.append(frame);
  }).finally(() => frame.remove());
}

describe('the script-tag file from a CDN origin, embedded every way a store does it', function () {
  this.timeout(30_000);

  for (const embedding of EMBEDDINGS) {
    it(`${embedding.name}: loads, opens, chats and streams, with every script from the CDN`, async () => {
      const { store, cdn } = await servers();
      const report = await visit(`${store}/${embedding.id}`);
      expect(report.errors).to.deep.equal([]);
      expect(report.failed).to.equal(undefined);
      expect(report).to.include({ elements: 1, launchers: 1, opened: true, composer: true, status: 'complete' });
      expect(report.links).to.be.greaterThan(0);
      expect(report.scripts.some((url) => /\/cdn\/launcher-[\w-]+\.js$/.test(url))).to.equal(true, 'the launcher chunk');
      expect(report.scripts.some((url) => /\/cdn\/chat-panel-[\w-]+\.js$/.test(url))).to.equal(true, 'the panel chunk');
      expect(report.scripts.filter((url) => !url.startsWith(`${cdn}/`))).to.deep.equal([], 'every script from the CDN');
      const added = report.added.filter((name) => !LIT_GLOBALS.has(name));
      expect(report.added).to.include('litHtmlVersions', 'the comparison sees what the page gained');
      expect(added.length <= 1 && added.every((name) => /totebot/i.test(name))).to.equal(true, `globals added: ${added.join(', ')}`);
    });
  }

  it('answered every request of the CDN with 200: no chunk was looked for where it is not', async () => {
    const { answered } = await servers();
    expect(answered.length).to.be.greaterThan(0);
    expect(answered.filter((entry) => entry.status !== 200)).to.deep.equal([]);
  });
});
