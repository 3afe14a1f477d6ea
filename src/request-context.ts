// The request being served, for every log line and audit record written while serving it: its
// id, the client's address and the route. Node's AsyncLocalStorage carries it through awaits, so
// no function between the HTTP adapter and the logger has to pass it on. Outside a request (the
// CLI, timers) there is none and nothing is added.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId: string;
  readonly ip: string;
  readonly method: string;
  /** The route's name or pattern, once a router has matched it. */
  route(): string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runInRequest = <T>(context: RequestContext, run: () => Promise<T>): Promise<T> => storage.run(context, run);

export const currentRequest = (): RequestContext | undefined => storage.getStore();

/** The fields a log line or an audit record gains from the current request. */
export function requestFields(): { requestId: string; ip: string; route: string } | Record<string, never> {
  const context = storage.getStore();
  return context ? { requestId: context.requestId, ip: context.ip, route: context.route() } : {};
}
