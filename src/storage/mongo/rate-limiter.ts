// Sign-in rate limits in MongoDB (rate-limiter-flexible's Mongo store), so the limits hold
// across provider processes. Its TTL index is created only where the server accepts one; the
// library also treats expired windows as empty when it reads, so FerretDB works too.
import type { Connection } from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { CLIENT_AUTH_FAILURES_PER_IP_FACTOR, DEVICE_POLL_INTERVAL_SECONDS, type RateLimitSettings, type SignInRateLimiter } from '../../usecases/rate-limit.ts';
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
  const clientAuthFailuresByIp = make('client-auth-ip', settings.clientAuthFailures * CLIENT_AUTH_FAILURES_PER_IP_FACTOR);
  const clientAuthFailures = make('client-auth', settings.clientAuthFailures);
  const devicePolls = make('device-poll', 1, DEVICE_POLL_INTERVAL_SECONDS);
  const perValidateCaller = make('validate-caller', settings.validatePerCaller);

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
    async clientAuthenticationBlocked(ip, clientId) {
      const byIp = await clientAuthFailuresByIp.get(ip);
      if ((byIp?.consumedPoints ?? 0) >= settings.clientAuthFailures * CLIENT_AUTH_FAILURES_PER_IP_FACTOR) return true;
      if (clientId === null) return false;
      return ((await clientAuthFailures.get(`${ip}:${clientId}`))?.consumedPoints ?? 0) >= settings.clientAuthFailures;
    },
    allowDevicePoll: (deviceCodeHash) => consume(devicePolls, deviceCodeHash),
    async allowValidate(callerId, usernameHash) {
      const callerAllowed = await consume(perValidateCaller, callerId);
      const userAllowed = await consume(perUsername, usernameHash);
      return callerAllowed && userAllowed;
    },
    async countClientAuthenticationFailure(ip, clientId) {
      await consume(clientAuthFailuresByIp, ip);
      await consume(clientAuthFailures, `${ip}:${clientId}`);
    },
  };
}
