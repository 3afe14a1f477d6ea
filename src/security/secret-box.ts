// Encrypts secrets at rest with AES-256-GCM. Format: "v2.<keyId>.<iv>.<tag>.<ciphertext>"
// (base64url), the key id naming the key that sealed it; "v1.<iv>.<tag>.<ciphertext>" (before key
// ids) is still opened. The associated data binds a ciphertext to its record, so a secret copied
// onto another record does not decrypt. Values are sealed under the current key and opened under
// it or a previous one (PINGATE_SECRET_KEY_PREVIOUS), so the key can change while the stored
// values are sealed again (`pingate secrets reseal`).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SecretBox {
  seal(plaintext: string, associatedData: string): string;
  open(sealed: string, associatedData: string): string;
  /** Sealed under the current key (nothing to do for a reseal). */
  isCurrent(sealed: string): boolean;
}

/** A short public name of a key: a hash, so it says nothing of the key. */
const keyIdOf = (key: Buffer): string => createHash('sha256').update('pingate sealing key id\0').update(key).digest('base64url').slice(0, 12);

function openWith(key: Buffer, iv: string, tag: string, ciphertext: string, associatedData: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

export function createSecretBox(key: Buffer, previous: readonly Buffer[] = []): SecretBox {
  for (const candidate of [key, ...previous]) {
    if (candidate.length !== 32) throw new Error('the secret encryption key must be 32 bytes (base64 of 32 random bytes)');
  }
  const currentId = keyIdOf(key);
  const byId = new Map([key, ...previous].map((candidate) => [keyIdOf(candidate), candidate] as const));
  return {
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v2', currentId, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    open(sealed, associatedData) {
      const parts = sealed.split('.');
      if (parts[0] === 'v2' && parts.length === 5) {
        const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
        const sealingKey = byId.get(keyId);
        if (!sealingKey) throw new Error('sealed under a key that is not configured (PINGATE_SECRET_KEY, PINGATE_SECRET_KEY_PREVIOUS)');
        return openWith(sealingKey, iv, tag, ciphertext, associatedData);
      }
      if (parts[0] === 'v1' && parts.length === 4) {
        // No key id: the authentication tag tells which key it was.
        const [, iv, tag, ciphertext] = parts as [string, string, string, string];
        let failure: unknown;
        for (const candidate of byId.values()) {
          try {
            return openWith(candidate, iv, tag, ciphertext, associatedData);
          } catch (error) {
            failure = error;
          }
        }
        throw failure;
      }
      throw new Error('malformed sealed secret');
    },
    isCurrent: (sealed) => sealed.startsWith(`v2.${currentId}.`),
  };
}
