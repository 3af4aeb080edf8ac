// Per-channel pacing of Slack posts: at most one message per `minIntervalMs` in a channel,
// and on HTTP 429 a wait of Retry-After for that channel before trying again. Each channel is its own
// queue, so a channel that is waiting holds up no other channel.
//
// This needs a WebClient built with `rejectRateLimitedCalls: true`: by default @slack/web-api pauses
// its whole request queue on a 429, which would stall every channel behind one.
import { setTimeout as delay } from 'node:timers/promises';
import { rateLimitedFor } from './port.js';

export interface PacerOptions {
  /** Gap between two posts in one channel; Slack allows about one message per second. */
  minIntervalMs?: number;
  /** How many 429s in a row one call may meet before its error is passed on. */
  maxRateLimitWaits?: number;
  /** Real time, for the waits (never a test's fixed clock). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told of every 429 (for logging). */
  onRateLimited?: (channel: string, retryAfterSec: number) => void;
}

export interface ChannelPacer {
  /** Runs `call` in the channel's queue, after the channel's previous calls and its pacing. */
  run<T>(channel: string, call: () => Promise<T>): Promise<T>;
}

interface Lane {
  tail: Promise<unknown>;
  /** When the channel may be posted to next. */
  nextAt: number;
  queued: number;
}

/** Lanes idle for this many channels are swept, so the map does not grow with every channel ever posted to. */
const SWEEP_AT = 1_000;

export function createChannelPacer(o: PacerOptions = {}): ChannelPacer {
  const minInterval = o.minIntervalMs ?? 1_000;
  const maxWaits = o.maxRateLimitWaits ?? 5;
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => delay(ms));
  const lanes = new Map<string, Lane>();

  function sweep(): void {
    const t = now();
    for (const [channel, lane] of lanes) if (lane.queued === 0 && lane.nextAt <= t) lanes.delete(channel);
  }

  async function attempt<T>(channel: string, lane: Lane, call: () => Promise<T>): Promise<T> {
    for (let waits = 0; ; waits++) {
      const wait = lane.nextAt - now();
      if (wait > 0) await sleep(wait);
      try {
        const result = await call();
        lane.nextAt = now() + minInterval;
        return result;
      } catch (err) {
        const retryAfter = rateLimitedFor(err);
        if (retryAfter === undefined || waits >= maxWaits) {
          lane.nextAt = now() + minInterval;
          throw err;
        }
        o.onRateLimited?.(channel, retryAfter);
        lane.nextAt = now() + Math.max(retryAfter * 1_000, minInterval);
      }
    }
  }

  return {
    run(channel, call) {
      if (lanes.size >= SWEEP_AT) sweep();
      let lane = lanes.get(channel);
      if (lane === undefined) {
        lane = { tail: Promise.resolve(), nextAt: 0, queued: 0 };
        lanes.set(channel, lane);
      }
      const l = lane;
      l.queued += 1;
      const result = l.tail.then(() => attempt(channel, l, call));
      l.tail = result.then(
        () => {
          l.queued -= 1;
        },
        () => {
          l.queued -= 1;
        },
      );
      return result;
    },
  };
}
