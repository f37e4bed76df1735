/**
 * Has the browser resolve, at the first idle moment after the panel shows, the
 * fonts a reply's Markdown uses: bold, italic, headings, code, tables. A browser
 * looks a font up on the first text that needs it, and on Linux each lookup is a
 * blocking call to the browser process; the first reply stalled in the frames
 * that showed its first bold word, heading or code block (40–100 ms long tasks
 * on 2 cores).
 * The sample is laid out in an invisible, hidden-from-assistive-technology box
 * and removed once a frame has laid it out; the fonts stay resolved for the page.
 */
import type { ReactiveController } from 'lit';
import { renderMarkdown } from '../markdown/markdown-stream.js';
import type { PanelHost } from '../panel/panel-host.js';

/** Every font the panel's Markdown styles can ask for, and no link (nothing focusable). */
const SAMPLE = '### a\n#### a\n\na **a** *a* ***a*** `a`\n\n| a |\n| - |\n| a |\n\n```\na\n```\n';

/** Lays the sample out at the page's next idle moment (the browser keeps the fonts once resolved). */
export function warmMarkdownFonts(root: ShadowRoot): void {
  const run = () => {
    const box = document.createElement('div');
    box.className = 'sr-only';
    box.ariaHidden = 'true';
    box.append(renderMarkdown(SAMPLE));
    // Hidden from assistive technology, so nothing in it may take focus (a table's scroll box would).
    for (const focusable of box.querySelectorAll('[tabindex]')) focusable.removeAttribute('tabindex');
    root.append(box);
    // The frame callback runs before that frame's layout, the timer after it.
    requestAnimationFrame(() => setTimeout(() => box.remove()));
  };
  // Safari has no requestIdleCallback: a timer serves.
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2_000 });
  else setTimeout(run, 200);
}

/** Warms the fonts once the shopper can see the panel: never while it only waits, loaded at idle, behind the launcher. */
export class FontWarmup implements ReactiveController {
  #warmed = false;
  readonly #host: PanelHost;

  constructor(host: PanelHost) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdate(): void {
    const host = this.#host;
    if (this.#warmed || (!host.opened && host.mode !== 'inline')) return;
    this.#warmed = true;
    warmMarkdownFonts(host.renderRoot as ShadowRoot);
  }
}
