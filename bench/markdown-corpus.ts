/**
 * Deterministic, model-like Markdown for the benchmarks: paragraphs with bold,
 * italics, inline code and links, bullet and numbered lists, a table now and then
 * and a fenced code block every few blocks, cut into tokens the size a language
 * model streams (a word with its leading space, punctuation, line breaks).
 * Seeded, so every contender and every run gets exactly the same bytes.
 */

/** mulberry32: tiny, fast, good enough to pick words. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a tote bag canvas leather strap zipper pocket laptop sleeve waterproof lining stitched handle ' +
  'colour blue green navy black sand olive size large medium small capacity litres weight grams ' +
  'shipping delivery return order cart price discount free warranty care wash gently cold water ' +
  'air dry avoid direct sunlight store stuffed shape recommend customers love everyday travel ' +
  'weekend office gym market beach organic cotton recycled polyester durable lightweight sturdy ' +
  'and or with for in on of to from by is are it this that you your we our can will may also ' +
  'available today stock restock soon compare features option choice perfect gift popular'
).split(' ');

const LANGS = ['js', 'ts', 'json', 'css', 'sh'];

const CODE_LINES = [
  'const cart = await shop.cart();',
  'cart.add({ productId: "p_17", quantity: 1 });',
  'if (cart.total > 50) applyFreeShipping(cart);',
  'for (const item of cart.items) console.log(item.name, item.price);',
  '{ "id": "p_17", "name": "Blue tote", "price": 39.9 }',
  '.tote { border-radius: 12px; color: navy; }',
  'curl -s https://shop.example/api/products?q=tote | jq .',
  'export function total(items) { return items.reduce((s, i) => s + i.price, 0); }',
];

export interface Corpus {
  tokens: string[];
  text: string;
}

class Writer {
  constructor(private readonly next: () => number) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  phrase(words: number): string {
    return Array.from({ length: words }, () => this.pick(WORDS)).join(' ');
  }

  sentence(): string {
    const parts: string[] = [];
    const count = this.int(6, 16);
    for (let i = 0; i < count; i++) {
      const roll = this.next();
      if (roll < 0.06) parts.push(`**${this.phrase(this.int(1, 3))}**`);
      else if (roll < 0.1) parts.push(`*${this.phrase(this.int(1, 2))}*`);
      else if (roll < 0.13) parts.push(`\`${this.pick(WORDS)}_${this.pick(WORDS)}\``);
      else if (roll < 0.16) parts.push(`[${this.phrase(this.int(1, 3))}](https://shop.example/${this.pick(WORDS)}/${this.int(1, 999)})`);
      else parts.push(this.pick(WORDS));
    }
    const text = parts.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${this.pick(['.', '.', '.', '!', '?'])}`;
  }

  paragraph(): string {
    return Array.from({ length: this.int(2, 5) }, () => this.sentence()).join(' ');
  }

  list(): string {
    const ordered = this.next() < 0.4;
    return Array.from({ length: this.int(3, 6) }, (_, i) => `${ordered ? `${i + 1}.` : '-'} ${this.sentence()}`).join('\n');
  }

  table(): string {
    const columns = this.int(3, 4);
    const header = Array.from({ length: columns }, () => this.pick(WORDS));
    const rows = Array.from({ length: this.int(3, 6) }, () =>
      Array.from({ length: columns }, (_, c) => (c === 0 ? `**${this.pick(WORDS)}**` : this.phrase(this.int(1, 3)))),
    );
    return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  }

  code(): string {
    const lines = Array.from({ length: this.int(3, 8) }, () => this.pick(CODE_LINES));
    return `\`\`\`${this.pick(LANGS)}\n${lines.join('\n')}\n\`\`\``;
  }

  heading(): string {
    return `${this.pick(['##', '###'])} ${this.phrase(this.int(2, 5))}`;
  }

  /** A block in the mix a shopping assistant's long answer has. */
  block(index: number): string {
    if (index > 0 && index % 9 === 0) return this.table();
    if (index > 0 && index % 5 === 0) return this.code();
    if (index % 7 === 0) return this.heading();
    return this.next() < 0.3 ? this.list() : this.paragraph();
  }
}

/** Cuts Markdown into model-sized tokens; joined back they give the text exactly. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(/\n+|[ \t]*[A-Za-z0-9]+|[ \t]*[^\sA-Za-z0-9]+|[ \t]+/g)) {
    const piece = match[0];
    // Long words go out in pieces of at most 6 characters, as sub-word tokens do.
    if (piece.length <= 7 || piece.startsWith('\n')) tokens.push(piece);
    else for (let at = 0; at < piece.length; at += 6) tokens.push(piece.slice(at, at + 6));
  }
  return tokens;
}

/** Exactly `count` tokens of Markdown; the last block is filled with plain words so nothing is cut mid-syntax. */
export function markdownTokens(count: number, seed = 42): Corpus {
  const writer = new Writer(random(seed));
  const tokens: string[] = [];
  for (let index = 0; tokens.length < count; index++) {
    const separator = index === 0 ? [] : ['\n\n'];
    const block = [...separator, ...tokenize(writer.block(index))];
    if (tokens.length + block.length <= count) {
      tokens.push(...block);
      continue;
    }
    const room = count - tokens.length;
    if (room >= 2) {
      tokens.push(...separator, 'The');
      while (tokens.length < count) tokens.push(` ${writer.pick(WORDS)}`);
    } else {
      while (tokens.length < count) tokens.push(` ${writer.pick(WORDS)}`);
    }
  }
  return { tokens, text: tokens.join('') };
}

export interface HistoryEntry {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
  feedback: null;
}

/** A long conversation as the history route returns it: short questions, Markdown answers of 40–200 tokens. */
export function historyMessages(count: number, seed = 7): HistoryEntry[] {
  const writer = new Writer(random(seed));
  const start = Date.UTC(2026, 10, 24, 10, 0, 0);
  return Array.from({ length: count }, (_, i) => {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    const content = role === 'user' ? writer.sentence() : markdownTokens(writer.int(40, 200), seed * 1000 + i).text;
    return { id: `msg_${i + 1}`, role, content, createdAt: new Date(start + i * 30_000).toISOString(), feedback: null };
  });
}
