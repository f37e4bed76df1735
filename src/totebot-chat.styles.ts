import { css } from 'lit';

/**
 * Everything the closed widget needs: the launcher's tokens, host placement, the launcher, and the
 * panel's frame, which shows at once on a tap that finds the panel chunk not yet loaded. What the
 * launcher's DOM needs only once the panel is there comes with it (panel/launcher-late.styles.ts).
 */
export const launcherStyles = css`
  :host {
    /* Public tokens (--totebot-*) feed private ones (--_*), so a page sets only what it wants.
       The launcher's are here; the panel's load with it (panel.styles.ts). */
    --_accent: var(--totebot-accent, #1d4ed8);
    --_on-accent: var(--totebot-on-accent, var(--_auto-on-accent, #ffffff));
    --_offset: var(--totebot-offset, 20px);
    --_z-index: var(--totebot-z-index, 2147483000);
    --_radius: var(--totebot-radius, 16px);
    --_panel-width: var(--totebot-panel-width, 380px);
    --_panel-height: var(--totebot-panel-height, 620px);
    /* Inherited by every control: the press states below are the feedback a tap gets. */
    -webkit-tap-highlight-color: transparent;
  }
  /* The frame's Canvas background follows the theme before the panel's own tokens arrive. The default
     brand colour is a step lighter on the dark panel, where a filled control (Send) keeps 3:1 against it. */
  :host([theme='dark']) {
    color-scheme: dark;
    --_accent: var(--totebot-accent, #2563eb);
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      color-scheme: dark;
      --_accent: var(--totebot-accent, #2563eb);
    }
  }
  /* Text on the brand colour: black or white, whichever contrasts more (WCAG 2). The accent's y in
     xyz-d65 is its relative luminance; both contrast equally at 0.1791. Below it the inner colour
     gets some lightness, which the outer makes white (lab 100), else black; opaque whatever the
     accent's alpha. Where relative colours
     are not understood, white serves; a page's --totebot-on-accent wins either way. */
  @supports (color: lab(from color(from red xyz-d65 0 clamp(0, y * 2, 1) 0) clamp(0, l * 2, 100) 0 0)) {
    :host {
      --_auto-on-accent: lab(from color(from var(--_accent) xyz-d65 0 clamp(0, (0.17913 - y) * 1e9, 1) 0) clamp(0, l * 1e9, 100) 0 0 / 1);
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
  /* The widget draws no ::before or ::after. */
  * {
    box-sizing: border-box;
  }
  button {
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
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
  /* Both icons are in the button, one over the other; the open state shows one. */
  .launcher .icon {
    grid-area: 1 / 1;
    width: 26px;
    height: 26px;
  }
  [aria-expanded='true'] > :first-child,
  [aria-expanded='false'] > :last-child {
    opacity: 0;
  }

  .panel {
    overflow: hidden;
    background: var(--_background, var(--totebot-background, Canvas));
    border: 1px solid var(--_border, #0000);
    border-radius: var(--_radius);
  }
  /* Until the panel chunk has arrived, the frame shows its title bar's colour where the bar will be
     (a border: the frame has no content yet, and the bar's height matches the header's). */
  .panel[aria-busy=true] {
    border-top: 60px solid var(--_accent);
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
    }
  }
  /* Motion only for those who have not asked for less (the panel's opening comes with its chunk). */
  @media (prefers-reduced-motion: no-preference) {
    .launcher,
    .launcher .icon {
      transition: 0.15s;
    }
    /* Not where a tap leaves :hover behind (touch screens). */
    @media (hover: hover) {
      .launcher:hover {
        transform: scale(1.06);
      }
    }
    .launcher:active {
      transform: scale(0.94);
    }
  }
`;
