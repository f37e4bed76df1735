import { css } from 'lit';

/** Dark tokens, shared by `theme="dark"` and by `theme="auto"` on a dark system. */
const darkTokens = css`
  --_background: var(--totebot-background, #0f1419);
  --_surface: var(--totebot-surface, #1c2430);
  --_text: var(--totebot-text, #e6edf3);
  --_muted: var(--totebot-muted, #9da7b3);
  --_border: var(--totebot-border, #3b4552);
  --_link: var(--totebot-link, #8cb4ff);
  --_danger: var(--totebot-danger, #ff9b94);
  color-scheme: dark;
`;

/** Everything the closed widget needs: tokens, host placement, the launcher, its badge and the empty panel box. */
export const launcherStyles = css`
  :host {
    /* Public tokens (--totebot-*) feed private ones (--_*), so a page sets only what it wants. */
    --_accent: var(--totebot-accent, #1d4ed8);
    /* --_auto-on-accent is black or white, set by the element to contrast with a custom accent. */
    --_on-accent: var(--totebot-on-accent, var(--_auto-on-accent, #ffffff));
    --_background: var(--totebot-background, #ffffff);
    --_surface: var(--totebot-surface, #f2f4f7);
    --_text: var(--totebot-text, #1f2328);
    --_muted: var(--totebot-muted, #555f6b);
    --_border: var(--totebot-border, #d0d7de);
    --_link: var(--totebot-link, #1a4bc4);
    --_danger: var(--totebot-danger, #b42318);
    --_radius: var(--totebot-radius, 16px);
    --_font: var(--totebot-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_offset: var(--totebot-offset, 20px);
    --_z-index: var(--totebot-z-index, 2147483000);
    --_panel-width: var(--totebot-panel-width, 380px);
    --_panel-height: var(--totebot-panel-height, 620px);
    color-scheme: light;
    font-family: var(--_font);
    font-size: 15px;
    line-height: 1.45;
    color: var(--_text);
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkTokens}
    }
  }
  /* Physical sides on purpose: position="right" is the right corner in any language, and the
     panel's own dir="rtl" must not flip where it is anchored. */
  :host(:not([mode='inline'])) {
    position: fixed;
    bottom: var(--_offset);
    right: var(--_offset);
    z-index: var(--_z-index);
  }
  :host([position='left']:not([mode='inline'])) {
    right: auto;
    left: var(--_offset);
  }
  :host([mode='inline']) {
    display: block;
    height: var(--totebot-inline-height, 560px);
  }
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .icon {
    flex: none;
  }
  .accent-probe {
    display: none;
    color: var(--_accent);
  }

  .launcher {
    display: grid;
    place-items: center;
    width: 56px;
    height: 56px;
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.25);
  }
  .launcher .icon {
    width: 26px;
    height: 26px;
  }
  .badge {
    position: absolute;
    pointer-events: none;
    top: -4px;
    right: -4px;
    min-width: 22px;
    height: 22px;
    padding: 0 6px;
    border-radius: 11px;
    background: var(--totebot-badge, #c62828);
    color: #ffffff;
    font-size: 12px;
    font-weight: 700;
    line-height: 22px;
  }
  /* The panel box is here too: opening shows it at once, while its contents load. */
  .panel {
    display: flex;
    flex-direction: column;
    overflow: hidden;
    background: var(--_background);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  :host(:not([mode='inline'])) .panel {
    position: absolute;
    bottom: calc(100% + 12px);
    right: 0;
    width: min(var(--_panel-width), calc(100vw - 2 * var(--_offset)));
    height: min(var(--_panel-height), calc(100dvh - 100px - var(--_offset)));
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  :host([position='left']:not([mode='inline'])) .panel {
    right: auto;
    left: 0;
  }
  :host([mode='inline']) .panel {
    height: 100%;
  }
  @media (max-width: 480px) {
    :host(:not([mode='inline'])) .panel {
      position: fixed;
      inset: 0;
      width: 100vw;
      height: 100dvh;
      border-radius: 0;
      padding-block: env(safe-area-inset-top) env(safe-area-inset-bottom);
      padding-inline: env(safe-area-inset-left) env(safe-area-inset-right);
    }
  }
`;
