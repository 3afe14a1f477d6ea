// The text behind each message id shown on a page. One place, so wording stays consistent
// and every failure reason maps to the same sentence.
export const messages: Readonly<Record<string, string>> = {
  'signin.failed': 'The username, PIN or tokencode is not correct. Check them and try again.',
  'signin.username_required': 'Enter your username.',
  'newpin.mismatch': 'The two PINs you entered are not the same. Enter the new PIN twice.',
  'newpin.refused': 'This PIN cannot be used:',
  'newpin.too_many_attempts': 'Too many attempts to choose a PIN. Start again with your username.',
  'flow_expired': 'This sign-in has expired. Go back to the application and start again.',
  'flow_invalid': 'This sign-in cannot continue. Go back to the application and start again.',
  'csrf_mismatch': 'The form could not be verified. Reload the page and try again.',
  'conflict': 'This step was already submitted. Reload the page.',
  'session_not_found': 'Your sign-in session was not found. Make sure cookies are enabled, then start again from the application.',
};

export const messageText = (id: string | null | undefined): string | null => (id ? messages[id] ?? id : null);
