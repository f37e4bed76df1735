/**
 * The demo store: a product grid and a cart counter that listens to the
 * widget's `totebot-action` events, as a real store's theme would.
 */
import '../src/index.js';
import { CATALOGUE, formatPrice, productUrl } from '../proxy/simulator/catalogue.js';
import { wireControls } from './controls.js';

wireControls(document.querySelector<HTMLFormElement>('form.try')!, document.querySelector('totebot-chat')!);

const grid = document.querySelector<HTMLUListElement>('.products')!;
const cartCount = document.querySelector<HTMLElement>('.cart-count')!;
const current = location.pathname.match(/^\/products\/([a-z0-9-]+)/)?.[1];

for (const product of CATALOGUE) {
  const item = document.createElement('li');
  item.className = 'product';
  item.id = product.slug;
  if (product.slug === current) item.classList.add('highlight');
  const swatch = document.createElement('div');
  swatch.className = 'swatch';
  swatch.style.setProperty('--swatch', product.swatch);
  const link = document.createElement('a');
  link.href = productUrl(product);
  link.textContent = product.name;
  const price = document.createElement('p');
  price.className = 'price';
  price.textContent = formatPrice(product.price);
  const description = document.createElement('p');
  description.textContent = product.description;
  item.append(swatch, link, price, description);
  grid.append(item);
}
document.getElementById(current ?? '')?.scrollIntoView({ block: 'center' });

let count = 0;
document.addEventListener('totebot-action', (event) => {
  const detail = event.detail;
  if (detail.phase !== 'completed' || detail.action !== 'add_to_cart' || !detail.success) return;
  const result = detail.result as { cartCount?: unknown; quantity?: unknown } | undefined;
  count = typeof result?.cartCount === 'number' ? result.cartCount : count + (Number(result?.quantity) || 1);
  cartCount.textContent = String(count);
});
