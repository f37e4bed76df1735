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
 * New characters of Markdown one frame may render. Measured on 2 cores
 * (bench/streaming.ts, runs of two builds alternated): a frame costs a few
 * milliseconds whatever it renders (style, layout and paint of the list) plus
 * about 3 ms per 1,000 characters. At 2,000 no 1k, 4k or 16k-token reply had a
 * frame over 50 ms; 1,000 cost 10-15% more main-thread time for the same result,
 * and 6,000 made 25 ms frames. It is far ahead of any model (120,000 characters
 * a second at 60 frames), so only a burst waits.
 */
export const REVEAL_CHARACTERS_PER_FRAME = 2_000;

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
