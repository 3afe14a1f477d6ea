// A database statement or command reduced to its operation and table or collection, as the
// storage adapters report them ("SELECT ... FROM accounts WHERE ..." on SQLite, "find accounts
// {username}" on MongoDB): the labels of the database latency histogram. The SQL text or the
// filter would make a series per query shape; these two make a few dozen.
export interface DatabaseCommandLabel {
  readonly operation: string;
  readonly target: string;
}

const SQL_TARGET = /\b(?:FROM|INTO|UPDATE|TABLE(?: IF (?:NOT )?EXISTS)?)\s+"?([A-Za-z_][A-Za-z0-9_]*)/i;

export function databaseCommandLabel(command: string): DatabaseCommandLabel {
  const text = command.trim();
  const first = /^[A-Za-z]+/.exec(text)?.[0] ?? 'other';
  if (/^(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|BEGIN|COMMIT|ROLLBACK|PRAGMA|CREATE|DROP|ALTER|SAVEPOINT|RELEASE)$/i.test(first)) {
    return { operation: first.toLowerCase(), target: SQL_TARGET.exec(text)?.[1]?.toLowerCase() ?? '-' };
  }
  // MongoDB: "<command> <collection> {fields}".
  const [operation, target] = text.split(/\s+/);
  return { operation: (operation ?? 'other').slice(0, 40), target: target && !target.startsWith('{') ? target.slice(0, 60) : '-' };
}
