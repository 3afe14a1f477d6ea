// oidc-provider stores opaque tokens, codes and sessions under their own value: whoever can read
// the database could use them. This adapter decorator stores each of those records under a keyed
// hash of its id (HMAC-SHA256 with a key derived from the secret key) and without the id in its
// payload, so the database holds no usable token, code or session cookie value. A lookup hashes
// the id it is given; the id is put back into the payload it returns.
// Sessions (found by uid, e.g. for a logout) and device codes (found by user code) are also
// looked up without their id: for those the id is kept sealed (AES-GCM) in the payload.
// Clients, grants and interactions are stored as before: their ids are not credentials.
import { createHmac } from 'node:crypto';
import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';
import type { SecretBox } from '../security/secret-box.ts';
import { HASHED_ID_MODELS, HASHED_ID_PREFIX } from '../storage/oidc-payloads.ts';

const HASHED_MODELS: ReadonlySet<string> = new Set(HASHED_ID_MODELS);

/** Models read without their id (findByUid, findByUserCode): their id is stored sealed. */
const FOUND_WITHOUT_ID: ReadonlySet<string> = new Set(['Session', 'DeviceCode']);

const SEALED_ID = 'pingate_sealed_id';

export function withHashedIds(base: AdapterConstructor, key: Buffer, box: SecretBox): AdapterConstructor {
  return class HashedIdAdapter implements Adapter {
    private readonly inner: Adapter;
    private readonly model: string;
    private readonly hashed: boolean;

    constructor(model: string) {
      this.inner = new base(model);
      this.model = model;
      this.hashed = HASHED_MODELS.has(model);
    }

    /** The stored key of `id`: `h1.` and the HMAC of the model and id. */
    private keyOf(id: string): string {
      return this.hashed ? `${HASHED_ID_PREFIX}${createHmac('sha256', key).update(`${this.model}\0${id}`).digest('base64url')}` : id;
    }

    private sealedIdData(): string {
      return `oidc-id:${this.model}`;
    }

    /** A stored payload with its id back in `jti`, as oidc-provider expects. */
    private restore(payload: AdapterPayload | undefined | void, id?: string): AdapterPayload | undefined {
      if (!payload) return undefined;
      if (!this.hashed) return payload;
      const { [SEALED_ID]: sealed, ...rest } = payload as AdapterPayload & { [SEALED_ID]?: string };
      if (id !== undefined) return { ...rest, jti: id };
      if (typeof sealed !== 'string') return rest;
      try {
        return { ...rest, jti: box.open(sealed, this.sealedIdData()) };
      } catch {
        // Sealed under a secret key no longer configured: a record from before the key changed,
        // which its hashed id no longer finds either. Treated as gone; it expires by itself.
        return undefined;
      }
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      if (!this.hashed) return this.inner.upsert(id, payload, expiresIn);
      const { jti: _id, ...rest } = payload as AdapterPayload & { jti?: string };
      const stored = FOUND_WITHOUT_ID.has(this.model) ? { ...rest, [SEALED_ID]: box.seal(id, this.sealedIdData()) } : rest;
      return this.inner.upsert(this.keyOf(id), stored as AdapterPayload, expiresIn);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return this.restore(await this.inner.find(this.keyOf(id)), id);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.restore(await this.inner.findByUid(uid));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.restore(await this.inner.findByUserCode(userCode));
    }

    async consume(id: string): Promise<void> {
      return this.inner.consume(this.keyOf(id));
    }

    async destroy(id: string): Promise<void> {
      return this.inner.destroy(this.keyOf(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      return this.inner.revokeByGrantId(grantId);
    }
  };
}
