// The one failure path of the Slack handlers: run the work, and when it fails report it once (counted
// by code, logged with context) and answer the person with a short, kind text instead.
import { isRedisUnavailable } from '../errors.js';

/** Storage could not be reached while saving: nothing was saved, and trying again later works. */
export const COULD_NOT_SAVE = 'Sorry — I could not save that just now. Please try again in a minute.';
/** Storage could not be reached for a command that may only read. */
export const STORAGE_UNREACHABLE =
  'Sorry — I could not reach my storage just now, so nothing was changed. Please try again in a minute.';
/** Any other failure on our side. */
export const WENT_WRONG = 'Sorry — something went wrong on my side. Please try again in a minute.';

export type ReportError = (err: unknown, context: Record<string, unknown>) => void;

/** What a person is told when saving failed: storage down, or anything else on our side. */
export const failureText = (err: unknown, storageDown = COULD_NOT_SAVE): string =>
  isRedisUnavailable(err) ? storageDown : WENT_WRONG;

/**
 * Runs a handler's `work`. If it throws, the failure is reported with `context` and the handler
 * gets `failed(text)` instead, `text` being the kind reply for that failure.
 */
export async function withReply<T>(
  report: ReportError,
  context: Record<string, unknown>,
  work: () => Promise<T>,
  failed: (text: string) => T,
  storageDown = COULD_NOT_SAVE,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    report(err, context);
    return failed(failureText(err, storageDown));
  }
}
