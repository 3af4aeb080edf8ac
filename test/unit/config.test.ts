import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConfigError, loadConfig, parseRedisUrl } from '../../src/config.js';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    return (e as ConfigError).problems;
  }
};

describe('loadConfig', () => {
  it('applies the SPEC §2 defaults', () => {
    const c = loadConfig(minimal);
    assert.equal(c.port, 3000);
    assert.equal(c.metricsPort, 9464);
    assert.equal(c.minGroup, 5);
    assert.equal(c.retentionDays, 180);
    assert.equal(c.defaultTz, 'UTC');
    assert.equal(c.redis.keyPrefix, 'wb');
    assert.deepEqual(c.redis.target, { kind: 'standalone', url: 'redis://127.0.0.1:6379' });
    assert.equal(c.slack.socketMode, false);
  });

  it('reads METRICS_PORT and refuses it equal to PORT, since /metrics never shares the Slack port', () => {
    assert.equal(loadConfig({ ...minimal, METRICS_PORT: '9100' }).metricsPort, 9100);
    assert.deepEqual(problems({ ...minimal, PORT: '8080', METRICS_PORT: '8080' }), [
      'METRICS_PORT must differ from PORT: /metrics is never served on the Slack port',
    ]);
    assert.deepEqual(problems({ ...minimal, METRICS_PORT: '70000' }), ['METRICS_PORT must be 0–65535']);
  });

  it('returns a frozen value', () => {
    const c = loadConfig(minimal);
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.slack));
  });

  it('runs in Socket Mode without a signing secret when an app token is set', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    assert.equal(c.slack.socketMode, true);
  });

  it('lists one line per problem', () => {
    const p = problems({
      SLACK_BOT_TOKEN: '',
      WELLBEING_MIN_GROUP: '2',
      PORT: 'x',
      WELLBEING_ADMINS: 'U123ABC,bob',
    });
    assert.ok(p.includes('SLACK_BOT_TOKEN is required'));
    assert.ok(p.includes('WELLBEING_MIN_GROUP must be at least 3'));
    assert.ok(p.includes('PORT must be a whole number'));
    assert.ok(p.some((l) => l.startsWith('WELLBEING_ADMINS contains "bob"')));
    assert.ok(p.some((l) => l.startsWith('SLACK_SIGNING_SECRET is required')));
  });

  it('parses admins', () => {
    assert.deepEqual(loadConfig({ ...minimal, WELLBEING_ADMINS: ' U1AA, W2BB ' }).admins, ['U1AA', 'W2BB']);
  });
});

describe('parseRedisUrl', () => {
  it('reads Sentinel and Cluster forms', () => {
    assert.deepEqual(parseRedisUrl('redis-sentinel://:pw@h1:26379,h2/main'), {
      kind: 'sentinel',
      sentinels: [
        { host: 'h1', port: 26379 },
        { host: 'h2', port: 26379 },
      ],
      name: 'main',
      password: 'pw',
      tls: false,
    });
    assert.deepEqual(parseRedisUrl('rediss-cluster://h1:7000,h2:7001'), {
      kind: 'cluster',
      nodes: [
        { host: 'h1', port: 7000 },
        { host: 'h2', port: 7001 },
      ],
      password: undefined,
      tls: true,
    });
  });

  it('refuses a Sentinel URL without a master name', () => {
    assert.equal(typeof parseRedisUrl('redis-sentinel://h1:26379'), 'string');
  });
});
