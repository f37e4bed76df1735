/** How the panel chunk brings its styles into the element's shadow root. */
import { panelStyles } from '../panel.styles.js';
import { launcherLateStyles } from './launcher-late.styles.js';

/**
 * Adds the panel's sheets to what the root has adopted, never replacing the list: the launcher's
 * are there, and the teaser's chunk may have added its own first. A panel already shown when they
 * arrive (tapped open before the chunk, or restored open on a new page) does not play its opening
 * motion late: that animation is finished at once.
 */
export function adoptPanelStyles(root: ShadowRoot): void {
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...[launcherLateStyles, ...panelStyles].map((styles) => styles.styleSheet!)];
  for (const animation of root.querySelector('.panel')?.getAnimations() ?? []) animation.finish();
}
