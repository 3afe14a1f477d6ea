// One spelling per username: accounts are looked up case-insensitively and without
// surrounding spaces, so "Alice " and "alice" are the same person.

export const MAX_USERNAME_LENGTH = 128;

export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase().slice(0, MAX_USERNAME_LENGTH * 2);
}

/** Letters, digits and . _ @ + - ; 1 to 128 characters. Applied when accounts are created. */
export function isValidUsername(username: string): boolean {
  return username.length >= 1 && username.length <= MAX_USERNAME_LENGTH && /^[\p{L}\p{N}._@+-]+$/u.test(username);
}
