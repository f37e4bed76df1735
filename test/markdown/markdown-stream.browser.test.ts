import { expect } from '@open-wc/testing';
import { MarkdownStream, renderMarkdown } from '../../src/markdown/markdown-stream.js';
import { markdownStyles } from '../../src/styles/markdown.styles.js';

const BASE = 'https://store.example/shop/';

/** Feeds `text` in pieces cut at `cuts` and returns the finished element. */
function renderInPieces(text: string, pieces: string[]): HTMLElement {
  const stream = new MarkdownStream({ baseUrl: BASE });
  let sofar = '';
  for (const piece of pieces) {
    sofar += piece;
    stream.sync(sofar, false);
  }
  expect(sofar).to.equal(text);
  stream.sync(sofar, true);
  return stream.element;
}

const ALLOWED_ATTRIBUTES = new Set(['href', 'rel', 'target', 'class', 'data-language', 'start', 'type', 'disabled', 'checked']);

function assertInert(element: HTMLElement): void {
  for (const node of element.querySelectorAll('*')) {
    expect(['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'STYLE', 'LINK', 'SVG', 'FORM', 'BASE', 'META']).not.to.include(node.tagName);
    // The renderer's own box around a table takes focus (its sideways scroll must be reachable by keyboard): that one, only so.
    const tableBox = node.tagName === 'DIV' && node.className === 'table-scroll' && node.getAttribute('tabindex') === '0';
    for (const attribute of node.getAttributeNames()) {
      const allowed = ALLOWED_ATTRIBUTES.has(attribute) || (tableBox && attribute === 'tabindex');
      expect(allowed, `attribute ${attribute} on ${node.tagName}`).to.equal(true);
    }
    if (node instanceof HTMLAnchorElement && node.hasAttribute('href')) {
      expect(['http:', 'https:', 'mailto:', 'tel:']).to.include(new URL(node.href).protocol);
    }
  }
}

const DOCUMENTS = {
  search:
    'Yes — here is what I found:\n\n- [Blue Canvas Tote](/products/blue-canvas-tote) — **€29.00**. A roomy tote.\n' +
    '- [Navy Market Tote](/products/navy-market-tote) — **€34.00**. Sturdy.\n\nWould you like the **Blue Canvas Tote**?',
  long:
    '## Caring for bags\n\nText with *emphasis*, `code` and ~~strike~~.\n\n| Material | Cleaning |\n| --- | --- |\n| Canvas | Wash |\n| Leather | Wipe |\n\n' +
    '```text\n1. Wipe.\n2. Rub.\n```\n\n> A quote.\n\n1. one\n2. two\n\n---\n\nMail [us](mailto:help@example.com) or see https://example.com/care for more.',
};

describe('MarkdownStream', () => {
  it('renders each construct with a fixed set of elements', () => {
    const element = renderMarkdown(DOCUMENTS.long, { baseUrl: BASE });
    expect(element.querySelector('h3')?.textContent).to.equal('Caring for bags');
    expect(element.querySelector('em')?.textContent).to.equal('emphasis');
    expect(element.querySelector('p code')?.textContent).to.equal('code');
    expect(element.querySelector('s')?.textContent).to.equal('strike');
    const cells = (selector: string) => [...element.querySelectorAll(selector)].map((cell) => cell.textContent?.trim());
    expect(cells('thead th')).to.deep.equal(['Material', 'Cleaning']);
    expect(cells('tbody td')).to.deep.equal(['Canvas', 'Wash', 'Leather', 'Wipe']);
    const code = element.querySelector('pre > code')!;
    expect(code.textContent).to.equal('1. Wipe.\n2. Rub.');
    expect(code.getAttribute('data-language')).to.equal('text');
    expect(element.querySelector('blockquote')?.textContent?.trim()).to.equal('A quote.');
    expect([...element.querySelectorAll('ol > li')].map((item) => item.textContent)).to.deep.equal(['one', 'two']);
    expect(element.querySelector('hr')).to.exist;
    const mail = element.querySelector<HTMLAnchorElement>('a[href^="mailto:"]')!;
    expect(mail.href).to.equal('mailto:help@example.com');
    const raw = [...element.querySelectorAll('a')].find((link) => link.textContent === 'https://example.com/care');
    expect(raw?.getAttribute('href')).to.equal('https://example.com/care');
  });

  it("aligns a table's columns as its delimiter row says, through a class the panel styles", () => {
    const text = '| Item | Size | Price | Note |\n| :--- | :---: | ---: | --- |\n| Tote | M | €29 | blue |';
    const element = renderMarkdown(text, { baseUrl: BASE });
    assertInert(element);
    const classes = (selector: string) => [...element.querySelectorAll(selector)].map((cell) => cell.className);
    expect(classes('th')).to.deep.equal(['align-left', 'align-center', 'align-right', '']);
    expect(classes('td')).to.deep.equal(['align-left', 'align-center', 'align-right', '']);
    expect(element.querySelector('[style]')).to.equal(null);
    expect(renderInPieces(text, [...text]).innerHTML).to.equal(element.innerHTML);

    // In the panel's styles, as the shopper sees it (the default is the text's start).
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [markdownStyles.styleSheet!];
    root.append(element);
    const aligns = [...element.querySelectorAll('td')].map((cell) => getComputedStyle(cell).textAlign);
    host.remove();
    expect(aligns).to.deep.equal(['left', 'center', 'right', 'start']);
  });

  it('resolves relative links and opens every link safely in a new tab', () => {
    const element = renderMarkdown(DOCUMENTS.search, { baseUrl: BASE });
    const links = [...element.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).to.deep.equal([
      'https://store.example/products/blue-canvas-tote',
      'https://store.example/products/navy-market-tote',
    ]);
    for (const link of links) {
      expect(link.rel).to.equal('noopener noreferrer nofollow');
      expect(link.target).to.equal('_blank');
    }
    expect(element.querySelectorAll('ul > li').length).to.equal(2);
    expect(element.querySelectorAll('strong').length).to.equal(3);
  });

  it('gives the same DOM streamed at every split point as rendered at once', () => {
    const text = DOCUMENTS.search;
    const whole = renderMarkdown(text, { baseUrl: BASE }).innerHTML;
    for (let cut = 1; cut < text.length; cut += 1) {
      expect(renderInPieces(text, [text.slice(0, cut), text.slice(cut)]).innerHTML, `cut at ${cut}`).to.equal(whole);
    }
  });

  it('gives the same DOM streamed character by character and word by word', () => {
    for (const text of Object.values(DOCUMENTS)) {
      const whole = renderMarkdown(text, { baseUrl: BASE }).innerHTML;
      expect(renderInPieces(text, [...text]).innerHTML).to.equal(whole);
      expect(renderInPieces(text, text.match(/\s*\S+\s*/g)!).innerHTML).to.equal(whole);
    }
  });

  it('appends to finished blocks instead of rebuilding them', () => {
    const stream = new MarkdownStream({ baseUrl: BASE });
    let text = 'First paragraph.\n\nSecond';
    stream.sync(text, false);
    const first = stream.element.firstElementChild;
    expect(first?.textContent).to.equal('First paragraph.');
    for (let index = 0; index < 50; index += 1) {
      text += ' more';
      stream.sync(text, false);
    }
    stream.sync(text, true);
    expect(stream.element.firstElementChild).to.equal(first);
    expect(stream.element.children.length).to.equal(2);
  });

  it('renders ~~~ fences, character references, link titles, backslash escapes and task lists', () => {
    const text =
      '~~~js\nlet a = 1;\n~~~\n\nTom &amp; Jerry &copy; &#8364;5 &ouml; &#x41;\n\n[the tote](/products/tote "Blue &amp; canvas")\n\n' +
      '\\*not emphasis\\* and \\_not\\_, 1\\. no list, \\[no](link)\n\n- [x] packed\n- [ ] shipped';
    for (const element of [renderMarkdown(text, { baseUrl: BASE }), renderInPieces(text, [...text])]) {
      const code = element.querySelector('pre > code')!;
      expect([code.textContent, code.getAttribute('data-language')]).to.deep.equal(['let a = 1;', 'js']);
      const paragraphs = [...element.querySelectorAll(':scope > p')].map((p) => p.textContent);
      expect(paragraphs).to.deep.equal(['Tom & Jerry © €5 ö A', 'the tote', '*not emphasis* and _not_, 1. no list, [no](link)']);
      const link = element.querySelector('a')!;
      expect([link.getAttribute('href'), link.title]).to.deep.equal(['https://store.example/products/tote', 'Blue & canvas']);
      const boxes = [...element.querySelectorAll<HTMLInputElement>('li > input')];
      expect(boxes.map((box) => [box.type, box.checked, box.disabled])).to.deep.equal([['checkbox', true, true], ['checkbox', false, true]]);
      expect(element.querySelector('em')).to.equal(null);
    }
  });

  it('resolves a reference link whose definition comes later, and rebuilds only the block that uses it', () => {
    const stream = new MarkdownStream({ baseUrl: BASE });
    let text = 'Intro without links.\n\nSee [the tote][tote].\n\nMore text.\n\n';
    stream.sync(text, false);
    const [intro, usage] = [...stream.element.children];
    expect(usage?.querySelector('a')).to.equal(null);
    text += '[tote]: /products/tote\n\nThe end.';
    stream.sync(text, false);
    stream.sync(text, true);
    expect(stream.element.children[0]).to.equal(intro);
    expect(stream.element.querySelector('a')?.getAttribute('href')).to.equal('https://store.example/products/tote');
    expect(stream.element.innerHTML).to.equal(renderMarkdown(text, { baseUrl: BASE }).innerHTML);
  });

  it('keeps a half-streamed link as text until it is complete', () => {
    const stream = new MarkdownStream({ baseUrl: BASE });
    stream.sync('See [the tote](/products/blu', false);
    expect(stream.element.querySelector('a[href]')).to.equal(null);
    stream.sync('See [the tote](/products/blue-canvas-tote) now', true);
    expect(stream.element.querySelector('a')?.getAttribute('href')).to.equal('https://store.example/products/blue-canvas-tote');
  });

  describe('hostile input', () => {
    const PAYLOADS = [
      '<script>window.__pwned = 1</script>',
      '<img src=x onerror="window.__pwned = 1">',
      '<svg onload="window.__pwned = 1"></svg>',
      '<iframe src="javascript:window.__pwned = 1"></iframe>',
      '[click](javascript:window.__pwned=1)',
      '[click](JaVaScRiPt:window.__pwned=1)',
      '[click](java\tscript:window.__pwned=1)',
      '[click]( javascript:window.__pwned=1)',
      '[click](&#106;avascript:window.__pwned=1)',
      '[click](data:text/html,<script>window.__pwned=1</script>)',
      '[click](vbscript:msgbox)',
      '[click](file:///etc/passwd)',
      '![tracker](https://evil.example/pixel.png?cookie=1)',
      '![x](javascript:window.__pwned=1)',
      '<a href="javascript:window.__pwned=1">html link</a>',
      '**<b onmouseover="window.__pwned=1">bold</b>**',
      '```html\n<script>window.__pwned = 1</script>\n```',
      '<style>body{display:none}</style>',
      '<base href="https://evil.example/">',
      '| a | b |\n| --- | --- |\n| <img src=x onerror=window.__pwned=1> | [x](javascript:1) |',
    ];

    for (const payload of PAYLOADS) {
      it(`renders inertly: ${JSON.stringify(payload).slice(0, 60)}`, async () => {
        const host = document.createElement('div');
        document.body.append(host);
        const element = renderMarkdown(payload, { baseUrl: BASE });
        host.append(element);
        for (const link of element.querySelectorAll('a')) link.dispatchEvent(new MouseEvent('mouseover'));
        await new Promise((resolve) => setTimeout(resolve, 20));
        assertInert(element);
        expect((window as { __pwned?: unknown }).__pwned).to.equal(undefined);
        host.remove();
      });
    }

    it('shows raw HTML as visible text', () => {
      const element = renderMarkdown('<script>alert(1)</script>', { baseUrl: BASE });
      expect(element.textContent).to.contain('<script>alert(1)</script>');
    });

    it('turns images into links instead of loading them', () => {
      const element = renderMarkdown('![Blue tote](https://cdn.example/tote.png)', { baseUrl: BASE });
      expect(element.querySelector('img')).to.equal(null);
      const link = element.querySelector('a.image-link')!;
      expect(link.getAttribute('href')).to.equal('https://cdn.example/tote.png');
      expect(link.textContent).to.equal('Blue tote');
    });
  });
});
