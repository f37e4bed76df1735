/**
 * Parse time alone, in Node, for the streaming schedule the widget uses: after
 * every `per` tokens of the benchmark corpus, the open tail (from the first block
 * that is not final) is parsed again. The tail is found with marked's lexer (the
 * widget's algorithm) and the same tail strings are given to each candidate, so
 * the figures compare parsers, not splitting. No DOM: see npm run bench for that.
 *
 *   node --import tsx bench/parser-time.ts
 */
import MarkdownIt from 'markdown-it';
import { Lexer } from 'marked';
import { lexTail, MARKED_OPTIONS } from '../src/markdown/markdown-blocks.js';
import { markdownTokens } from './markdown-corpus.js';
import { median } from './stats.js';

const markdownIt = new MarkdownIt({ linkify: true });
const CANDIDATES: Record<string, (tail: string) => unknown> = {
  marked: (tail) => new Lexer(MARKED_OPTIONS).lex(tail),
  'markdown-it': (tail) => markdownIt.parse(tail, {}),
};

/** The tail parsed at each frame of a reply of `count` tokens, a frame every `per` tokens. */
function tails(count: number, per: number): string[] {
  const { tokens } = markdownTokens(count);
  const result: string[] = [];
  let text = '';
  let final = 0;
  tokens.forEach((token, index) => {
    text += token;
    if ((index + 1) % per !== 0 && index !== tokens.length - 1) return;
    const tail = text.slice(final);
    result.push(tail);
    final += lexTail(tail, Object.create(null), false).finalLength;
  });
  return result;
}

for (const per of [1, 8]) {
  for (const count of [4000, 16000]) {
    const frames = tails(count, per);
    const row = Object.entries(CANDIDATES).map(([name, parse]) => {
      const runs: number[] = [];
      for (let run = 0; run < 7; run += 1) {
        const started = performance.now();
        for (const tail of frames) parse(tail);
        runs.push(performance.now() - started);
      }
      return `${name} ${median(runs).toFixed(1)} ms`;
    });
    const longest = Math.max(...frames.map((tail) => tail.length));
    console.log(`${count} tokens, a frame every ${per} token(s) (${frames.length} frames, longest tail ${longest} chars): ${row.join(', ')}`);
  }
}
