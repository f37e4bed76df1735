import { css } from 'lit';

/** A reply's rendered Markdown (see markdown/render-tokens.ts for the elements it can hold). */
export const markdownStyles = css`
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
`;
