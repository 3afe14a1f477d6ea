// The logging port: structured events only. Callers pass identifiers and reason codes,
// never PINs, codes or secrets (the pino adapter also redacts those field names).
export interface Logger {
  /** Routine detail (probes, scrapes): off at the default level. */
  debug?(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
