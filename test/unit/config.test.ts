import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConfigError, loadConfig, parseRedisUrl, withDotEnv } from '../../src/config.js';

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
  it('applies the documented defaults', () => {
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

describe('loadConfig: deployment settings', () => {
  it('refuses tokens copied from an example, with a line that says what to paste', () => {
    for (const token of ['xoxb-your-bot-token', 'xoxb-...', 'xoxb-', 'xoxb-<token>', 'xoxb-xxxxxxxx']) {
      const p = problems({ ...minimal, SLACK_BOT_TOKEN: token });
      assert.ok(
        p.some((l) => l.startsWith('SLACK_BOT_TOKEN still holds an example value')),
        `${token}: ${p.join(' | ')}`,
      );
    }
    const app = problems({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-your-app-token' });
    assert.ok(
      app.some((l) => l.startsWith('SLACK_APP_TOKEN still holds an example value')),
      app.join(' | '),
    );
    const secret = problems({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'your-signing-secret' });
    assert.ok(secret.some((l) => l.startsWith('SLACK_SIGNING_SECRET still holds an example value')));
  });

  it('accepts tokens shaped like real ones', () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx',
      SLACK_APP_TOKEN: 'xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef',
    });
    assert.equal(c.slack.socketMode, true);
  });

  it('has no proxy unless HTTPS_PROXY or HTTP_PROXY is set', () => {
    assert.equal(loadConfig(minimal).proxy, undefined);
    assert.equal(loadConfig({ ...minimal, NO_PROXY: 'internal' }).proxy, undefined);
  });

  it('sends every Slack connection through either proxy variable alone, honouring NO_PROXY', () => {
    assert.deepEqual(loadConfig({ ...minimal, HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'a,b' }).proxy, {
      httpsProxy: 'http://proxy:3128',
      httpProxy: 'http://proxy:3128',
      noProxy: 'a,b',
    });
    assert.deepEqual(loadConfig({ ...minimal, http_proxy: 'http://p2:8080' }).proxy, {
      httpsProxy: 'http://p2:8080',
      httpProxy: 'http://p2:8080',
      noProxy: '',
    });
  });

  it('refuses a proxy that is not a URL', () => {
    const p = problems({ ...minimal, HTTPS_PROXY: 'proxy:3128' });
    assert.ok(
      p.includes('HTTPS_PROXY must be a proxy URL like http://proxy.example.org:3128'),
      p.join(' | '),
    );
  });

  it('reads the Redis TLS CA file name and server name, for TLS URLs only', () => {
    const c = loadConfig({
      ...minimal,
      REDIS_URL: 'rediss://cache.internal:6380',
      REDIS_TLS_CA: '/etc/ssl/redis-ca.pem',
      REDIS_TLS_SERVERNAME: 'redis.example.org',
    });
    assert.deepEqual(c.redis.tls, { caFile: '/etc/ssl/redis-ca.pem', servername: 'redis.example.org' });
    const p = problems({ ...minimal, REDIS_TLS_CA: '/etc/ssl/redis-ca.pem' });
    assert.ok(
      p.some((l) => l.startsWith('REDIS_TLS_CA is set, but REDIS_URL does not use TLS')),
      p.join(' | '),
    );
  });

  it('lets the environment win over a .env file, even when it sets a variable empty', () => {
    const merged = withDotEnv(
      { SLACK_BOT_TOKEN: 'xoxb-from-env', SLACK_APP_TOKEN: '' },
      { SLACK_BOT_TOKEN: 'xoxb-from-file', SLACK_APP_TOKEN: 'xapp-from-file', LOG_LEVEL: 'debug' },
    );
    assert.deepEqual(
      [merged.SLACK_BOT_TOKEN, merged.SLACK_APP_TOKEN, merged.LOG_LEVEL],
      ['xoxb-from-env', '', 'debug'],
    );
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
      sentinelPassword: 'pw',
      tls: false,
    });
    assert.deepEqual(parseRedisUrl('rediss-cluster://h1:7000,h2:7001'), {
      kind: 'cluster',
      nodes: [
        { host: 'h1', port: 7000 },
        { host: 'h2', port: 7001 },
      ],
      tls: true,
    });
  });

  it('keeps an ACL user name for Sentinel and Cluster', () => {
    const sentinel = parseRedisUrl('redis-sentinel://bot:p%40ss@h1/main');
    assert.ok(typeof sentinel === 'object' && sentinel.kind === 'sentinel');
    assert.equal(sentinel.username, 'bot');
    assert.equal(sentinel.password, 'p@ss');
    const cluster = parseRedisUrl('rediss-cluster://bot:pw@h1:7000');
    assert.ok(typeof cluster === 'object' && cluster.kind === 'cluster');
    assert.equal(cluster.username, 'bot');
    assert.equal(cluster.password, 'pw');
  });

  it("takes the Sentinels' own credentials from the URL's options", () => {
    const t = parseRedisUrl(
      'rediss-sentinel://bot:data@h1/main?sentinelUsername=watch&sentinelPassword=s%26w',
    );
    assert.ok(typeof t === 'object' && t.kind === 'sentinel');
    assert.deepEqual(
      [t.username, t.password, t.sentinelUsername, t.sentinelPassword],
      ['bot', 'data', 'watch', 's&w'],
    );
    // An empty sentinelPassword means the Sentinels need none, while the data nodes still do.
    const open = parseRedisUrl('redis-sentinel://:data@h1/main?sentinelPassword=');
    assert.ok(typeof open === 'object' && open.kind === 'sentinel');
    assert.equal(open.password, 'data');
    assert.equal(open.sentinelPassword, undefined);
  });

  it('refuses an option it does not know, naming it', () => {
    assert.match(String(parseRedisUrl('redis-sentinel://h1/main?sentinelPasword=x')), /"sentinelPasword"/);
    assert.match(String(parseRedisUrl('redis-cluster://h1:7000?tls=1')), /"tls"/);
  });

  it('refuses a Sentinel URL without a master name', () => {
    assert.equal(typeof parseRedisUrl('redis-sentinel://h1:26379'), 'string');
  });
});
