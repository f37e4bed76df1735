/** How the panel chunk brings its styles into the element's shadow root. */
import { panelStyles } from '../panel.styles.js';
import { launcherLateStyles } from './launcher-late.styles.js';

/**
 * Adds the panel's sheets to what the root has adopted, never replacing the list: the launcher's
 * are there, and another chunk may have added its own first.
 */
export function adoptPanelStyles(root: ShadowRoot): void {
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...[launcherLateStyles, ...panelStyles].map((styles) => styles.styleSheet!)];
}
