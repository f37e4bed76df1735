/**
 * Body validation for the routes that carry one. A body is refused, never
 * silently trimmed: an unknown field is a client bug or a probe.
 */
import { IDENTITY_FIELDS, type FeedbackValue, type Identity, type ProxyChatRequest } from '../src/protocol/events.js';
import { normalizeFeedback } from '../src/protocol/adapter.js';
import { ProxyError } from './proxy-error.js';
import { ID_PATTERN } from './routes/route.js';

export const MAX_BODY_BYTES = 16 * 1024;
export const MAX_MESSAGE_LENGTH = 4000;
export const MAX_IDENTITY_FIELD_LENGTH = 256;

const invalid = (status: 400 | 413 | 415, code: string, message: string) => new ProxyError(status, code, message);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function refuseUnknownFields(value: Record<string, unknown>, known: readonly string[], where: string): void {
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw invalid(400, 'unknown_field', `Unknown field in ${where}.`);
}

/** Reads a JSON body of at most MAX_BODY_BYTES without buffering more than that. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw invalid(415, 'unsupported_media_type', 'The body must be application/json.');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw invalid(413, 'body_too_large', 'The body is too large.');
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      size += next.value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw invalid(413, 'body_too_large', 'The body is too large.');
      }
      chunks.push(next.value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw invalid(400, 'invalid_json', 'The body is not valid JSON.');
  }
}

function validateIdentity(value: unknown): Identity {
  if (!isPlainObject(value)) throw invalid(400, 'invalid_identity', 'identity must be an object.');
  refuseUnknownFields(value, IDENTITY_FIELDS, 'identity');
  const identity: Identity = {};
  for (const field of IDENTITY_FIELDS) {
    const fieldValue = value[field];
    if (fieldValue === undefined) continue;
    if (typeof fieldValue !== 'string' || fieldValue.length > MAX_IDENTITY_FIELD_LENGTH) {
      throw invalid(400, 'invalid_identity', `identity.${field} must be a short string.`);
    }
    identity[field] = fieldValue;
  }
  return identity;
}

export function validateChatRequest(body: unknown): ProxyChatRequest {
  if (!isPlainObject(body)) throw invalid(400, 'invalid_body', 'The body must be a JSON object.');
  refuseUnknownFields(body, ['message', 'conversationId', 'identity', 'identitySignature'], 'the body');
  const message = typeof body.message === 'string' ? body.message.trim() : '';
  if (message.length === 0 || message.length > MAX_MESSAGE_LENGTH) {
    throw invalid(400, 'invalid_message', `message must be 1 to ${MAX_MESSAGE_LENGTH} characters.`);
  }
  const request: ProxyChatRequest = { message };
  if (body.conversationId !== undefined) {
    if (typeof body.conversationId !== 'string' || !ID_PATTERN.test(body.conversationId)) {
      throw invalid(400, 'invalid_conversation_id', 'conversationId is not a valid id.');
    }
    request.conversationId = body.conversationId;
  }
  if (body.identity !== undefined) request.identity = validateIdentity(body.identity);
  if (body.identitySignature !== undefined) {
    if (typeof body.identitySignature !== 'string' || !/^[0-9a-fA-F]{64}$/.test(body.identitySignature)) {
      throw invalid(400, 'invalid_identity_signature', 'identitySignature must be a hex HMAC-SHA-256.');
    }
    request.identitySignature = body.identitySignature;
  }
  return request;
}

export function validateFeedbackRequest(body: unknown): { feedback: FeedbackValue } {
  if (!isPlainObject(body)) throw invalid(400, 'invalid_body', 'The body must be a JSON object.');
  refuseUnknownFields(body, ['feedback'], 'the body');
  const feedback = normalizeFeedback(body.feedback);
  if (!feedback) throw invalid(400, 'invalid_feedback', 'feedback must be POSITIVE or NEGATIVE.');
  return { feedback };
}
