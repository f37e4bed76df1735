import { css } from 'lit';

/** Dark tokens, shared by `theme="dark"` and by `theme="auto"` on a dark system. */
const darkTokens = css`
  --_background: var(--totebot-background, #0f1419);
  --_surface: var(--totebot-surface, #1c2430);
  --_text: var(--totebot-text, #e6edf3);
  --_muted: var(--totebot-muted, #9da7b3);
  --_border: var(--totebot-border, #3b4552);
  --_control: var(--totebot-control-border, #6b7584);
  --_link: var(--totebot-link, #8cb4ff);
  --_ring: var(--totebot-focus-ring, var(--_link));
  --_danger: var(--totebot-danger, #ff9b94);
  color-scheme: dark;
  /* Firefox on Linux draws light scrollbars (a white strip beside the log and under code) despite color-scheme. */
  scrollbar-color: var(--_border) transparent;
`;

/** The panel, messages and composer; adopted when the panel chunk loads (see chat-panel.ts). */
export const panelStyles = css`
  :host {
    --_background: var(--totebot-background, #ffffff);
    --_surface: var(--totebot-surface, #f2f4f7);
    --_text: var(--totebot-text, #1f2328);
    --_muted: var(--totebot-muted, #555f6b);
    --_border: var(--totebot-border, #d0d7de);
    /* A control's outline is at least 3:1 against the panel and the bubbles, in both themes. */
    --_control: var(--totebot-control-border, #7d8590);
    --_link: var(--totebot-link, #1a4bc4);
    --_ring: var(--totebot-focus-ring, var(--_accent));
    --_danger: var(--totebot-danger, #b42318);
    --_font: var(--totebot-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
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
  /* The frame itself (size, place, background) is the launcher's, shown before this sheet arrives. */
  .panel {
    display: flex;
    flex-direction: column;
  }
  @media (max-width: 480px) {
    :host(:not([mode='inline'])) .panel {
      padding-block: env(safe-area-inset-top) env(safe-area-inset-bottom);
      padding-inline: env(safe-area-inset-left) env(safe-area-inset-right);
    }
  }
  .avatar {
    display: grid;
    place-items: center;
    flex: none;
    width: 32px;
    height: 32px;
    border-radius: 50%;
    object-fit: cover;
    background: var(--_on-accent);
    color: var(--_accent);
    font-weight: 700;
  }
  .suggestions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .suggestion {
    padding: 6px 12px;
    border: 1px solid var(--_ring);
    border-radius: 999px;
    background: var(--_background);
    color: var(--_link);
    text-align: start;
  }
  .suggestion:hover {
    background: var(--_surface);
  }
  /* The agent's quick replies belong to its last reply: once anything follows, they go. */
  .message:not(:last-child) .suggestions {
    display: none;
  }

  /* Product cards: one, or a row that scrolls sideways. */
  .products {
    display: flex;
    gap: 8px;
    max-width: 100%;
    margin: 0;
    padding: 0 0 6px;
    list-style: none;
    overflow-x: auto;
    scroll-snap-type: x mandatory;
  }
  .product,
  .cart {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 8px;
    border: 1px solid var(--_border);
    border-radius: 12px;
    background: var(--_background);
  }
  .product {
    flex: none;
    width: var(--totebot-card-width, 164px);
    scroll-snap-align: start;
  }
  [part='product-image'] {
    aspect-ratio: 4 / 3;
    margin-bottom: 4px;
    border-radius: 8px;
    background: var(--_surface);
    object-fit: cover;
  }
  .cart b {
    display: flex;
    align-items: center;
    gap: 4px;
  }
  .product small,
  .cart small {
    color: var(--_muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 12px;
    margin-top: auto;
    padding-top: 6px;
  }
  .actions a {
    color: var(--_link);
  }
  /* The link colour, not the accent: 3:1 or more against the background in the dark theme too. */
  [part='add-to-cart'] {
    padding: 4px 10px;
    border: 1px solid var(--_link);
    border-radius: 999px;
    background: none;
    color: var(--_link);
  }
  [part='add-to-cart'][aria-busy] {
    opacity: 0.6;
  }

  .offline {
    margin: 0;
    padding: 8px 16px;
    border-top: 1px solid var(--_border);
    background: var(--_surface);
    font-size: 0.88em;
  }

  .header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 12px 12px 12px 16px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .heading {
    flex: 1;
    min-width: 0;
    line-height: 1.25;
  }
  .disclosure {
    margin: 0;
    font-size: 0.75rem;
  }
  .title {
    margin: 0;
    font-size: 1rem;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .icon-button {
    display: inline-grid;
    place-items: center;
    min-width: 36px;
    min-height: 36px;
    padding: 6px;
    border: none;
    border-radius: 8px;
    background: transparent;
  }
  .header .icon-button:hover {
    background: rgb(255 255 255 / 0.16);
  }
  :focus-visible {
    outline-color: var(--_ring);
  }
  .header :focus-visible {
    outline-color: var(--_on-accent);
  }

  .messages {
    /* The containing block of the screen-reader labels inside it: they stay within the log's own scroll
       area instead of growing the panel's, which a page's scrollIntoView could then scroll. */
    position: relative;
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 16px;
    /* A shopper's message has no negative margin at this end (see .message): its own padding makes up the 16px. */
    padding-inline-end: 10px;
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .message {
    display: flex;
    flex-direction: column;
    gap: 6px;
    max-width: 88%;
    align-items: flex-start;
  }
  .message.user {
    align-self: flex-end;
    align-items: flex-end;
    margin-inline-end: 0;
  }
  .bubble {
    max-width: 100%;
    padding: 10px 14px;
    border-radius: var(--_radius);
    background: var(--_surface);
    overflow-wrap: anywhere;
    overflow-x: auto;
  }
  .message.user .bubble {
    background: var(--_accent);
    color: var(--_on-accent);
    white-space: pre-wrap;
  }
  /* A reply's single newlines are CommonMark soft breaks, kept as newlines in the DOM; shown as line breaks. */
  .markdown {
    white-space: pre-line;
  }
  .markdown > :first-child {
    margin-block-start: 0;
  }
  .markdown > :last-child {
    margin-block-end: 0;
  }
  .markdown p,
  .markdown ul,
  .markdown ol,
  .markdown pre,
  .markdown .table-scroll,
  .markdown blockquote {
    margin-block: 0 0.6em;
  }
  .markdown ul,
  .markdown ol {
    padding-inline-start: 1.3em;
  }
  .markdown h3,
  .markdown h4,
  .markdown h5,
  .markdown h6 {
    margin-block: 0.8em 0.4em;
    font-size: 1em;
  }
  .markdown h3 {
    font-size: 1.1em;
  }
  .markdown a {
    color: var(--_link);
    text-decoration: underline;
  }
  .markdown code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  .markdown pre {
    overflow-x: auto;
    padding: 8px 10px;
    border-radius: 8px;
    background: var(--_background);
    border: 1px solid var(--_border);
  }
  .markdown .table-scroll {
    overflow-x: auto;
  }
  .markdown table {
    border-collapse: collapse;
    font-size: 0.9em;
  }
  .markdown th,
  .markdown td {
    border: 1px solid var(--_border);
    padding: 4px 8px;
    text-align: start;
    /* A cell breaks between words, never inside one: a table wider than the bubble scrolls sideways with it. */
    overflow-wrap: normal;
  }
  .markdown .align-left {
    text-align: left;
  }
  .markdown .align-center {
    text-align: center;
  }
  .markdown .align-right {
    text-align: right;
  }
  .markdown blockquote {
    margin-inline: 0;
    padding-inline-start: 10px;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }

  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 3px 10px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .chip .icon {
    width: 14px;
    height: 14px;
  }
  .chip.failed {
    color: var(--_danger);
  }
  .spinner {
    width: 12px;
    height: 12px;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
  }
  .typing .dots {
    display: inline-flex;
    gap: 4px;
    padding: 12px 14px;
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .typing i {
    width: 7px;
    height: 7px;
    border-radius: 50%;
    background: var(--_muted);
  }
  @media (prefers-reduced-motion: no-preference) {
    .spinner {
      animation: spin 0.8s linear infinite;
    }
    .typing i {
      animation: pulse 1.2s ease-in-out infinite;
    }
    .typing i:nth-child(2) {
      animation-delay: 0.15s;
    }
    .typing i:nth-child(3) {
      animation-delay: 0.3s;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @keyframes pulse {
    50% {
      opacity: 0.3;
    }
  }

  .feedback {
    display: flex;
    gap: 2px;
    color: var(--_muted);
  }
  .feedback .icon-button:hover {
    background: var(--_surface);
  }
  .feedback [aria-pressed='true'] {
    color: var(--_link);
    background: var(--_surface);
  }
  .notice {
    margin: 0;
    font-size: 0.88em;
    color: var(--_muted);
  }
  /* A failed reply's notice is a card of its own, with an icon: not loose red text. */
  .notice.error {
    display: flex;
    gap: 6px;
    align-items: flex-start;
    padding: 8px 10px;
    border: 1px solid currentColor;
    border-radius: 10px;
    color: var(--_danger);
  }
  .notice.error .icon {
    flex: none;
    width: 18px;
    height: 18px;
  }
  .counter {
    margin: 0;
    padding: 4px 16px 0;
    font-size: 0.8em;
    color: var(--_muted);
    text-align: end;
  }
  .retry {
    padding: 4px 12px;
    border: 1px solid var(--_control);
    border-radius: 999px;
    background: var(--_background);
    font-size: 0.88em;
  }
  .retry:hover {
    background: var(--_surface);
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 10px 12px;
    border-top: 1px solid var(--_border);
  }
  .composer textarea {
    flex: 1;
    min-height: 40px;
    max-height: 140px;
    padding: 9px 12px;
    resize: none;
    border: 1px solid var(--_control);
    border-radius: 12px;
    background: var(--_background);
    color: var(--_text);
    /* 16px keeps iOS Safari from zooming the page when the box takes focus. */
    font: 16px/1.35 var(--_font);
    field-sizing: content;
  }
  .composer textarea::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .send {
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    border: none;
    border-radius: 12px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  /* Arrows point the way text runs. */
  [dir='rtl'] .send .icon {
    transform: scaleX(-1);
  }
  .send:disabled {
    cursor: default;
    opacity: 0.55;
  }
  /* A long history: a message out of view costs no style, layout or paint; it keeps the
     size it last had (auto), or a guess until it was first on screen. Not the newest ones (the log's
     last children; more than reveal-window.ts renders first): they are what a log pinned to its end
     shows, and pinning needs their real height at once, not a guess corrected a frame later.
     Containment clips paint to the message's box: the padding, taken back by the margin, keeps focus
     rings (3px + 2px offset) whole. Not at the inline end of a shopper's message (above): there the
     margin would put its box past the log's content box, and WebKit counts border boxes in a scroller's
     overflow, so the log would scroll sideways by 6px. No shrinking: a skipped message's minimum
     height is 0, and the log's flex column would squeeze it. */
  .message {
    flex: none;
    max-width: calc(88% + 12px);
    margin: -6px;
    padding: 6px;
  }
  .message:nth-last-child(n + 13) {
    content-visibility: auto;
    contain-intrinsic-size: auto 240px auto 120px;
  }
`;
