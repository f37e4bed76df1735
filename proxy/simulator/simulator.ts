/**
 * A local stand-in for the Totebot API that speaks exactly the canonical shapes
 * of `shared/totebot-api.md`, so the demo and the tests need no key and no network.
 * A fetch-style handler: `fetch(Request) → Response`, state in memory.
 */
import type { ChatRequest, FeedbackValue, TotebotStreamEvent } from '../../src/protocol/events.js';
import { normalizeFeedback } from '../../src/protocol/adapter.js';
import { encodeSseFrame } from '../../src/protocol/sse.js';
import { createRateLimiter, type RateLimitRule } from '../rate-limit.js';
import { ID_SOURCE } from '../routes/route.js';
import { errorResponse, jsonResponse, sleep, SSE_HEADERS } from '../http.js';
import { planReply, splitIntoDeltas, type ReplyStep } from './agent.js';
import { CATALOGUE } from './catalogue.js';

export const SIMULATOR_API_KEY = 'tb_pk_simulator';

export interface SimulatorOptions {
  /** The Bearer key it accepts. */
  apiKey?: string;
  /** Pause before each text delta; 0 in tests, a model-like pace in the demo. */
  chunkDelayMs?: number;
  /** Pause after a tool call or action starts, so its chip can be seen running. */
  toolDelayMs?: number;
  /** Totebot's documented limit; `false` switches it off. */
  rateLimit?: RateLimitRule | false;
  now?: () => number;
}

export interface SimulatedMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
  feedback: FeedbackValue | null;
}

interface Conversation {
  id: string;
  createdAt: string;
  messages: SimulatedMessage[];
  cart: Map<string, number>;
  /** The product the last reply offered to add (a "yes" adds it). */
  offered?: string;
}

/** What reached the simulator: for tests that prove what a proxy forwards. */
export interface SimulatorStats {
  requests: { method: string; path: string; authorization: string | null; identity?: unknown }[];
  streamsStarted: number;
  streamsCompleted: number;
  streamsAborted: number;
}

export interface SimulatorRequestInfo {
  clientAddress?: string;
}

export interface Simulator {
  fetch(request: Request, info?: SimulatorRequestInfo): Promise<Response>;
  /** The next chat reply follows these steps instead of the built-in agent (tests of hostile replies). */
  scriptNextReply(steps: ReplyStep[]): void;
  readonly stats: SimulatorStats;
  conversation(id: string): { messages: readonly SimulatedMessage[] } | undefined;
  /** Resolves when the next stream ends because its reader went away. */
  nextStreamAbort(): Promise<void>;
}

