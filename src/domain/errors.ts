// Domain errors carry a stable `code` to switch on and structured data, never an HTTP status:
// only the HTTP error handler maps codes to statuses.

export type DomainErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'duplicate'
  | 'conflict'
  | 'forbidden'
  | 'flow_expired'
  | 'flow_invalid'
  | 'csrf_mismatch'
  | 'delivery_failed'
  | 'rate_limited';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: DomainErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const isDomainError = (error: unknown, code?: DomainErrorCode): error is DomainError =>
  error instanceof DomainError && (code === undefined || error.code === code);
