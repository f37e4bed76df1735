/**
 * How much of a streaming reply the next animation frame shows. One network
 * chunk can carry hundreds of tokens; rendering all of their Markdown in one
 * frame was a long task of hundreds of milliseconds (issue #4). So a frame
 * renders at most a fixed number of new characters and the rest waits for the
 * next frames: the cost of a frame is bounded however much arrives at once, and
 * the total work is unchanged (each character is still parsed once).
 */
import type { ChatMessage } from './conversation.js';

/**
 * New characters of Markdown one frame may render. Measured on 2 shared cores
 * (bench/streaming.ts, 16k tokens): a frame costs about 6 ms whatever it renders
 * (style, layout and paint of the list) plus about 3 ms per 1,000 characters, so
 * 750 a frame doubled the total work and 6,000 made 25 ms frames; 2,000 keeps a
 * frame near 12 ms with the total close to rendering each burst at once. It is
 * far ahead of any model (120,000 characters a second), so only a burst waits.
 */
export const REVEAL_CHARACTERS_PER_FRAME = 2000;

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
