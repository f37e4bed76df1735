import { css } from 'lit';

/** What surrounds a reply's text: tool and action chips, the typing dots, feedback, notices, Retry. */
export const replyPartStyles = css`
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
  .thanks {
    align-self: center;
    margin-inline-start: 4px;
    font-size: 0.85em;
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
`;
