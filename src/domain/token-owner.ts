// Whose token it is: the username a token file's owner names. privacyIDEA gives a login; a PSKC
// <UserId> is free text, and vendors (RFC 6030's own examples among them) often write an LDAP
// distinguished name there, "UID=jsmith,DC=example-bank,DC=net". With `uid` the username is the
// DN's UID= value, else its CN= value (Active Directory names people by CN), else the text as
// written; `as-is` keeps the text as written. Pure: no lookups, the caller finds the account.
import { normalizeUsername } from './username.ts';

export type UsernameFrom = 'as-is' | 'uid';

/** The owner's username as Pingate spells it, or null when the file names nobody. */
export function ownerUsername(named: string | undefined, from: UsernameFrom): string | null {
  if (!named?.trim()) return null;
  if (from === 'as-is') return normalizeUsername(named);
  const parts = distinguishedNameParts(named);
  const value = parts.get('uid') ?? parts.get('cn');
  return normalizeUsername(value?.trim() ? value : named);
}

/** The first value of each attribute of a DN (RFC 4514: "\," is a comma inside a value). */
function distinguishedNameParts(name: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const rdn of name.split(/(?<!\\),/)) {
    const match = /^\s*([A-Za-z][\w-]*)\s*=(.*)$/.exec(rdn);
    if (!match) continue;
    const type = match[1]!.toLowerCase();
    if (!parts.has(type)) parts.set(type, match[2]!.trim().replace(/\\(.)/g, '$1'));
  }
  return parts;
}
