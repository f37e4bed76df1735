/**
 * The widget's SSE decoder beside @microsoft/fetch-event-source's own parser (getLines + getMessages),
 * on the same 16,000 canonical chunk frames fed in 1 KB network reads, and on a tolerated frame whose
 * text starts with blank lines. Run: node --import tsx bench/sse-parsers.ts
 * (figures: README, "What it does, and the choices behind it").
 */
import { getLines, getMessages } from '@microsoft/fetch-event-source/lib/esm/parse.js';
import { createSseDecoder } from '../src/protocol/sse.js';

const FRAMES = 16_000;
const READ_BYTES = 1_024;
const RUNS = 15;

const text = Array.from({ length: FRAMES }, (_, index) => `event: chunk\ndata: {"type":"chunk","conversationId":"cnv_1","content":"word${index} "}\n\n`).join('');
const bytes = new TextEncoder().encode(text);
const reads: Uint8Array[] = [];
for (let at = 0; at < bytes.length; at += READ_BYTES) reads.push(bytes.subarray(at, at + READ_BYTES));

const library = (onData: (data: string) => void) => getLines(getMessages(() => {}, () => {}, (message) => onData(message.data)));
const ours = (onData: (data: string) => void) => createSseDecoder((message) => onData(message.data));

function median(make: typeof ours): { ms: number; frames: number } {
  const times: number[] = [];
  let frames = 0;
  for (let run = 0; run < RUNS; run += 1) {
    frames = 0;
    const feed = make(() => (frames += 1));
    const started = performance.now();
    for (const read of reads) feed(read);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)]!, frames };
}

const blankLines = new TextEncoder().encode('event: chunk\ndata: \ndata: \ndata: - item\n\n');
const firstData = (make: typeof ours) => {
  let data = '';
  make((value) => (data = value))(blankLines);
  return JSON.stringify(data);
};

for (const [name, make] of [['fetch-event-source parser', library], ['widget decoder', ours]] as const) {
  const { ms, frames } = median(make);
  console.log(`${name}: ${FRAMES} frames in ${READ_BYTES} B reads, median of ${RUNS}: ${ms.toFixed(1)} ms (${frames} frames); "data: \\ndata: \\ndata: - item" → ${firstData(make)}`);
}
