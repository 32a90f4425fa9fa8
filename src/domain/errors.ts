/**
 * The one error type of the service. Every expected failure carries a stable machine code that
 * clients may rely on; the HTTP layer maps codes to statuses with `httpStatusOf`, and anything
 * that is not an `AppError` becomes a generic 500 with a request id (no internals leak).
 */
export const errorStatus = {
  invalid_input: 400,
  invalid_json: 400,
  unknown_field: 400,
  hostile_input: 400,
  weak_password: 400,
  invalid_url: 400,
  invalid_request: 400,
  invalid_assignee: 422,
  request_timeout: 408,
  uri_too_long: 414,
  headers_too_large: 431,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_transition: 409,
  conflict: 409,
  nothing_to_act_on: 422,
  rate_limited: 429,
  internal: 500,
  database_unavailable: 503,
  /** A hash-sharing partner or federated instance failed or refused to answer. */
  partner_failed: 502,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function httpStatusOf(code: ErrorCode): number {
  return errorStatus[code];
}
