/**
 * How much of a streaming reply the next animation frame shows, and how often.
 * One network chunk can carry hundreds of tokens; rendering all of their
 * Markdown in one frame would be a long task of hundreds of milliseconds.
 * So a frame renders at most a fixed number of new characters and the rest
 * waits for the next frames: the cost of a frame is bounded however much
 * arrives at once, and the total work is unchanged (each character is still
 * parsed once).
 */
import type { ChatMessage } from './conversation.js';

/**
 * The least time between two frames that show more of a streaming reply. A frame's fixed cost
 * (style, layout and paint of the list, the Lit update, the compositor's work) is paid per frame,
 * not per character, so at most 20 such frames a second keep a fast stream's main-thread time down
 * (docs/benchmarks.md has the figures). At the 30–100 tokens a second a model sends, a frame this
 * far apart still shows a word or a few: the text flows, it does not jump.
 */
export const REVEAL_INTERVAL_MS = 50;

/**
 * New characters of Markdown one frame may render. A frame costs a few ms
 * whatever it renders plus about 3 ms per 1,000 characters; 4,000 keeps the
 * largest frames near 20 ms on 2 cores (no frame over 50 ms at 1k, 4k or 16k
 * tokens), and at one frame per 50 ms it is still 80,000 characters a second,
 * far ahead of any model, so only a burst waits.
 */
export const REVEAL_CHARACTERS_PER_FRAME = 4_000;

/** The length of `text` to show after the next frame, given that `shown` characters show now. */
export function nextRevealLength(text: string, shown: number, budget = REVEAL_CHARACTERS_PER_FRAME): number {
  const step = Math.max(1, Math.floor(budget));
  if (text.length - shown <= step) return text.length;
  const end = Math.max(0, shown) + step;
  // Never end between the halves of a surrogate pair (an emoji): the frame would show a broken glyph.
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff ? end + 1 : end;
}

/**
 * The reply as it shows with only the first `length` characters of its text: it
 * counts as streaming until all of them show, so nothing that belongs to a
 * finished reply (its feedback buttons, an error notice, `aria-busy="false"`)
 * appears before its last words.
 */
export function revealed(message: ChatMessage, length: number): ChatMessage {
  if (length >= message.content.length) return message;
  const { error: _error, ...rest } = message;
  return { ...rest, content: message.content.slice(0, Math.max(0, length)), status: 'streaming' };
}
