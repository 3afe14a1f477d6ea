// Which template shows which sign-in state, and what it needs. Views only read the state.
import type { SignInFlow, SignInState } from '../../domain/signin/flow.ts';
import type { SignInSettings } from '../../usecases/signin/dependencies.ts';
import { messageText } from '../messages.ts';

const templates: Readonly<Record<Exclude<SignInState, 'COMPLETED'>, string>> = {
  USERNAME_REQUIRED: 'signin/username.njk',
  PASSCODE_REQUIRED: 'signin/passcode.njk',
};

export interface PageContext {
  readonly flow: SignInFlow;
  readonly settings: SignInSettings;
  readonly clientName: string;
  readonly loginHint: string | null;
  readonly messageId: string | null;
}

export function pageForFlow({ flow, settings, clientName, loginHint, messageId }: PageContext) {
  if (flow.state === 'COMPLETED') throw new Error('a completed flow has no page');
  return {
    template: templates[flow.state],
    data: {
      title: 'Sign in',
      action: `/interaction/${flow.id}`,
      csrf: flow.csrfToken,
      state: flow.state,
      clientName,
      username: flow.username ?? loginHint ?? '',
      combined: settings.passcodeField === 'combined',
      pinFirst: settings.pinProcessingOrder === 'prepend',
      message: messageText(messageId),
    },
  };
}
