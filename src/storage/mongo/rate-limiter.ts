// Sign-in rate limits in MongoDB (rate-limiter-flexible's Mongo store), so the limits hold
// across provider processes. Its TTL index is created only where the server accepts one; the
// library also treats expired windows as empty when it reads, so FerretDB works too.
import type { Connection } from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitSettings, SignInRateLimiter } from '../../usecases/rate-limit.ts';
import { tryCreateTtlIndex } from './connection.ts';

const COLLECTION = 'rate_limits';

export async function createMongoRateLimiter(connection: Connection, settings: RateLimitSettings): Promise<SignInRateLimiter> {
  const collection = connection.db!.collection(COLLECTION);
  await collection.createIndex({ key: 1 }, { unique: true });
  await tryCreateTtlIndex(connection, COLLECTION, 'expire');
  const make = (keyPrefix: string, points: number, duration = settings.windowSeconds) =>
    new RateLimiterMongo({
      storeClient: connection,
      dbName: connection.db!.databaseName,
      tableName: COLLECTION,
      keyPrefix,
      points,
      duration,
      disableIndexesCreation: true,
    });
  const perIp = make('signin-ip', settings.perIp);
  const perUsername = make('signin-user', settings.perUsername);
  const perAdminClient = make('admin-client', settings.adminPerClient);
  const perRecoveryAccount = make('recovery-email', settings.recoveryEmailsPerHour, 3_600);
  const clientAuthFailures = make('client-auth-ip', settings.clientAuthFailuresPerIp);

  const consume = async (limiter: RateLimiterMongo, key: string): Promise<boolean> => {
    try {
      await limiter.consume(key);
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  };

  return {
    async allow(ip, usernameHash) {
      const ipAllowed = await consume(perIp, ip);
      const userAllowed = usernameHash ? await consume(perUsername, usernameHash) : true;
      return ipAllowed && userAllowed;
    },
    allowAdminRequest: (clientId) => consume(perAdminClient, clientId),
    allowRecoveryEmail: (accountId) => consume(perRecoveryAccount, accountId),
    async clientAuthenticationBlocked(ip) {
      const state = await clientAuthFailures.get(ip);
      return (state?.consumedPoints ?? 0) >= settings.clientAuthFailuresPerIp;
    },
    async countClientAuthenticationFailure(ip) {
      await consume(clientAuthFailures, ip);
    },
  };
}
