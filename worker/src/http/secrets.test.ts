import { describe, expect, it } from "vitest";
import { UnreadableSecret, keyringFrom, newSecretsKey, open, seal, sealedKeyId } from "./secrets.ts";

const A = newSecretsKey();
const B = newSecretsKey();

describe("secrets at rest", () => {
  it("seals with AES-GCM under the current key and opens again; the ciphertext hides the plaintext", async () => {
    const ring = await keyringFrom({ DQ_SECRETS_KEY: A });
    const sealed = await seal(ring, '{"clientSecret":"hs-secret-123"}', "team-1:hubspot");
    expect(sealed.ciphertext).not.toContain("hs-secret");
    expect(sealedKeyId(sealed.ciphertext)).toBe(ring.current.id);
    expect(sealed.keyId).toBe(ring.current.id);
    expect(await open(ring, sealed.ciphertext, "team-1:hubspot")).toEqual({ plaintext: '{"clientSecret":"hs-secret-123"}', stale: false });
    // A fresh IV each time.
    expect((await seal(ring, "x", "c")).ciphertext).not.toBe((await seal(ring, "x", "c")).ciphertext);
  });

  it("binds a ciphertext to its row: another team's context cannot open it", async () => {
    const ring = await keyringFrom({ DQ_SECRETS_KEY: A });
    const sealed = await seal(ring, "s", "team-1:hubspot");
    await expect(open(ring, sealed.ciphertext, "team-2:hubspot")).rejects.toThrow(UnreadableSecret);
  });

  it("detects tampering", async () => {
    const ring = await keyringFrom({ DQ_SECRETS_KEY: A });
    const { ciphertext } = await seal(ring, "secret", "c");
    const parts = ciphertext.split(".");
    const last = parts[3]!;
    parts[3] = (last[0] === "A" ? "B" : "A") + last.slice(1);
    await expect(open(ring, parts.join("."), "c")).rejects.toThrow(UnreadableSecret);
    await expect(open(ring, "plain-text", "c")).rejects.toThrow(UnreadableSecret);
  });

  it("rotates: the previous key still opens (marked stale), a dropped key does not", async () => {
    const before = await keyringFrom({ DQ_SECRETS_KEY: A });
    const { ciphertext } = await seal(before, "secret", "c");
    const during = await keyringFrom({ DQ_SECRETS_KEY: B, DQ_SECRETS_KEY_PREVIOUS: A });
    expect(await open(during, ciphertext, "c")).toEqual({ plaintext: "secret", stale: true });
    const resealed = await seal(during, "secret", "c");
    expect(resealed.keyId).toBe(during.current.id);
    expect(resealed.keyId).not.toBe(before.current.id);
    const after = await keyringFrom({ DQ_SECRETS_KEY: B });
    await expect(open(after, ciphertext, "c")).rejects.toThrow(/neither/);
    expect(await open(after, resealed.ciphertext, "c")).toEqual({ plaintext: "secret", stale: false });
  });

  it("refuses a missing or malformed key with a 503 that says what to set", async () => {
    await expect(keyringFrom({})).rejects.toMatchObject({ status: 503, message: expect.stringContaining("DQ_SECRETS_KEY is not set") });
    await expect(keyringFrom({ DQ_SECRETS_KEY: "replace-me" })).rejects.toMatchObject({ status: 503 });
    await expect(keyringFrom({ DQ_SECRETS_KEY: btoa("short") })).rejects.toMatchObject({ status: 503, message: expect.stringContaining("32") });
    await expect(keyringFrom({ DQ_SECRETS_KEY: A, DQ_SECRETS_KEY_PREVIOUS: "nope" })).rejects.toMatchObject({ status: 503 });
  });
});
