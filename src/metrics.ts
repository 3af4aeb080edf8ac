// Prometheus metrics (GET /metrics). prom-client does the text format and histograms correctly,
// so we do not hand-roll them. One registry per bot instance keeps tests independent.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  // The process's own health beside the bot's: event loop lag, heap, GC pauses, CPU, open handles.
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'wellbeing_requests_total',
    help: 'Requests from Slack handled, by kind (event, command, action) and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const checkinsStored = new Counter({
    name: 'wellbeing_checkins_stored_total',
    help: 'Check-ins stored, by source (reaction, button, command).',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const promptsPosted = new Counter({
    name: 'wellbeing_prompts_posted_total',
    help: 'Prompt messages posted, by trigger (schedule, on_demand, catch_up).',
    labelNames: ['trigger'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'wellbeing_errors_total',
    help: 'Errors, by stable error code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const redisLatency = new Histogram({
    name: 'wellbeing_redis_latency_seconds',
    help: 'Latency of Redis round trips made by the bot, by operation.',
    labelNames: ['op'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  return { registry, requests, checkinsStored, promptsPosted, errors, redisLatency };
}
