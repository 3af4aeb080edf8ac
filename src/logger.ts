// pino JSON logs with redaction; Bolt's own logger is adapted onto the same pino instance.
import { LogLevel, type Logger as SlackLogger } from '@slack/logger';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

const SECRET_PATTERN = /\b(?:xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;

/** Removes anything that looks like a Slack token from a string. */
export function scrubSecrets(s: string): string {
  return s.replace(SECRET_PATTERN, '[redacted]');
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'wellbeing-nudges' },
      redact: {
        paths: [
          'token',
          'botToken',
          'appToken',
          'signingSecret',
          'note',
          'text',
          '*.token',
          '*.botToken',
          '*.appToken',
          '*.signingSecret',
          '*.note',
          '*.text',
          'headers.authorization',
          'headers["x-slack-signature"]',
        ],
        censor: '[redacted]',
      },
      hooks: {
        // Messages formatted by libraries can carry a token; strip them before they are written.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}

/**
 * Bolt's logger interface on top of pino. Bolt's debug output includes request and response bodies,
 * which hold people's notes, so Bolt never logs below `info` whatever LOG_LEVEL says.
 */
export function boltLogger(log: Logger): SlackLogger {
  const child = log.child({ module: 'bolt' });
  const fmt = (msgs: unknown[]) =>
    scrubSecrets(
      msgs.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : String(m))).join(' '),
    );
  return {
    debug: () => {},
    info: (...m: unknown[]) => child.info(fmt(m)),
    warn: (...m: unknown[]) => child.warn(fmt(m)),
    error: (...m: unknown[]) => child.error(fmt(m)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
