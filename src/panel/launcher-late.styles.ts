import { css } from 'lit';

/**
 * Styles for the launcher's own DOM that matter only once the panel chunk is there, so a page where
 * nobody opens the chat never loads them: the unread badge (a count exists only with the panel),
 * the live region's hiding (it is empty until the panel speaks), the panel's opening motion, and its
 * size above a phone's on-screen keyboard.
 */
export const launcherLateStyles = css`
  /* The launcher's button has its own colour and no text: only the panel's buttons need these. */
  button {
    font: inherit;
    color: inherit;
  }
  /* Read by screen readers, not shown (only spans and a div carry it: no padding or border to undo). */
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .icon {
    flex: none;
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
  /* Full screen on a phone: no border, and the space the on-screen keyboard leaves
     (controllers/viewport-controller.ts). */
  @media (max-width: 480px) {
    :host(:not([mode='inline'])) .panel {
      top: var(--_viewport-top, 0px);
      height: var(--_viewport-height, 100dvh);
      border-width: 0;
    }
  }
  /* The panel grows from the launcher's corner (it is a dialog in launcher mode only). */
  [role='dialog'] {
    transform-origin: 100% 100%;
  }
  :host([position='left']) [role='dialog'] {
    transform-origin: 0 100%;
  }
  @media (prefers-reduced-motion: no-preference) {
    [role='dialog'] {
      animation: open 0.18s ease-out;
    }
  }
  @keyframes open {
    from {
      opacity: 0;
      transform: scale(0.92);
    }
  }
`;
