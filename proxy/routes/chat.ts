/**
 * `POST /v1/chat`: a message, validated field by field, relayed as an SSE stream
 * that gains a `conversation_token` event once it names its conversation.
 */
import type { Identity } from '../../src/protocol/events.js';
import { encodeSseFrame } from '../../src/protocol/sse.js';
import { SSE_HEADERS } from '../http.js';
import { unavailable } from '../proxy-error.js';
import { checkIdentitySignature } from '../signing.js';
import { relaySse } from '../stream-relay.js';
import { readJsonBody, validateChatRequest } from '../validate.js';
import { requireConversationToken, type Route, type RouteContext } from './route.js';

/** The identity to forward: as given without an identity secret, else only if the store signed it. */
async function identityToForward({ services, entry }: RouteContext, identity: Identity | undefined, signature: string | undefined) {
  if (!identity || !services.identityKeyring) return identity;
  if (await checkIdentitySignature(services.identityKeyring, { ...identity }, signature)) return identity;
  entry.note = 'identity_dropped';
  return undefined;
}

export const chatRoute: Route = {
  name: 'chat',
  method: 'POST',
  pattern: /^\/v1\/chat$/,
  accept: 'text/event-stream',
  upstreamPath: () => '/v1/chat',
  async prepare(context) {
    const { identitySignature, ...chat } = validateChatRequest(await readJsonBody(context.request));
    if (chat.conversationId) await requireConversationToken(context, chat.conversationId);
    const identity = await identityToForward(context, chat.identity, identitySignature);
    return {
      body: JSON.stringify({ message: chat.message, ...(chat.conversationId && { conversationId: chat.conversationId }), ...(identity && { identity }) }),
    };
  },
  async respond(upstream, { services, firstByte }) {
    if (!upstream.body || !(upstream.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await upstream.body?.cancel();
      throw unavailable('upstream_error');
    }
    const issued = await services.tokens;
    const stream = relaySse(upstream.body, {
      heartbeatMs: services.heartbeatMs,
      idleTimeoutMs: services.idleTimeoutMs,
      onConversationId: async (conversationId) =>
        encodeSseFrame({ type: 'conversation_token', conversationId, token: await issued.issue(conversationId) }),
      onFirstByte: firstByte,
      onEnd: services.streamOpened(),
    });
    return new Response(stream, { status: 200, headers: SSE_HEADERS });
  },
};
