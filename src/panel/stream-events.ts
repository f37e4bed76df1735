/** What the page hears of a reply as it streams: tool calls, actions (add-to-cart) and errors, as `totebot-*` events. */
import { emit } from '../events.js';
import type { TotebotStreamEvent } from '../protocol/events.js';

export function forwardStreamEvent(target: EventTarget, event: TotebotStreamEvent): void {
  switch (event.type) {
    case 'tool_call':
      emit(target, 'totebot-tool-call', { id: event.id, name: event.name, arguments: event.arguments });
      break;
    case 'action_started':
      emit(target, 'totebot-action', { phase: 'started', id: event.id, action: event.action, data: event.data });
      break;
    case 'action_completed':
      emit(target, 'totebot-action', { phase: 'completed', id: event.id, action: event.action, success: event.success, result: event.result });
      break;
    case 'error':
      emit(target, 'totebot-error', { code: event.code, message: event.message });
      break;
  }
}
