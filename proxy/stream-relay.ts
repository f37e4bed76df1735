/**
 * Relays an upstream SSE body to the browser frame by frame. Decoding and
 * re-encoding every frame lets the proxy add to the stream (the conversation
 * token, keep-alive comments, a closing `error` on a stalled upstream) without
 * ever splitting a frame, and drops upstream `id:`/`retry:` lines that could make
 * a browser reconnect and re-send. Bytes are never held back: each frame is sent
 * as soon as its blank line arrives.
 */
import { adaptStreamEvent, type RawSseMessage } from '../src/protocol/adapter.js';
import { createSseDecoder, encodeSseComment, encodeSseFrame } from '../src/protocol/sse.js';

export interface RelayOptions {
  /** Called once, for the first conversation id the stream carries; returns a frame to send after it. */
  onConversationId?: (conversationId: string) => Promise<string | undefined>;
  /** A comment is sent when upstream has been silent this long (keeps proxies and load balancers from closing). */
  heartbeatMs: number;
  /** The stream ends with an `error` event when upstream has been silent this long. */
  idleTimeoutMs: number;
  /** Called once, when the first bytes are handed to the browser. */
  onFirstByte?: () => void;
  /** Called once when the stream ends: completed, failed, timed out or cancelled by the browser. */
  onEnd?: () => void;
}

export function encodeRawFrame(message: RawSseMessage): string {
  const eventLine = message.event ? `event: ${message.event.replace(/[\r\n]/g, '')}\n` : '';
  return `${eventLine}${message.data
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('')}\n`;
}

export function relaySse(upstream: ReadableStream<Uint8Array>, options: RelayOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const reader = upstream.getReader();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  let firstByte = options.onFirstByte;
  let end = options.onEnd;

  const stopTimers = () => {
    clearInterval(heartbeat);
    clearTimeout(idleTimer);
    end?.();
    end = undefined;
  };

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (finished) return;
        controller.enqueue(encoder.encode(text));
        firstByte?.();
        firstByte = undefined;
      };
      const pending: RawSseMessage[] = [];
      const feed = createSseDecoder((message) => pending.push(message));
      let lookingForConversation = options.onConversationId !== undefined;
      let lastActivity = Date.now();

      const armIdleTimer = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
          send(encodeSseFrame({ type: 'error', code: 'upstream_timeout', message: 'The assistant stopped responding.' }));
          finished = true;
          stopTimers();
          controller.close();
          void reader.cancel().catch(() => {});
        }, options.idleTimeoutMs);
      };
      heartbeat = setInterval(() => {
        if (Date.now() - lastActivity >= options.heartbeatMs) send(encodeSseComment('keep-alive'));
      }, options.heartbeatMs);
      armIdleTimer();

      try {
        for (let next = await reader.read(); !next.done && !finished; next = await reader.read()) {
          lastActivity = Date.now();
          armIdleTimer();
          feed(next.value);
          for (const message of pending.splice(0)) {
            send(encodeRawFrame(message));
            if (!lookingForConversation) continue;
            const conversationId = adaptStreamEvent(message)?.conversationId;
            if (conversationId) {
              lookingForConversation = false;
              // The frame naming the conversation leaves first: the token's HMAC (Web Crypto, a thread-pool
              // round trip on Node) starts after a timer turn, so it never delays the first byte.
              await new Promise((resolve) => setTimeout(resolve, 0));
              const extra = await options.onConversationId!(conversationId);
              if (extra) send(extra);
            }
          }
        }
        if (!finished) {
          finished = true;
          controller.close();
        }
      } catch (error) {
        if (!finished) {
          finished = true;
          controller.error(error);
        }
      } finally {
        stopTimers();
      }
    },
    cancel() {
      // The browser went away: stop upstream at once.
      finished = true;
      stopTimers();
      return reader.cancel();
    },
  });
}
