/**
 * HMAC-SHA-256 through Web Crypto, so the handler runs unchanged on Node,
 * Workers, Deno and Bun. Verification uses `crypto.subtle.verify`, which
 * compares in constant time.
 */
const encoder = new TextEncoder();

export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function fromHex(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^(?:[0-9a-f]{2}){16,64}$/i.test(text)) return undefined;
  return Uint8Array.from(text.match(/../g)!, (pair) => Number.parseInt(pair, 16));
}

export const toHex = (bytes: ArrayBuffer): string =>
  [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/** A key that signs with the first secret and verifies with any of them (rotation). */
export interface HmacKeyring {
  sign(message: string): Promise<ArrayBuffer>;
  verify(message: string, signature: Uint8Array<ArrayBuffer>): Promise<boolean>;
}

export function createKeyring(secrets: readonly string[]): HmacKeyring {
  if (secrets.length === 0 || secrets.some((secret) => secret.length === 0)) throw new Error('A signing secret is required.');
  const keys = secrets.map((secret) =>
    crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
  );
  return {
    async sign(message) {
      return crypto.subtle.sign('HMAC', await keys[0]!, encoder.encode(message));
    },
    async verify(message, signature) {
      for (const key of keys) {
        if (await crypto.subtle.verify('HMAC', await key, signature, encoder.encode(message))) return true;
      }
      return false;
    },
  };
}

/** Derives a stable secret from another one (say, the API key), for a purpose. */
export async function deriveSecret(source: string, purpose: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(source), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toBase64Url(await crypto.subtle.sign('HMAC', key, encoder.encode(`totebot-proxy:${purpose}`)));
}

/**
 * Conversation tokens: proof that the visitor holding one started, or was handed,
 * that conversation. `cnv:` separates this use from any other signed message.
 */
export function createConversationTokens(keyring: HmacKeyring) {
  return {
    async issue(conversationId: string): Promise<string> {
      return toBase64Url(await keyring.sign(`cnv:${conversationId}`));
    },
    async check(conversationId: string, token: string | null | undefined): Promise<boolean> {
      const signature = token ? fromBase64Url(token) : undefined;
      return signature !== undefined && keyring.verify(`cnv:${conversationId}`, signature);
    },
  };
}

export type ConversationTokens = ReturnType<typeof createConversationTokens>;

/**
 * The message a store's server signs for an identity: its known fields in a fixed
 * order, as JSON. The signature is the HMAC-SHA-256 of it, in hex.
 */
export function canonicalIdentity(identity: Record<string, string | undefined>): string {
  const ordered: Record<string, string> = {};
  for (const field of ['id', 'email', 'name', 'phone']) {
    const value = identity[field];
    if (value !== undefined) ordered[field] = value;
  }
  return JSON.stringify(ordered);
}

export async function checkIdentitySignature(
  keyring: HmacKeyring,
  identity: Record<string, string | undefined>,
  signature: string | undefined,
): Promise<boolean> {
  const bytes = signature ? fromHex(signature) : undefined;
  return bytes !== undefined && keyring.verify(canonicalIdentity(identity), bytes);
}
