// Failures (not bad input) carry a stable code; they are caught and logged once, in app.error for
// Slack and in the scheduler's own handler. Errors are told apart by their code, never by their text:
// the Redis client marks its own failures where they arise (store/redis.ts).

export const ErrorCodes = {
  RedisUnavailable: 'WB_REDIS_UNAVAILABLE',
  SlackApi: 'WB_SLACK_API',
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

export function errorCode(err: unknown): ErrorCode {
  if (err instanceof AppError) return err.code;
  // @slack/web-api's errors carry codes such as slack_webapi_platform_error.
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('slack_webapi')) return ErrorCodes.SlackApi;
  return ErrorCodes.Internal;
}

/** True when `err` means Redis could not be reached (as opposed to a bug or bad data). */
export const isRedisUnavailable = (err: unknown): boolean => errorCode(err) === ErrorCodes.RedisUnavailable;
