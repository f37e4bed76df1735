/** Inline SVG icons: no requests, no fonts. All are decorative (aria-hidden). The launcher's are here; the panel's in panel-icons.ts. */
import { svg, html, type TemplateResult } from 'lit';

export const icon = (paths: TemplateResult<2>): TemplateResult =>
  html`<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"
    fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${paths}</svg>`;

export const chatIcon = icon(svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/>`);
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`);
