// The text behind each message id shown on a page. One place, so wording stays consistent
// and every failure reason maps to the same sentence.
export const messages: Readonly<Record<string, string>> = {
  'signin.failed': 'The username, PIN or tokencode is not correct. Check them and try again.',
  'signin.username_required': 'Enter your username.',
  'newpin.mismatch': 'The two PINs you entered are not the same. Enter the new PIN twice.',
  'newpin.refused': 'This PIN cannot be used:',
  'newpin.enter_again': 'Enter the new PIN once more.',
  'newpin.too_many_attempts': 'Too many attempts to choose a PIN. Start again with your username.',
  'email.delivery_failed': 'We could not send your code by email just now. Wait a moment, then press "Send a new code".',
  'email.resend_wait': 'A code was sent a moment ago. Wait a little before asking for another one.',
  'email.resend_limit': 'No more codes can be sent for this sign-in. Use the last code you received, or start again later.',
  'email.sent': 'We sent a code to your email address.',
  'email.resent': 'We sent a new code to your email address.',
  'recovery.sent': 'If this account exists and has an email address, we sent it a code. It may take a minute to arrive.',
  'signin.next_tokencode': 'For your security, wait for the next code to appear in your authenticator app and enter it.',
  'rate_limited': 'Too many sign-in attempts from here. Wait a minute, then try again.',
  'flow_expired': 'This sign-in has expired. Go back to the application and start again.',
  'service_unavailable': 'Sign-in is unavailable for a moment. Nothing you entered was lost: try again in a minute.',
  'flow_invalid': 'This sign-in cannot continue. Go back to the application and start again.',
  'csrf_mismatch': 'The form could not be verified. Reload the page and try again.',
  'invalid_input': 'The form could not be read: each field must be sent once, as plain text. Reload the page and try again.',
  'conflict': 'This step was already submitted. Reload the page.',
  'session_not_found': 'Your sign-in session was not found. Make sure cookies are enabled, then start again from the application.',
};

export const messageText = (id: string | null | undefined): string | null => (id ? messages[id] ?? id : null);
