// server.ts and Next's route handlers are separate bundles, each with its own copy of this
// class, so `instanceof` fails across them: a registered symbol marks an AppError instead.
const APP_ERROR = Symbol.for("hookbin.AppError");

/** One error type for the whole app: a stable snake_case code, an HTTP status, a message. */
export class AppError extends Error {
  readonly [APP_ERROR] = true;
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isAppError(err: unknown): err is AppError {
  return typeof err === "object" && err !== null && (err as { [APP_ERROR]?: unknown })[APP_ERROR] === true;
}

export const validationFailed = (details: unknown) => new AppError(400, "invalid_input", "The input is not valid.", details);
export const unauthorized = () => new AppError(401, "unauthorized", "This action needs the bin's owner token as 'Authorization: Bearer <token>'.");
export const forbidden = () => new AppError(403, "forbidden", "The owner token does not match this bin.");
export const binNotFound = () => new AppError(404, "bin_not_found", "No such bin, or it has expired.");
export const requestNotFound = () => new AppError(404, "request_not_found", "No such request in this bin.");

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Maps anything thrown to the wire shape. Unknown errors become a 500 with a fixed message:
 * their text may hold internals, so it goes to the log (through `onUnexpected`), never out.
 */
export function toErrorBody(err: unknown, onUnexpected: (err: unknown) => void): { status: number; body: ErrorBody } {
  if (isAppError(err)) {
    const error: ErrorBody["error"] = { code: err.code, message: err.message };
    if (err.details !== undefined) error.details = err.details;
    return { status: err.status, body: { error } };
  }
  onUnexpected(err);
  return { status: 500, body: { error: { code: "internal_error", message: "Something went wrong on our side." } } };
}
