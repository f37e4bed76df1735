/** `PATCH …/messages/:messageId/feedback`: thumbs up or down, for the holder of the conversation's token. */
import { jsonResponse } from '../http.js';
import { readJsonBody, validateFeedbackRequest } from '../validate.js';
import { ID_SOURCE, requireConversationToken, upstreamJson, type Route } from './route.js';

export const feedbackRoute: Route = {
  name: 'feedback',
  method: 'PATCH',
  pattern: new RegExp(`^/v1/conversations/(${ID_SOURCE})/messages/(${ID_SOURCE})/feedback$`),
  accept: 'application/json',
  upstreamPath: (match) => `/v1/conversations/${match.conversationId}/messages/${match.messageId}/feedback`,
  async prepare(context) {
    const body = JSON.stringify(validateFeedbackRequest(await readJsonBody(context.request)));
    await requireConversationToken(context, context.match.conversationId!);
    return { body };
  },
  async respond(upstream) {
    return jsonResponse(200, await upstreamJson(upstream));
  },
};
