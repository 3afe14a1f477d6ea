// What a sign-in step answers to the HTTP layer: a page to render for the flow's state
// (with an optional message id), or a finished sign-in to hand to oidc-provider.
import type { AuthenticationMethod } from '../../domain/signin/effects.ts';
import type { SignInFlow } from '../../domain/signin/flow.ts';

export type SignInMessageId = 'signin.failed' | 'signin.username_required';

export type SignInOutcome =
  | { readonly kind: 'page'; readonly flow: SignInFlow; readonly messageId: SignInMessageId | null }
  | {
      readonly kind: 'completed';
      readonly flow: SignInFlow;
      readonly accountId: string;
      readonly amr: readonly AuthenticationMethod[];
      readonly acr: string;
    };
