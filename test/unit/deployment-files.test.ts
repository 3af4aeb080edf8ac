// What an operator gets from the repository's deployment files, read as data (no Docker engine is
// needed): no port open to the network in Socket Mode, a Redis with a password that never evicts, the
// config file mounted read-only, a pinned Node 22 image, and no example value that passes for a token.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

const read = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), 'utf8');

interface Service {
  ports?: string[];
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  read_only?: boolean;
}
interface Compose {
  services: Record<string, Service>;
}

const compose = parse(read('docker-compose.yml')) as Compose;
const httpOverride = parse(read('docker-compose.http.yml')) as Compose;
const bot = compose.services.bot as Service;
const redis = compose.services.redis as Service;

/** `[host address, host port, container port]` of a short-syntax port mapping. */
function mapping(p: string): [string, string, string] {
  const parts = p.split(':');
  return parts.length === 3
    ? [parts[0] as string, parts[1] as string, parts[2] as string]
    : ['0.0.0.0', parts[0] as string, parts[1] as string];
}

describe('docker-compose.yml', () => {
  it('publishes no port to the network: only /metrics, on the loopback address', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const p of service.ports ?? []) {
        const [host, , container] = mapping(p);
        assert.equal(host, '127.0.0.1', `${name} publishes ${p} beyond this host`);
        assert.equal(container, '9464', `${name} publishes ${p}, which is not the metrics port`);
      }
    }
    assert.equal(bot.environment?.METRICS_PORT, '9464');
  });

  it('publishes the Slack port only in the HTTP-mode override', () => {
    const ports = httpOverride.services.bot?.ports ?? [];
    assert.deepEqual(
      ports.map((p) => mapping(p)[2]),
      ['3000'],
    );
  });

  it('runs Redis with a password and the noeviction policy', () => {
    const command = redis.command ?? [];
    const flag = (name: string) => command[command.indexOf(name) + 1];
    assert.ok(command.includes('--requirepass'), command.join(' '));
    assert.match(String(flag('--requirepass')), /^\$\{REDIS_PASSWORD:\?/);
    assert.equal(flag('--maxmemory-policy'), 'noeviction');
    // The bot logs in with the same password.
    assert.match(String(bot.environment?.REDIS_URL), /^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379$/);
  });

  it('mounts the configuration directory read-only, and the bot writes nowhere', () => {
    assert.ok(bot.volumes?.includes('./config:/app/config:ro'), String(bot.volumes));
    assert.equal(bot.read_only, true);
  });
});

describe('Dockerfile', () => {
  it('builds on one pinned Node 22 release in every stage', () => {
    const froms = read('Dockerfile')
      .split('\n')
      .filter((l) => l.startsWith('FROM '));
    assert.ok(froms.length >= 2);
    for (const from of froms) assert.match(from, /^FROM node:22\.\d+\.\d+-slim\b/);
    assert.equal(new Set(froms.map((f) => f.split(/\s+/)[1])).size, 1, 'stages use different Node releases');
  });
});

describe('.env.example', () => {
  it('holds no value for any token, secret or password', () => {
    const assignments = read('.env.example')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l));
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'REDIS_PASSWORD']) {
      assert.ok(assignments.includes(`${name}=`), `${name} is missing or has a value`);
    }
    for (const line of assignments) assert.match(line, /^[A-Z_]+=$/, `an uncommented value: ${line}`);
  });
});
