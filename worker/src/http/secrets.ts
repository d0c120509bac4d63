// Secrets at rest (CRM webhook credentials): AES-256-GCM with WebCrypto, the key held as a worker
// secret (DQ_SECRETS_KEY, 32 random bytes in base64). Every ciphertext names the key that sealed it
// ("v1.<keyId>.<iv>.<ciphertext>", base64url), so the key can be rotated: put the old key in
// DQ_SECRETS_KEY_PREVIOUS and a new one in DQ_SECRETS_KEY; what the old key sealed still opens and
// is re-sealed under the new key when next used (or all at once: POST /v1/admin/integrations/re-encrypt).
// Each ciphertext is bound to its row (additional data = "<teamId>:<crm>"), so it cannot be moved
// to another team's integration.
import type { Env } from "../env.ts";
import { ApiException } from "./errors.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const VERSION = "v1";

export interface SealingKey {
  /** Short, non-secret name of the key (derived from it), stored beside each ciphertext. */
  id: string;
  key: CryptoKey;
}

export interface Keyring {
  current: SealingKey;
  previous: SealingKey | null;
}

export interface Sealed {
  ciphertext: string;
  keyId: string;
}

/** A ciphertext no configured key can open (its key was dropped, or the text was altered). */
export class UnreadableSecret extends Error {}

function base64urlEncode(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function base64Decode(text: string): Uint8Array {
  const normalized = text.trim().replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(normalized + "=".repeat((4 - (normalized.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const imported = new Map<string, Promise<SealingKey>>();

/** Imports a base64 (or base64url) 256-bit key; throws when it is not one. */
export function importKey(material: string): Promise<SealingKey> {
  let cached = imported.get(material);
  if (!cached) {
    cached = (async () => {
      let raw: Uint8Array;
      try {
        raw = base64Decode(material);
      } catch {
        throw new Error("not base64");
      }
      if (raw.byteLength !== 32) throw new Error(`expected 32 bytes, got ${raw.byteLength}`);
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
      const id = [...digest.slice(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join("");
      const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
      return { id, key };
    })();
    imported.set(material, cached);
    cached.catch(() => imported.delete(material));
  }
  return cached;
}

const unavailable = (message: string) => new ApiException(503, "internal", message);

/** The worker's keyring, or a 503 explaining what the operator must set. */
export async function keyringFrom(env: Pick<Env, "DQ_SECRETS_KEY" | "DQ_SECRETS_KEY_PREVIOUS">): Promise<Keyring> {
  if (!env.DQ_SECRETS_KEY) throw unavailable("CRM integrations are disabled: DQ_SECRETS_KEY is not set on this server.");
  let current: SealingKey;
  try {
    current = await importKey(env.DQ_SECRETS_KEY);
  } catch (err) {
    throw unavailable(`DQ_SECRETS_KEY must be 32 random bytes in base64 (${(err as Error).message}).`);
  }
  let previous: SealingKey | null = null;
  if (env.DQ_SECRETS_KEY_PREVIOUS) {
    try {
      previous = await importKey(env.DQ_SECRETS_KEY_PREVIOUS);
    } catch (err) {
      throw unavailable(`DQ_SECRETS_KEY_PREVIOUS must be 32 random bytes in base64 (${(err as Error).message}).`);
    }
  }
  return { current, previous };
}

/** Encrypts `plaintext` under the current key, bound to `context` (e.g. "<teamId>:<crm>"). */
export async function seal(keyring: Keyring, plaintext: string, context: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    keyring.current.key,
    encoder.encode(plaintext),
  );
  return {
    ciphertext: `${VERSION}.${keyring.current.id}.${base64urlEncode(iv)}.${base64urlEncode(new Uint8Array(ct))}`,
    keyId: keyring.current.id,
  };
}

/** The key id a ciphertext names (without opening it). */
export function sealedKeyId(ciphertext: string): string | null {
  const parts = ciphertext.split(".");
  return parts.length === 4 && parts[0] === VERSION ? parts[1]! : null;
}

/**
 * Decrypts a ciphertext sealed by the current or the previous key. `stale` is true when the previous
 * key sealed it: the caller should store `seal(keyring, plaintext, context)` in its place.
 */
export async function open(keyring: Keyring, ciphertext: string, context: string): Promise<{ plaintext: string; stale: boolean }> {
  const parts = ciphertext.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new UnreadableSecret("unknown ciphertext format");
  const [, keyId, iv, ct] = parts as [string, string, string, string];
  const key = keyring.current.id === keyId ? keyring.current : keyring.previous?.id === keyId ? keyring.previous : null;
  if (!key) throw new UnreadableSecret(`sealed with key ${keyId}, which is neither DQ_SECRETS_KEY nor DQ_SECRETS_KEY_PREVIOUS`);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: base64Decode(iv), additionalData: encoder.encode(context) },
      key.key,
      base64Decode(ct),
    );
    return { plaintext: decoder.decode(plain), stale: key !== keyring.current };
  } catch {
    throw new UnreadableSecret("the ciphertext does not authenticate (altered, or bound to another row)");
  }
}

/** A fresh random key for DQ_SECRETS_KEY (base64). */
export function newSecretsKey(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
}
