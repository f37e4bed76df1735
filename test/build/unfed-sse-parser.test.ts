/** The CDN build's fetch-event-source keeps its request and body reading, and its unfed parsers fail loudly if ever fed. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readCdnGraph } from '../../scripts/cdn-graph.js';
import { stubUnfedParser, UNFED_MESSAGE } from '../../scripts/unfed-sse-parser.js';

const parse = readFileSync(new URL('../../node_modules/@microsoft/fetch-event-source/lib/esm/parse.js', import.meta.url), 'utf8');

interface Parse {
  getBytes(stream: ReadableStream<Uint8Array>, onChunk: (bytes: Uint8Array) => void): Promise<void>;
  getLines(onLine: (line: Uint8Array, fieldLength: number) => void): (bytes: Uint8Array) => void;
  getMessages(onId: unknown, onRetry: unknown, onMessage: unknown): unknown;
}

async function stubbed(): Promise<Parse> {
  const code = stubUnfedParser(parse);
  if (code instanceof Error) throw code;
  // Without the source map comment, which names a file beside the module.
  return (await import(`data:text/javascript;base64,${Buffer.from(code.replace(/^\/\/# sourceMappingURL=.*$/m, '')).toString('base64')}`)) as Parse;
}

describe("the CDN build's fetch-event-source parser", () => {
  it('still reads an empty body to its end', async () => {
    const { getBytes, getLines, getMessages } = await stubbed();
    let ended = false;
    const body = new ReadableStream<Uint8Array>({ start: (controller) => setTimeout(() => ((ended = true), controller.close()), 10) });
    await getBytes(body, getLines(getMessages(undefined, undefined, undefined) as never));
    assert.ok(ended);
  });

  it('throws, rather than drop it, if a byte of the stream ever reaches it', async () => {
    const { getBytes, getLines } = await stubbed();
    const body = new ReadableStream<Uint8Array>({ start: (controller) => (controller.enqueue(new TextEncoder().encode('data: x\n\n')), controller.close()) });
    await assert.rejects(getBytes(body, getLines(() => {})), { message: UNFED_MESSAGE });
  });

  it('refuses a module of another shape', () => {
    assert.ok(stubUnfedParser('export function getLines(onLine) {}') instanceof Error);
    assert.ok(stubUnfedParser('export async function getBytes(s, c) {} export function getLines(a, b) {} export function getMessages(a, b, c) {}') instanceof Error);
  });

  it('is what the CDN panel carries', () => {
    const graph = readCdnGraph(new URL('../../dist/', import.meta.url));
    const panel = graph.onIntent.map((file) => readFileSync(new URL(`../../dist/${file.file}`, import.meta.url), 'utf8')).join('\n');
    assert.ok(panel.includes(UNFED_MESSAGE));
    assert.ok(panel.includes('text/event-stream'), 'the library itself');
  });
});
