/** The simulator's built-in store: enough products for search, links and a cart. */
export interface Product {
  id: string;
  slug: string;
  name: string;
  colour: string;
  category: string;
  /** A colour for the demo store's product tile. */
  swatch: string;
  /** Price in euro cents. */
  price: number;
  description: string;
  /** False for a product sold out (the demo shows one). */
  inStock?: boolean;
}

export const CATALOGUE: readonly Product[] = [
  { id: 'p_1', swatch: '#3b6fd4', slug: 'blue-canvas-tote', name: 'Blue Canvas Tote', colour: 'blue', category: 'tote', price: 2900, description: 'A roomy everyday tote in washed blue canvas with an inner pocket.' },
  { id: 'p_2', swatch: '#1f2f5c', slug: 'navy-market-tote', name: 'Navy Market Tote', colour: 'navy blue', category: 'tote', price: 3400, description: 'A sturdy market tote with leather handles that stands up on its own.' },
  { id: 'p_3', swatch: '#d8c8a4', slug: 'sand-linen-tote', name: 'Sand Linen Tote', colour: 'sand', category: 'tote', price: 3900, description: 'Light linen, lined in cotton, folds flat into its own pocket.' },
  { id: 'p_4', swatch: '#222222', slug: 'black-leather-tote', name: 'Black Leather Tote', colour: 'black', category: 'tote', price: 12900, description: 'Full-grain leather with a zip top and a padded laptop sleeve.' },
  { id: 'p_5', swatch: '#3f8f4f', slug: 'green-recycled-tote', name: 'Green Recycled Tote', colour: 'green', category: 'tote', price: 1900, description: 'Woven from recycled bottles; wipe-clean and water resistant.' },
  { id: 'p_6', swatch: '#c8352e', slug: 'red-mini-tote', name: 'Red Mini Tote', colour: 'red', category: 'tote', price: 2400, description: 'A small tote for a phone, keys and a book.', inStock: false },
  { id: 'p_7', swatch: '#8a8f96', slug: 'grey-city-backpack', name: 'Grey City Backpack', colour: 'grey', category: 'backpack', price: 8900, description: 'A 20-litre backpack with a 15-inch laptop sleeve and a hidden pocket.' },
  { id: 'p_8', swatch: '#2f5fb0', slug: 'blue-roll-top-backpack', name: 'Blue Roll-Top Backpack', colour: 'blue', category: 'backpack', price: 9900, description: 'Waterproof roll-top closure, padded straps, 25 litres.' },
  { id: 'p_9', swatch: '#c08a56', slug: 'tan-crossbody-bag', name: 'Tan Crossbody Bag', colour: 'tan', category: 'crossbody bag', price: 5900, description: 'Vegetable-tanned leather with an adjustable strap.' },
  { id: 'p_10', swatch: '#2a2a2a', slug: 'black-weekender-bag', name: 'Black Weekender Bag', colour: 'black', category: 'weekender bag', price: 14900, description: 'Fits a weekend of clothes and slides over a suitcase handle.' },
  { id: 'p_11', swatch: '#7a4a2a', slug: 'brown-card-wallet', name: 'Brown Card Wallet', colour: 'brown', category: 'wallet', price: 3500, description: 'Six card slots and a note pocket in a slim leather wallet.' },
  { id: 'p_12', swatch: '#e8a0b8', slug: 'pink-pouch-set', name: 'Pink Pouch Set', colour: 'pink', category: 'pouch', price: 2200, description: 'Three zip pouches in three sizes for cables, make-up and coins.' },
  { id: 'p_13', swatch: '#f0c93a', slug: 'yellow-beach-tote', name: 'Yellow Beach Tote', colour: 'yellow', category: 'tote', price: 2700, description: 'An oversized striped tote that shakes sand off easily.' },
  { id: 'p_14', swatch: '#6b7a3a', slug: 'olive-laptop-sleeve', name: 'Olive Laptop Sleeve', colour: 'olive green', category: 'laptop sleeve', price: 3200, description: 'Felt-lined sleeve for 13- and 14-inch laptops.' },
];

export const productUrl = (product: Product): string => `/products/${product.slug}`;

export const formatPrice = (cents: number): string => `€${(cents / 100).toFixed(2)}`;

const STOP_WORDS = new Set(
  'a an the do does you have any got is are i im i\'m me my to in for of with and or please show find want looking need some something can could would like it this that one add put cart basket'.split(' '),
);

function queryWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    // A crude singular: "totes" → "tote", "pouches" → "pouch"; "canvas" and "glass" stay.
    .map((word) => word.replace(/(?<=(ch|sh|x|ss))es$|(?<![asiu])s$/, ''))
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word));
}

/** Products ranked by how many query words they match; best first, ties by catalogue order. */
export function searchProducts(query: string, limit = 4): Product[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  return CATALOGUE.map((product, index) => {
    const haystack = `${product.name} ${product.colour} ${product.category}`.toLowerCase();
    const nameWords = product.name.toLowerCase().split(/\s+/);
    const score = words.reduce(
      (sum, word) => sum + (nameWords.includes(word) ? 2 : haystack.includes(word) ? 1 : 0),
      0,
    );
    return { product, score, index };
  })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.product);
}
