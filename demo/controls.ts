/**
 * The demo's "Try the widget" switches: theme, language, position, brand colour and suggested
 * questions, so a store owner sees what the widget can look like in a minute. Each switch sets the
 * same attribute or CSS custom property a store would, and is kept in the page's address
 * (`?theme=dark&lang=ar`), so a look can be shared or reloaded.
 */
const SUGGESTIONS = 'Do you have a blue tote?|What is your return policy?|Add the blue tote to my cart';
/** The colour picker starts at the widget's own brand colour: left there, the widget keeps its default (a step lighter in the dark theme). */
const WIDGET_ACCENT = '#1d4ed8';

interface Switch {
  /** The control's name, also the address's parameter. */
  name: string;
  /** Sets the widget for the control's value ('' for the widget's default). */
  apply(widget: HTMLElement, value: string): void;
}

const attribute =
  (name: string): Switch['apply'] =>
  (widget, value) =>
    value ? widget.setAttribute(name, value) : widget.removeAttribute(name);

const SWITCHES: readonly Switch[] = [
  { name: 'theme', apply: attribute('theme') },
  { name: 'lang', apply: attribute('lang') },
  { name: 'position', apply: attribute('position') },
  {
    name: 'accent',
    apply: (widget, value) => (value && value !== WIDGET_ACCENT ? widget.style.setProperty('--totebot-accent', value) : widget.style.removeProperty('--totebot-accent')),
  },
  { name: 'suggestions', apply: (widget, value) => attribute('suggestions')(widget, value === 'on' ? SUGGESTIONS : '') },
];

/** The value a control holds: a checkbox's is 'on' or ''. */
function valueOf(control: HTMLInputElement | HTMLSelectElement): string {
  return control instanceof HTMLInputElement && control.type === 'checkbox' ? (control.checked ? 'on' : '') : control.value;
}

function setValue(control: HTMLInputElement | HTMLSelectElement, value: string): void {
  if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === 'on';
  else control.value = value;
}

/** Wires the form's controls to the widget, starting from the address's values. */
export function wireControls(form: HTMLFormElement, widget: HTMLElement): void {
  const params = new URLSearchParams(location.search);
  for (const { name, apply } of SWITCHES) {
    const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (!control) continue;
    if (params.has(name)) setValue(control, params.get(name)!);
    apply(widget, valueOf(control));
    control.addEventListener('change', () => {
      const value = valueOf(control);
      apply(widget, value);
      const next = new URLSearchParams(location.search);
      if (value !== (control.dataset.default ?? '')) next.set(name, value);
      else next.delete(name);
      const query = next.toString();
      history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    });
  }
  form.addEventListener('submit', (event) => event.preventDefault());
}
