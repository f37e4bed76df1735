/**
 * Grows the message box with its text, up to the `max-height` its styles give it, where
 * the browser lacks CSS `field-sizing: content` (WebKitGTK 2.50, Safari before 26, older
 * Firefox): there a textarea keeps its one-row height and the shopper types into a slot.
 * It adds rows rather than setting a height: no style attribute in the shadow root, and
 * whatever font and padding the page gives the `input` part. Where CSS does it, this does nothing.
 */

/** The text each box was last sized for: sizing reads layout, so only when the text changed. */
const sizedFor = new WeakMap<HTMLTextAreaElement, string>();

/** Call after every render: the text changes by typing, by a restored draft, or by sending (emptied). */
export function fitToText(box: HTMLTextAreaElement | null): void {
  // Where CSS sizes the box, nothing is read: reading offsetHeight would lay the panel out mid-render, and the
  // frame lays it out again. A box that is not laid out (the panel closed) has nothing to measure: sized once it shows.
  if (!box || CSS.supports('field-sizing:content') || sizedFor.get(box) === box.value || !box.offsetHeight) return;
  sizedFor.set(box, box.value);
  box.rows = 1;
  // One more row while the text overflows, until it fits or max-height stops the box growing.
  for (let height = 0; box.scrollHeight > box.clientHeight && box.clientHeight > height; box.rows += 1) height = box.clientHeight;
}
