/**
 * Grows the message box with its text, up to the `max-height` its styles give it, where
 * the browser lacks CSS `field-sizing: content` (WebKitGTK 2.50, Safari before 26, older
 * Firefox): there a textarea keeps its one-row height and the shopper types into a slot.
 * Where CSS does it, this controller is not even added.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class TextareaAutosizeController implements ReactiveController {
  /** The text the box was last sized for (sizing reads layout: only when the text changed). */
  private sizedFor: string | undefined;

  static needed(): boolean {
    return !CSS.supports('field-sizing', 'content');
  }

  constructor(
    host: ReactiveControllerHost,
    private readonly textarea: () => HTMLTextAreaElement | null | undefined,
  ) {
    host.addController(this);
  }

  /** After every render: the text changed by typing, by a restored draft, or by sending (emptied). */
  hostUpdated(): void {
    const box = this.textarea();
    if (!box || box.value === this.sizedFor) return;
    // A box that is not laid out (the panel closed) has no height to measure: sized once it shows.
    if (box.getClientRects().length === 0) return;
    this.sizedFor = box.value;
    // Back to its rows="1" height, so scrollHeight measures the text rather than the box.
    box.style.height = 'auto';
    const style = getComputedStyle(box);
    const borders = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    // scrollHeight counts the padding, not the borders; the box is border-box sized; max-height caps it.
    box.style.height = `${box.scrollHeight + borders}px`;
  }

  hostDisconnected(): void {
    this.sizedFor = undefined;
  }
}
