import { css, type CSSResult } from 'lit';
import { markdownStyles } from './styles/markdown.styles.js';
import { logReadingStyles } from './styles/log-reading.styles.js';
import { productStyles } from './styles/products.styles.js';
import { replyPartStyles } from './styles/reply-parts.styles.js';

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
`;

/** The panel's frame, header and log; adopted when the panel chunk loads (see chat-panel.ts). */
const panelFrame = css`
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
    /* A scrollbar's thumb is a control: 3:1 like the others, in both themes. Left to itself, Firefox on
       Linux draws a light strip there, its thumb unseen in the light theme (Firefox 153 ESR). */
    scrollbar-color: var(--_control) transparent;
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
`;

const panelLog = css`
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
    padding: 12px;
    padding-inline-start: 16px;
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
  /* Its size and margin are set below, with the containment that needs them. */
  .message {
    display: flex;
    flex-direction: column;
    gap: 6px;
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
`;

/** The composer, and what keeps a long history cheap. */
const composerStyles = css`
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

/** Every sheet of the panel, in cascade order. */
export const panelStyles: CSSResult[] = [panelFrame, productStyles, panelLog, logReadingStyles, markdownStyles, replyPartStyles, composerStyles];
