// The account part of an audit record.
export const auditSubject = (account: { readonly id: string; readonly username: string }) => ({ id: account.id, username: account.username });
