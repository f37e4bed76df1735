/** The panel's icons, in the panel chunk (see icons.ts). */
import { svg } from 'lit';
import { icon } from './icons.js';

export const sendIcon = icon(svg`<path d="M5 12h13M13 6l6 6-6 6"/>`);
export const newConversationIcon = icon(svg`<path d="M12 5v14M5 12h14"/>`);
export const thumbUpIcon = icon(svg`<path d="M7 11v9H4v-9h3zm0 0l4-8a2 2 0 0 1 2 2v4h5a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 16.8 20H7"/>`);
export const thumbDownIcon = icon(svg`<path d="M17 13V4h3v9h-3zm0 0l-4 8a2 2 0 0 1-2-2v-4H6a2 2 0 0 1-2-2.3l1.2-7A2 2 0 0 1 7.2 4H17"/>`);
export const stopIcon = icon(svg`<rect x="7" y="7" width="10" height="10" rx="1.5" fill="currentColor"/>`);
export const checkIcon = icon(svg`<path d="M5 12l5 5 9-10"/>`);
export const failIcon = icon(svg`<path d="M12 8v5M12 16.5v.5"/><circle cx="12" cy="12" r="9"/>`);
export const arrowDownIcon = icon(svg`<path d="M12 5v14M6 13l6 6 6-6"/>`);
