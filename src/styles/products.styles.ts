import { css } from 'lit';

/** Product cards, the cart confirmation and their actions (see views/product-view.ts). */
export const productStyles = css`
  /* Product cards: one, or a row that scrolls sideways. */
  .products {
    display: flex;
    gap: 8px;
    max-width: 100%;
    margin: 0;
    padding: 0 0 6px;
    list-style: none;
    overflow-x: auto;
    scroll-snap-type: x mandatory;
  }
  .product,
  .cart {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 8px;
    border: 1px solid var(--_border);
    border-radius: 12px;
    background: var(--_background);
  }
  .product {
    flex: none;
    width: var(--totebot-card-width, 164px);
    scroll-snap-align: start;
  }
  [part='product-image'] {
    aspect-ratio: 4 / 3;
    margin-bottom: 4px;
    border-radius: 8px;
    background: var(--_surface);
    object-fit: cover;
  }
  .cart b {
    display: flex;
    align-items: center;
    gap: 4px;
  }
  .product small,
  .cart small {
    color: var(--_muted);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 12px;
    margin-top: auto;
    padding-top: 6px;
  }
  /* A cart confirmation without the store's links: no empty row adding its padding and the card's gap
     under the last line. */
  .actions:empty {
    display: none;
  }
  .actions a {
    color: var(--_link);
  }
  /* The link colour, not the accent: 3:1 or more against the background in the dark theme too. */
  [part='add-to-cart'] {
    padding: 4px 10px;
    border: 1px solid var(--_link);
    border-radius: 999px;
    background: none;
    color: var(--_link);
  }
  [part='add-to-cart'][aria-busy] {
    opacity: 0.6;
  }
`;
