/** Browser tests: a reply scripted in small pieces, streamed by the simulator through the proxy to the widget. */
import type { ReplyStep } from '../../proxy/simulator/agent.js';
import type { TotebotChat } from '../../src/totebot-chat.js';
import { scriptNextReply } from './simulator-script.js';

/** `text` cut into pieces of 1 to `largest` characters (deterministic), one SSE chunk each. */
export function pieces(text: string, largest = 3): ReplyStep[] {
  const steps: ReplyStep[] = [];
  for (let start = 0, index = 0; start < text.length; index += 1) {
    const size = 1 + ((index * 7) % largest);
    steps.push({ kind: 'text', text: text.slice(start, start + size) });
    start += size;
  }
  return steps;
}

/** Sends `question` and waits until the reply, scripted as `text` in small pieces, is complete. */
export async function streamReply(element: TotebotChat, text: string, question = 'go', largest = 3): Promise<HTMLElement> {
  await scriptNextReply(pieces(text, largest));
  await element.send(question);
  await element.updateComplete;
  const replies = element.shadowRoot!.querySelectorAll<HTMLElement>('.message.assistant .markdown');
  return replies[replies.length - 1]!;
}
