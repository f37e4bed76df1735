/**
 * Run in the page, by any driver (playwright's `evaluate`, puppeteer's `evaluate`, webdriverio's
 * `execute`): readers of the widget's shadow root that return plain data, so that one check reads
 * the same in every engine. Each is serialised on its own, so none may call another or declare a
 * named inner function (tsx wraps those in a `__name` helper the page does not have).
 */

/** The `index`th element matching `selector` in the widget's shadow root; a negative index counts from the end. */
export interface Scope {
  selector: string;
  index: number;
}

/** Replies other than the welcome, for a `Scope`. */
export const REPLY = '.message.assistant:not(.welcome)';

/** The text of the widget's `index`th reply (not the welcome), its busy state, and its chips. */
export function replyState(index: number): { busy: string | null; text: string; chips: string[] } | null {
  const reply = [...document.querySelector('totebot-chat')!.shadowRoot!.querySelectorAll('.message.assistant:not(.welcome)')].at(index);
  if (!reply) return null;
  return {
    busy: reply.getAttribute('aria-busy'),
    text: reply.querySelector('.markdown')?.textContent ?? '',
    chips: [...reply.querySelectorAll('.chip')].map((chip) => chip.textContent!.trim()),
  };
}

/** The text of each element matching `selector` in the widget's shadow root, or in `scope` there. */
export function widgetTexts(query: { selector: string; scope?: Scope }): string[] {
  const root = document.querySelector('totebot-chat')?.shadowRoot;
  const container = query.scope ? [...(root?.querySelectorAll(query.scope.selector) ?? [])].at(query.scope.index) : root;
  return [...(container?.querySelectorAll(query.selector) ?? [])].map((node) => node.textContent ?? '');
}

/**
 * The one shown control of `role` in the widget (or in `scope` there) whose accessible name is
 * exactly `name`, or how many there are when that is not one. The name is worked out the way the
 * widget names its controls (`aria-label`, else the text, else `title`; it uses no `aria-labelledby`
 * on them): for drivers whose role queries stop at shadow roots.
 */
export function widgetControl(query: { role: 'button' | 'textbox'; name: string; scope?: Scope }): Element | number {
  const root = document.querySelector('totebot-chat')?.shadowRoot;
  const container = query.scope ? [...(root?.querySelectorAll(query.scope.selector) ?? [])].at(query.scope.index) : root;
  const selector = query.role === 'button' ? 'button, [role="button"]' : 'textarea, input:not([type]), input[type="text"], [role="textbox"]';
  const found = [...(container?.querySelectorAll(selector) ?? [])].filter(
    (control) =>
      control.checkVisibility({ visibilityProperty: true }) &&
      !control.closest('[aria-hidden="true"]') &&
      (control.getAttribute('aria-label') || control.textContent?.trim() || control.getAttribute('title') || '').replace(/\s+/g, ' ').trim() === query.name,
  );
  return found.length === 1 ? found[0]! : found.length;
}

/** The computed value of CSS `property` on the first element matching `selector` in the widget's shadow root, or null without one. */
export function widgetStyle(query: { selector: string; property: string }): string | null {
  const element = document.querySelector('totebot-chat')?.shadowRoot?.querySelector(query.selector);
  return element ? getComputedStyle(element).getPropertyValue(query.property) : null;
}

/**
 * The first element matching `selector` in the widget's shadow root: whether it is shown, its size,
 * and the `attributes` and computed style `properties` asked for; null without one.
 */
export function widgetElement(query: { selector: string; attributes?: string[]; properties?: string[] }): {
  shown: boolean;
  width: number;
  height: number;
  attributes: Record<string, string | null>;
  styles: Record<string, string>;
} | null {
  const element = document.querySelector('totebot-chat')?.shadowRoot?.querySelector(query.selector);
  if (!element) return null;
  const { width, height } = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return {
    shown: element.checkVisibility({ visibilityProperty: true }) && width > 0 && height > 0,
    width,
    height,
    attributes: Object.fromEntries((query.attributes ?? []).map((name) => [name, element.getAttribute(name)])),
    styles: Object.fromEntries((query.properties ?? []).map((name) => [name, style.getPropertyValue(name)])),
  };
}
