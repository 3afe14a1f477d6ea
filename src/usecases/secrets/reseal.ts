// `pingate secrets reseal`: after PINGATE_SECRET_KEY changes (the old key kept in
// PINGATE_SECRET_KEY_PREVIOUS), every value sealed under an old key is opened and sealed again
// under the current one: TOTP seeds, client secrets and the signing keys of `pingate keys`. Each
// record is replaced on its own, only if it still holds the value read (a token re-enrolled or a
// client changed meanwhile is left to its new value), so the command can be stopped at any point
// (or limited with `max`) and run again: it continues with what is left and ends with nothing to
// do. Then the previous key can go.
import type { SecretBox } from '../../security/secret-box.ts';
import type { Actor, AuditLog } from '../audit.ts';
import type { SigningKeyStore } from '../keys/signing-key-store.ts';
import type { ClientStore, TokenStore } from '../ports.ts';

export interface ResealDependencies {
  readonly tokens: Pick<TokenStore, 'listSealed' | 'replaceSealedSecret'>;
  readonly clients: Pick<ClientStore, 'list' | 'listSealedUnderOldKeys' | 'replace'>;
  readonly signingKeys: SigningKeyStore;
  readonly secretBox: SecretBox;
  readonly audit: AuditLog;
  readonly actor: Actor;
}

export interface ResealCounts {
  /** Sealed again under the current key (or, in a dry run, that would be). */
  readonly resealed: number;
  /** Already under the current key. */
  readonly current: number;
  /** Changed by someone else while this ran: left to their new value. */
  readonly skipped: number;
}

export interface ResealReport {
  readonly dryRun: boolean;
  readonly tokens: ResealCounts;
  readonly clients: ResealCounts;
  readonly signingKeys: ResealCounts;
  /** false when `max` stopped it before the end, or records changed meanwhile: run it again. */
  readonly complete: boolean;
}

const PAGE = 200;

class Counter {
  resealed = 0;
  current = 0;
  skipped = 0;
  counts(): ResealCounts {
    return { resealed: this.resealed, current: this.current, skipped: this.skipped };
  }
}

export async function resealSecrets(deps: ResealDependencies, { dryRun = false, max = Infinity }: { dryRun?: boolean; max?: number } = {}): Promise<ResealReport> {
  const { secretBox: box } = deps;
  const tokens = new Counter();
  const clients = new Counter();
  const keys = new Counter();
  let budget = max;
  const spend = () => (budget -= 1) >= 0;

  // Signing keys first: one record holds them all, replaced in one write.
  const stored = await deps.signingKeys.load();
  const stale = stored.filter((key) => !box.isCurrent(key.sealedJwk));
  keys.current = stored.length - stale.length;
  if (stale.length > 0 && spend()) {
    keys.resealed = stale.length;
    if (!dryRun) {
      await deps.signingKeys.save(stored.map((key) => (box.isCurrent(key.sealedJwk) ? key : { ...key, sealedJwk: box.seal(box.open(key.sealedJwk, `signing-key:${key.kid}`), `signing-key:${key.kid}`) })));
    }
  }

  // Clients: the store opens a secret under any key of the ring and seals it under the current one.
  const staleClients = await deps.clients.listSealedUnderOldKeys();
  clients.current = (await deps.clients.list()).filter((client) => client.metadata.client_secret).length - staleClients.length;
  for (const client of staleClients) {
    if (!spend()) break;
    if (dryRun || (await deps.clients.replace(client))) clients.resealed += 1;
    else clients.skipped += 1;
  }

  // Tokens, page by page in id order.
  let after: string | null = null;
  pages: for (;;) {
    const page = await deps.tokens.listSealed(after, PAGE);
    for (const token of page) {
      if (box.isCurrent(token.sealedSecret)) {
        tokens.current += 1;
        continue;
      }
      if (!spend()) break pages;
      const associatedData = `token:${token.id}`;
      if (dryRun || (await deps.tokens.replaceSealedSecret(token.id, token.sealedSecret, box.seal(box.open(token.sealedSecret, associatedData), associatedData)))) tokens.resealed += 1;
      else tokens.skipped += 1;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }

  // A record changed meanwhile may have been sealed by a process still on the old key: only a run
  // that found every record current or sealed it itself is complete.
  const changed = tokens.skipped + clients.skipped + keys.skipped;
  const report: ResealReport = { dryRun, tokens: tokens.counts(), clients: clients.counts(), signingKeys: keys.counts(), complete: budget >= 0 && changed === 0 };
  if (!dryRun) {
    await deps.audit.record({
      event: 'secrets.resealed',
      outcome: 'success',
      actor: deps.actor,
      details: { tokens: tokens.resealed, clients: clients.resealed, signingKeys: keys.resealed, complete: report.complete },
    });
  }
  return report;
}
