// While the database cannot be reached (or is locked, or full), oidc-provider's own endpoints
// answer 503 temporarily_unavailable instead of 500 server_error: the storage adapter and
// findAccount are the only places its requests touch the database, so their failures are
// translated here, at the boundary, and the next request tries again.
import { errors, type Adapter, type AdapterConstructor, type AdapterPayload } from 'oidc-provider';

export type UnavailableCheck = (error: unknown) => boolean;

export function temporarilyUnavailable(cause: unknown): Error {
  const error = new errors.TemporarilyUnavailable('the database is unavailable; try again in a moment', { cause }) as Error & {
    status: number;
    statusCode: number;
  };
  error.status = 503;
  error.statusCode = 503;
  return error;
}

/** Runs `work`; a database outage becomes temporarily_unavailable (503). */
export async function orUnavailable<T>(isUnavailable: UnavailableCheck, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isUnavailable(error) ? temporarilyUnavailable(error) : error;
  }
}

export function withOutageErrors(Base: AdapterConstructor, isUnavailable: UnavailableCheck): AdapterConstructor {
  return class OutageAwareAdapter implements Adapter {
    private readonly base: Adapter;

    constructor(model: string) {
      this.base = new Base(model);
    }

    upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      return orUnavailable(isUnavailable, () => this.base.upsert(id, payload, expiresIn));
    }
    find(id: string) {
      return orUnavailable(isUnavailable, () => this.base.find(id));
    }
    findByUserCode(userCode: string) {
      return orUnavailable(isUnavailable, () => this.base.findByUserCode(userCode));
    }
    findByUid(uid: string) {
      return orUnavailable(isUnavailable, () => this.base.findByUid(uid));
    }
    consume(id: string) {
      return orUnavailable(isUnavailable, () => this.base.consume(id));
    }
    destroy(id: string) {
      return orUnavailable(isUnavailable, () => this.base.destroy(id));
    }
    revokeByGrantId(grantId: string) {
      return orUnavailable(isUnavailable, () => this.base.revokeByGrantId(grantId));
    }
  };
}
