import { css } from 'lit';

/**
 * The teaser beside the launcher. It shows before the panel chunk (and its colour tokens) has
 * loaded, so it reads the public tokens with system colours as fallbacks, as the panel's frame does.
 */
export const teaserStyles = css`
  .teaser {
    position: absolute;
    bottom: 4px;
    right: calc(100% + 12px);
    display: flex;
    align-items: flex-start;
    width: max-content;
    /* Beside a 56px launcher, inside the viewport's offsets. */
    max-width: min(280px, calc(100vw - 2 * var(--_offset) - 68px));
    padding: 4px;
    border-radius: var(--_radius);
    background: var(--totebot-background, Canvas);
    color: var(--totebot-text, CanvasText);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.22);
    font: 14px / 1.4 var(--totebot-font, system-ui, sans-serif);
  }
  :host([position='left']) .teaser {
    right: auto;
    left: calc(100% + 12px);
  }
  .teaser button {
    font: inherit;
    color: inherit;
  }
  .teaser-message {
    flex: 1;
    min-width: 0;
    padding: 8px 6px;
    padding-inline-start: 10px;
    border: none;
    background: none;
    text-align: start;
    overflow-wrap: anywhere;
  }
  .teaser-close {
    display: grid;
    place-items: center;
    flex: none;
    width: 32px;
    height: 32px;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: none;
  }
  .teaser-close:hover {
    background: color-mix(in srgb, currentColor 10%, transparent);
  }
  .teaser-close .icon {
    width: 16px;
    height: 16px;
  }
  @media (prefers-reduced-motion: no-preference) {
    .teaser {
      animation: teaser-in 0.2s ease-out;
    }
  }
  @keyframes teaser-in {
    from {
      opacity: 0;
      transform: translateY(8px);
    }
  }
`;
