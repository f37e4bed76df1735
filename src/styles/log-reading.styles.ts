import { css } from 'lit';

/**
 * How the log reads while replies arrive: "Jump to latest" over its foot, a streaming reply's bubble at a
 * steady width, and messages that rise into place (see controllers/auto-scroll-controller.ts and
 * controllers/enter-motion-controller.ts).
 */
export const logReadingStyles = css`
  /* "Jump to latest" floats over the foot of the log: a box of no height after it, so the log keeps its size. */
  .jump {
    position: relative;
    flex: none;
    height: 0;
  }
  .jump button {
    position: absolute;
    bottom: 10px;
    left: 0;
    right: 0;
    display: flex;
    align-items: center;
    gap: 4px;
    width: max-content;
    margin: auto;
    padding: 6px 14px;
    padding-inline-start: 10px;
    border: none;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.25);
    font-size: 0.88em;
  }
  .jump .icon {
    width: 16px;
    height: 16px;
  }
  /* A reply's bubble does not follow its text's width while the text arrives: it takes the whole width
     at once, rather than widening word by word and narrowing as Markdown blocks re-render. */
  .message.assistant.streaming .bubble {
    align-self: stretch;
  }
  @media (prefers-reduced-motion: no-preference) {
    .message.enter {
      animation: enter 0.18s ease-out;
    }
  }
  /* A rise, no fade: text fading in is below 4.5:1 contrast while it does. Within the log's end padding
     (16px), so the motion adds nothing to its scroll height. */
  @keyframes enter {
    from {
      transform: translateY(10px);
    }
  }
`;
