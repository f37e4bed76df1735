/** "Jump to latest": over the foot of the log while newer text is out of view below; it takes the reader there. */
import { html, type TemplateResult } from 'lit';
import { arrowDownIcon } from './panel-icons.js';

/** `onJump(focused)`: `focused` when the button had focus, which must not fall to the page as the button goes. */
export function renderJumpToLatest(label: string, onJump: (focused: boolean) => void): TemplateResult {
  return html`<div class="jump">
    <button type="button" part="jump-button" @click=${(event: Event) => onJump((event.currentTarget as HTMLElement).matches(':focus'))}>
      ${arrowDownIcon}${label}
    </button>
  </div>`;
}
