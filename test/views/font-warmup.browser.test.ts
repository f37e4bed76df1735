/** The idle-time font warm-up: a hidden sample of every Markdown style, laid out once and removed. */
import { expect, waitUntil } from '@open-wc/testing';
import { warmMarkdownFonts } from '../../src/views/font-warmup.js';

function shadowHost(): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('div');
  document.body.append(host);
  return { host, root: host.attachShadow({ mode: 'open' }) };
}

describe('warmMarkdownFonts', () => {
  it('lays out a hidden sample of each Markdown style once the page is idle, then removes it', async () => {
    const { host, root } = shadowHost();
    const seen: Element[] = [];
    const observer = new MutationObserver(() => seen.push(...root.querySelectorAll('[aria-hidden="true"]')));
    observer.observe(root, { childList: true });
    warmMarkdownFonts(root);
    await waitUntil(() => seen.length > 0, 'the sample never appeared', { timeout: 4000 });
    const box = seen[0]!;
    for (const tag of ['strong', 'em', 'code', 'pre', 'h4', 'table', 'th']) expect(box.querySelector(tag), tag).to.exist;
    // Nothing in it can take focus: it is hidden from assistive technology.
    expect(box.querySelector('a, button, input, [tabindex]')?.outerHTML ?? null).to.equal(null);
    expect(box.classList.contains('sr-only')).to.equal(true);
    await waitUntil(() => !box.isConnected, 'the sample stayed on the page');
    observer.disconnect();
    host.remove();
  });
});