const ROUTES = {
  chat: /^\/v1\/chat$/,
  agent: /^\/v1\/agent$/,
  conversations: /^\/v1\/conversations$/,
  messages: new RegExp(`^/v1/conversations/(${ID_SOURCE})/messages$`),
  feedback: new RegExp(`^/v1/conversations/(${ID_SOURCE})/messages/(${ID_SOURCE})/feedback$`),
};

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const apiKey = options.apiKey ?? SIMULATOR_API_KEY;
  const now = options.now ?? Date.now;
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const toolDelayMs = options.toolDelayMs ?? 0;
  const limiter =
    options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit ?? { limit: 60, windowMs: 60_000 }, now);
  const conversations = new Map<string, Conversation>();
  const stats: SimulatorStats = { requests: [], streamsStarted: 0, streamsCompleted: 0, streamsAborted: 0 };
  let abortWaiters: (() => void)[] = [];
  const scripted: ReplyStep[][] = [];
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}_${(++sequence).toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const timestamp = () => new Date(now()).toISOString();

  function streamReply(conversation: Conversation, steps: ReplyStep[], signal: AbortSignal): Response {
    const encoder = new TextEncoder();
    const ids = { conversationId: conversation.id };
    let aborted = false;
    const markAborted = () => {
      if (aborted) return;
      aborted = true;
      stats.streamsAborted += 1;
      const waiters = abortWaiters;
      abortWaiters = [];
      waiters.forEach((resolve) => resolve());
    };
    stats.streamsStarted += 1;

    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        signal.addEventListener('abort', markAborted, { once: true });
        const send = (event: TotebotStreamEvent) => {
          if (!aborted) controller.enqueue(encoder.encode(encodeSseFrame(event)));
        };
        let reply = '';
        /** The reply goes on after the reader has left (see the `detached` step). */
        let detached = false;
        const wait = (ms: number) => sleep(ms, detached ? undefined : signal);
        const stopped = () => aborted && !detached;
        let completedFields: Record<string, unknown> = {};
        for (const step of steps) {
          if (stopped()) return;
          switch (step.kind) {
            case 'text':
              for (const delta of splitIntoDeltas(step.text)) {
                await wait(chunkDelayMs);
                if (stopped()) return;
                reply += delta;
                send({ type: 'chunk', ...ids, content: delta });
              }
              break;
            case 'tool_call':
              send({ type: 'tool_call', id: nextId('tc'), name: step.name, arguments: step.arguments, ...(step.result && { result: step.result }) } as TotebotStreamEvent);
              await wait(toolDelayMs);
              break;
            case 'action': {
              const id = nextId('ac');
              send({ type: 'action_started', id, action: step.action, label: step.label, data: step.data });
              await wait(toolDelayMs);
              if (stopped()) return;
              send({
                type: 'action_completed',
                id,
                action: step.action,
                success: step.success ?? true,
                result: { ...step.result, ...step.apply?.(conversation.cart) },
              });
              break;
            }
            case 'completed_fields':
              completedFields = { ...completedFields, ...step.fields };
              break;
            case 'raw':
              if (!aborted) controller.enqueue(encoder.encode(step.frame));
              break;
            case 'pause':
              await wait(step.ms);
              break;
            case 'detached':
              detached = true;
              break;
            case 'close':
              controller.close();
              return;
            case 'http_error':
              break;
            case 'error':
              send({ type: 'error', ...ids, code: step.code, message: step.message });
              controller.close();
              return;
          }
        }
        if (stopped()) return;
        const saved: SimulatedMessage = {
          id: nextId('msg'),
          role: 'assistant',
          content: reply,
          createdAt: timestamp(),
          feedback: null,
        };
        conversation.messages.push(saved);
        // The extra fields (quick replies, products) are Totebot's assumed shape, beyond the canonical events' types.
        send({ type: 'completed', ...ids, messageId: saved.id, content: reply, ...completedFields } as TotebotStreamEvent);
        stats.streamsCompleted += 1;
        if (!aborted) controller.close();
      },
      cancel: markAborted,
    });
    return new Response(body, { status: 200, headers: SSE_HEADERS });
  }

  async function chat(request: Request): Promise<Response> {
    let body: Partial<ChatRequest>;
    try {
      body = (await request.json()) as Partial<ChatRequest>;
    } catch {
      return errorResponse(400, 'invalid_json', 'The body is not valid JSON.');
    }
    const record = stats.requests[stats.requests.length - 1];
    if (record && body.identity !== undefined) record.identity = body.identity;
    const message = typeof body.message === 'string' ? body.message.trim() : '';
    if (!message) return errorResponse(400, 'invalid_message', 'A message is required.');
    const known = body.conversationId === undefined ? undefined : conversations.get(String(body.conversationId));
    const steps = scripted.shift() ?? planReply(message, { offered: CATALOGUE.find((product) => product.id === known?.offered) });
    const [first] = steps;
    if (first?.kind === 'http_error') {
      const headers: Record<string, string> = first.retryAfter === undefined ? {} : { 'retry-after': String(first.retryAfter) };
      return errorResponse(first.status, first.status === 429 ? 'rate_limited' : 'simulated_failure', 'Simulated failure.', headers);
    }
    let conversation: Conversation | undefined;
    if (body.conversationId !== undefined) {
      conversation = conversations.get(String(body.conversationId));
      if (!conversation) return errorResponse(404, 'conversation_not_found', 'No such conversation.');
    } else {
      conversation = { id: nextId('cnv'), createdAt: timestamp(), messages: [], cart: new Map() };
      conversations.set(conversation.id, conversation);
    }
    conversation.messages.push({ id: nextId('msg'), role: 'user', content: message, createdAt: timestamp(), feedback: null });
    // A search offers its best match; any other reply withdraws the offer.
    const search = steps.find((step) => step.kind === 'tool_call' && step.name === 'search_products' && step.result);
    const offered = search?.kind === 'tool_call' ? (search.result?.products as { id?: string }[] | undefined)?.[0]?.id : undefined;
    conversation.offered = offered;
    return streamReply(conversation, steps, request.signal);
  }

  async function feedback(conversationId: string, messageId: string, request: Request): Promise<Response> {
    const message = conversations.get(conversationId)?.messages.find((entry) => entry.id === messageId);
    if (!message || message.role !== 'assistant') return errorResponse(404, 'message_not_found', 'No such message.');
    let value: FeedbackValue | null = null;
    try {
      value = normalizeFeedback(((await request.json()) as { feedback?: unknown }).feedback);
    } catch {
      // falls through to the 400 below
    }
    if (!value) return errorResponse(400, 'invalid_feedback', 'Feedback must be POSITIVE or NEGATIVE.');
    message.feedback = value;
    return jsonResponse(200, message);
  }

  async function handle(request: Request, info: SimulatorRequestInfo): Promise<Response> {
    const { pathname } = new URL(request.url);
    const method = request.method.toUpperCase();
    stats.requests.push({ method, path: pathname, authorization: request.headers.get('authorization') });

    if (request.headers.get('authorization') !== `Bearer ${apiKey}`) {
      return errorResponse(401, 'unauthorized', 'A valid API key is required.');
    }
    const decision = limiter?.take(info.clientAddress ?? 'unknown');
    if (decision && !decision.allowed) {
      return errorResponse(429, 'rate_limited', 'Too many requests.', { 'retry-after': String(decision.retryAfterSeconds) });
    }

    let match: RegExpMatchArray | null;
    if (ROUTES.chat.test(pathname)) {
      return method === 'POST' ? chat(request) : methodNotAllowed('POST');
    }
    if (ROUTES.agent.test(pathname)) {
      return method === 'GET'
        ? jsonResponse(200, { id: 'agt_simulator', name: 'Tote', model: 'totebot-simulator', trainingStatus: 'TRAINED' })
        : methodNotAllowed('GET');
    }
    if (ROUTES.conversations.test(pathname)) {
      if (method !== 'GET') return methodNotAllowed('GET');
      const data = [...conversations.values()].map((entry) => ({
        id: entry.id,
        createdAt: entry.createdAt,
        messageCount: entry.messages.length,
      }));
      return jsonResponse(200, { data });
    }
    if ((match = pathname.match(ROUTES.messages))) {
      if (method !== 'GET') return methodNotAllowed('GET');
      const conversation = conversations.get(match[1]!);
      return conversation
        ? jsonResponse(200, { data: conversation.messages })
        : errorResponse(404, 'conversation_not_found', 'No such conversation.');
    }
    if ((match = pathname.match(ROUTES.feedback))) {
      return method === 'PATCH' ? feedback(match[1]!, match[2]!, request) : methodNotAllowed('PATCH');
    }
    return errorResponse(404, 'not_found', 'No such endpoint.');
  }

  return {
    fetch: (request, info = {}) => handle(request, info),
    stats,
    conversation: (id) => conversations.get(id),
    nextStreamAbort: () => new Promise((resolve) => abortWaiters.push(resolve)),
    scriptNextReply: (steps) => void scripted.push(steps),
  };
}

const methodNotAllowed = (allow: string) =>
  errorResponse(405, 'method_not_allowed', 'Method not allowed.', { allow });
