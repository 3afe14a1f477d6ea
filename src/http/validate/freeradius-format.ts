// The validate API's answers for FreeRADIUS's rest module (POST /validate/radius): the module
// reads the HTTP status (204 ok, 401 reject, 2xx with a body: its attributes) and a JSON object
// of attributes. A challenge sets reply:State (the transaction id) and Reply-Message (the
// question); the site configuration turns it into an Access-Challenge. Values are never expanded
// by FreeRADIUS (do_xlat false), so no text of Pingate's can run an xlat there.
import type { ValidateAnswer } from '../../usecases/validate/answer.ts';
import { challengeMessage, REJECT_MESSAGE, CHALLENGE_REJECT_MESSAGE } from './privacyidea-format.ts';

const attribute = (value: string) => ({ value: [value], do_xlat: false, is_json: false, op: ':=' });

export function radiusResponse(answer: ValidateAnswer, answeringChallenge: boolean): { status: number; body: Record<string, unknown> | null } {
  if (answer.kind === 'accept') return { status: 204, body: null };
  if (answer.kind === 'reject') return { status: 401, body: { 'reply:Reply-Message': attribute(answeringChallenge ? CHALLENGE_REJECT_MESSAGE : REJECT_MESSAGE) } };
  return {
    status: 200,
    body: { 'reply:Reply-Message': attribute(challengeMessage(answer)), 'reply:State': attribute(answer.transactionId) },
  };
}

/** The State a RADIUS client sends back, as FreeRADIUS prints an octets attribute ("0x7674…"),
 * or as it was given; empty when there is none. */
export function transactionIdFromState(state: string | undefined): string | null {
  if (!state) return null;
  if (/^0x([0-9a-f]{2})+$/i.test(state)) return Buffer.from(state.slice(2), 'hex').toString('utf8');
  return state;
}
