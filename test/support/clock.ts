// A clock tests can move forward (PIN expiry, code lifetimes, fresh TOTP steps) while the
// provider runs in the same process. It starts at the real time.
import type { Clock } from '../../src/usecases/ports.ts';

export class SettableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }
  /** Moves past the next TOTP step boundary when it is less than `marginMs` away, so that codes
   * computed now and checked a moment later fall in the same step. */
  awayFromStepBoundary(periodSeconds = 30, marginMs = 2_000): void {
    const left = periodSeconds * 1000 - (this.now().getTime() % (periodSeconds * 1000));
    if (left < marginMs) this.advance(left + 10);
  }
}
