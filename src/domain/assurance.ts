// Authentication assurance: which `acr` a sign-in earns, and whether a session's acr meets what
// a client asks for (acr_values, an essential acr in the claims parameter, or the client's
// default_acr_values). Pure: the configured acr names are passed in.
//
// The levels are ordered. A PIN with an authenticator-app code is the strongest; a PIN with a
// code sent by email ranks below it (whoever reads the mailbox holds the second factor, so a
// client may refuse it); a code alone (the first sign-in of an account that then sets its PIN)
// is the weakest. A request for a level is met by that level or a stronger one.

export interface AcrNames {
  /** PIN + authenticator-app tokencode. */
  readonly pinAndTokencode: string;
  /** PIN + a code sent by email. */
  readonly pinAndEmailCode: string;
  /** A tokencode alone. */
  readonly tokencodeOnly: string;
}

/** The names as configured (signin.acr, signin.acrEmailCode, signin.acrTokencodeOnly). */
export function acrNames(signin: { readonly acr: string; readonly acrEmailCode: string; readonly acrTokencodeOnly: string }): AcrNames {
  return { pinAndTokencode: signin.acr, pinAndEmailCode: signin.acrEmailCode, tokencodeOnly: signin.acrTokencodeOnly };
}

/** What a sign-in proved: its factors, and whether the code came by email. */
export interface ProvenFactors {
  readonly pin: boolean;
  readonly emailedCode: boolean;
}

export function acrEarned(proven: ProvenFactors, names: AcrNames): string {
  if (!proven.pin) return names.tokencodeOnly;
  return proven.emailedCode ? names.pinAndEmailCode : names.pinAndTokencode;
}

/** Weakest first; a value not configured has no rank. */
function rankOf(acr: string | null | undefined, names: AcrNames): number | null {
  const order = [names.tokencodeOnly, names.pinAndEmailCode, names.pinAndTokencode];
  const rank = acr ? order.indexOf(acr) : -1;
  return rank < 0 ? null : rank;
}

/** The acr a client asked for: voluntary (acr_values, default_acr_values) or essential (claims). */
export interface AcrRequest {
  readonly values: readonly string[];
  readonly essential: boolean;
}

/**
 * met: the session's acr is enough. step_up: a new sign-in can reach it. unobtainable: the
 * client insists (essential) on values this provider never issues; asking the user to sign in
 * again would loop, so the request fails instead. Voluntary values this provider does not know
 * are ignored, as OpenID Connect allows.
 */
export type AcrJudgement = 'met' | 'step_up' | 'unobtainable';

export function judgeAcr(sessionAcr: string | null | undefined, requests: readonly AcrRequest[], names: AcrNames): AcrJudgement {
  let needed = -1;
  for (const request of requests) {
    const ranks = request.values.map((value) => rankOf(value, names)).filter((rank): rank is number => rank !== null);
    if (ranks.length === 0) {
      if (request.essential && request.values.length > 0) return 'unobtainable';
      continue;
    }
    // Any one of the listed values will do: the weakest of them is what must be reached.
    needed = Math.max(needed, Math.min(...ranks));
  }
  if (needed < 0) return 'met';
  const have = rankOf(sessionAcr, names);
  return have !== null && have >= needed ? 'met' : 'step_up';
}
