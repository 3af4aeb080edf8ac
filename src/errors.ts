// Failures (not bad input) carry a stable code; they are caught and logged once, in app.error for
// Slack and in the scheduler's own handler.

export const ErrorCodes = {
  RedisUnavailable: 'WB_REDIS_UNAVAILABLE',
  SlackApi: 'WB_SLACK_API',
  Config: 'WB_CONFIG',
  Internal: 'WB_INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

const REDIS_DOWN = [
  "Stream isn't writeable",
  'Connection is closed',
  'Command timed out',
  'Reached the max retries per request limit',
  'ECONNREFUSED',
  'ECONNRESET',
  'Cluster isn',
  'None of startup nodes is available',
  'LOADING',
  'MASTERDOWN',
  'CLUSTERDOWN',
];

/** True when `err` means Redis could not be reached (as opposed to a bug or bad data). */
export function isRedisUnavailable(err: unknown): boolean {
  if (err instanceof AppError) return err.code === ErrorCodes.RedisUnavailable;
  const e = err as { name?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  return REDIS_DOWN.some((m) => e.message?.includes(m));
}

/** Wraps a Redis failure into an AppError with a stable code; other errors pass through. */
export function asStoreError(err: unknown): unknown {
  if (isRedisUnavailable(err) && !(err instanceof AppError)) {
    return new AppError(ErrorCodes.RedisUnavailable, 'Redis is unavailable', { cause: err });
  }
  return err;
}

export function errorCode(err: unknown): ErrorCode {
  if (err instanceof AppError) return err.code;
  if (isRedisUnavailable(err)) return ErrorCodes.RedisUnavailable;
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('slack_webapi')) return ErrorCodes.SlackApi;
  return ErrorCodes.Internal;
}
