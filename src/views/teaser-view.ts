/** The teaser beside the launcher: the page's text as a button that opens the chat, and a dismiss button. */
import { html, type TemplateResult } from 'lit';
import { closeIcon } from './icons.js';

export interface TeaserViewOptions {
  /** The page's `teaser` text: bound as text, never parsed as HTML. */
  text: string;
  /** The widget's language and direction, as the panel has them. */
  lang: string;
  dir: string;
  dismissLabel: string;
  onOpen: () => void;
  onDismiss: () => void;
}

export const renderTeaser = ({ text, lang, dir, dismissLabel, onOpen, onDismiss }: TeaserViewOptions): TemplateResult =>
  html`<div part="teaser" class="teaser" lang=${lang} dir=${dir}>
    <button part="teaser-message" class="teaser-message" type="button" @click=${onOpen}>${text}</button>
    <button part="teaser-close" class="teaser-close" type="button" aria-label=${dismissLabel} @click=${onDismiss}>${closeIcon}</button>
  </div>`;
