/** `GET /v1/conversations/:id/messages`: a conversation's history, for the holder of its token. */
import { jsonResponse } from '../http.js';
import { ID_SOURCE, requireConversationToken, upstreamJson, type Route } from './route.js';

export const messagesRoute: Route = {
  name: 'messages',
  method: 'GET',
  pattern: new RegExp(`^/v1/conversations/(${ID_SOURCE})/messages$`),
  accept: 'application/json',
  upstreamPath: (match) => `/v1/conversations/${match.conversationId}/messages`,
  async prepare(context) {
    await requireConversationToken(context, context.match.conversationId!);
    return {};
  },
  async respond(upstream) {
    return jsonResponse(200, await upstreamJson(upstream));
  },
};
