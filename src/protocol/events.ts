/**
 * Canonical shapes of the Totebot chat stream and REST resources, as fixed by
 * `shared/totebot-api.md`. The adapter turns every tolerated variant into these;
 * the simulator emits exactly these.
 */

/** Ids any stream event may carry; the first conversation id seen wins. */
export interface StreamEventIds {
  conversationId?: string;
  messageId?: string;
}

export interface ChunkEvent extends StreamEventIds {
  type: 'chunk';
  /** A text delta of the reply's Markdown. */
  content: string;
}

/**
 * A product the agent shows, from Totebot's catalog shape ("Products in replies"), every field
 * checked: what a card may show and nothing else.
 */
export interface Product {
  id: string;
  name: string;
  /** An http(s) URL, absolute or relative to the page. */
  url: string;
  /** Absent when upstream gave no currency: no price is shown then. */
  price?: { amount: number; currency: string };
  /** An https URL; the card loads it only from a host in `image-hosts`. */
  image?: string;
  /** Absent when upstream does not say. */
  availability?: boolean;
}

/** Products and the quantity an event carries (an add-to-cart's line, a search's results). */
export interface ProductFields {
  products?: Product[];
  quantity?: number;
}

export interface ToolCallEvent extends StreamEventIds, ProductFields {
  type: 'tool_call';
  id: string;
  name: string;
  arguments: unknown;
}

export interface ActionStartedEvent extends StreamEventIds, ProductFields {
  type: 'action_started';
  id: string;
  action: string;
  label?: string;
  data?: unknown;
  /** The name of the product the action is about, when its data names one: chips say it. */
  productName?: string;
}

export interface ActionCompletedEvent extends StreamEventIds, ProductFields {
  type: 'action_completed';
  id: string;
  action: string;
  success: boolean;
  result?: unknown;
}

export interface CompletedEvent extends StreamEventIds {
  type: 'completed';
  /** The full reply text, when upstream sends it. */
  content?: string;
  products?: Product[];
  /** Quick replies the agent offers; a click sends one as the shopper's message. */
  suggestions?: string[];
}

export interface ErrorEvent extends StreamEventIds {
  type: 'error';
  code: string;
  message: string;
}

/**
 * Not Totebot's: the proxy adds it to a stream once it knows the conversation's
 * id. The widget sends the token back with every later call for that conversation.
 */
export interface ConversationTokenEvent extends StreamEventIds {
  type: 'conversation_token';
  conversationId: string;
  token: string;
}

/** Totebot's own events: what a reply is made of. */
export type TotebotStreamEvent = ChunkEvent | ToolCallEvent | ActionStartedEvent | ActionCompletedEvent | CompletedEvent | ErrorEvent;

/** What the widget reads from the proxy's stream: Totebot's events and the proxy's token for the conversation. */
export type ProxyStreamEvent = TotebotStreamEvent | ConversationTokenEvent;

/** The header that carries a conversation token from the widget to the proxy. */
export const CONVERSATION_TOKEN_HEADER = 'x-totebot-conversation-token';

export type StreamEventType = ProxyStreamEvent['type'];

export type MessageRole = 'user' | 'assistant';

export type FeedbackValue = 'POSITIVE' | 'NEGATIVE';

/** One message of `GET /v1/conversations/:id/messages`. */
export interface HistoryMessage {
  id: string;
  role: MessageRole;
  content: string;
  createdAt?: string;
  feedback: FeedbackValue | null;
  /** Only in the widget's own cache (the reply's cards and quick replies); the API's history has none. */
  products?: Product[];
  suggestions?: string[];
}

/** Public display information of `GET /v1/agent`. */
export interface AgentInfo {
  id?: string;
  name?: string;
}

/** Visitor identity sent with a chat request; every field is optional. */
export interface Identity {
  id?: string;
  email?: string;
  name?: string;
  phone?: string;
}

/** Whether two identities are the same signed-in user (both anonymous counts as the same). */
export const sameIdentity = (a: Identity | undefined, b: Identity | undefined): boolean => (a?.id ?? '') === (b?.id ?? '');

/** Whether a conversation of `identityId` is this visitor's: any, while the page has not said who it is; never another signed-in person's. */
export const isVisitors = (identityId: string | undefined, identity: Identity | undefined): boolean =>
  !identity || sameIdentity(identity, { id: identityId });

export const IDENTITY_FIELDS = ['id', 'email', 'name', 'phone'] as const;

/** Body of `POST /v1/chat`. */
export interface ChatRequest {
  message: string;
  conversationId?: string;
  identity?: Identity;
}

/** What the widget sends the proxy: a chat request plus, optionally, the store's signature of the identity. */
export interface ProxyChatRequest extends ChatRequest {
  /** Hex HMAC-SHA-256 of the identity, made by the store's server (see README, Security). */
  identitySignature?: string;
}

/** Body of every JSON error: `{"error":{"code","message"}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}
