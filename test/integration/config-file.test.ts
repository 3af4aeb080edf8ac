// WELLBEING_CONFIG applied to real Redis: idempotent, and declarative for what it created.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import {
  type ApplyDeps,
  applyWellbeingFile,
  parseWellbeingFile,
  type WellbeingFile,
} from '../../src/config-file.js';
import { createLogger } from '../../src/logger.js';
import { createChannelSettings } from '../../src/services/channel-settings.js';
import { createChannelStore } from '../../src/store/channels.js';
import { createKeys } from '../../src/store/keys.js';
import { createPromptStore } from '../../src/store/prompts.js';
import { createRoleStore } from '../../src/store/roles.js';
import { createScheduleStore } from '../../src/store/schedules.js';
import { testRedis, uniquePrefix } from '../support/redis.js';

const FILE = `
channels:
  - id: C0WARD7
    tz: Europe/London
    shifts: "day 07:00-19:00, night 19:00-07:00"
    leads: [U0LEAD1, U0LEAD2]
    schedules:
      - cron: "0 7,15,23 * * *"
      - { cron: "30 12 * * 1-5", category: gratitude }
    prompts:
      - { category: compassion, text: "Before handover, one slow breath." }
  - id: C0NIGHT
    schedules:
      - { cron: "0 22 * * *", tz: Australia/Sydney, category: self-care }
`;

function parse(text: string): WellbeingFile {
  const r = parseWellbeingFile(text, 'UTC');
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.value;
}

/** Every key under the prefix with its serialized value and expiry. */
async function snapshot(redis: Redis, prefix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const keys = (await redis.keys(`${prefix}:*`)).sort();
  for (const k of keys) {
    const dump = await redis.dumpBuffer(k);
    out[k] = `${dump?.toString('hex')}|${await redis.pttl(k)}`;
  }
  return out;
}

describe('the WELLBEING_CONFIG file applied', () => {
  let redis: Redis;
  let prefix: string;
  let deps: ApplyDeps;
  let t = Date.parse('2026-11-25T10:00:00Z');

  before(() => {
    redis = testRedis();
    prefix = uniquePrefix();
    const keys = createKeys(prefix);
    const channels = createChannelStore(redis, keys);
    const log = createLogger('silent');
    deps = {
      team: 'T0CFG',
      prompts: createPromptStore(redis, keys, { retentionDays: 180 }),
      schedules: createScheduleStore(redis, keys),
      roles: createRoleStore(redis, keys),
      channels,
      settings: createChannelSettings({ channels, clock: () => t, defaultTz: 'UTC', log }),
      clock: () => t,
      defaultTz: 'UTC',
      log,
    };
  });
  after(() => redis.disconnect());

  it('creates the declared channels, leads, schedules and prompts', async () => {
    const sum = await applyWellbeingFile(parse(FILE), deps);
    assert.deepEqual(
      { ...sum },
      {
        channels: 2,
        leadsAdded: 2,
        schedulesAdded: 3,
        schedulesRemoved: 0,
        promptsAdded: 1,
        promptsRemoved: 0,
        shiftsChanged: 1,
        refused: 0,
      },
    );
    assert.deepEqual(await createChannelStore(redis, createKeys(prefix)).settings('T0CFG', 'C0WARD7'), {
      shifts: 'day 07:00-19:00, night 19:00-07:00',
    });
    const schedules = await deps.schedules.list('T0CFG');
    assert.deepEqual(schedules.map((s) => [s.channel, s.cron, s.tz, s.category, s.source]).sort(), [
      ['C0NIGHT', '0 22 * * *', 'Australia/Sydney', 'self-care', 'config'],
      ['C0WARD7', '0 7,15,23 * * *', 'Europe/London', 'mixed', 'config'],
      ['C0WARD7', '30 12 * * 1-5', 'Europe/London', 'gratitude', 'config'],
    ]);
    const channels = await deps.channels.promptChannels('T0CFG');
    assert.equal(channels.get('C0WARD7')?.tz, 'Europe/London');
    assert.equal(channels.get('C0NIGHT')?.tz, 'UTC');
    assert.equal(await redis.sismember(createKeys(prefix).teams(), 'T0CFG'), 1);
  });

  it('changes nothing when the same file is applied again (a restart), even later', async () => {
    const before = await snapshot(redis, prefix);
    t += 3_600_000;
    const sum = await applyWellbeingFile(parse(FILE), deps);
    assert.deepEqual([sum.leadsAdded, sum.schedulesAdded, sum.promptsAdded, sum.shiftsChanged], [0, 0, 0, 0]);
    assert.deepEqual(await snapshot(redis, prefix), before);
  });

  it('removes what it had created once the file no longer declares it, and leaves commands’ work alone', async () => {
    const mine = await deps.schedules.add(
      'T0CFG',
      {
        channel: 'C0WARD7',
        cron: '0 9 * * *',
        tz: 'UTC',
        category: 'mixed',
        createdAt: t,
        source: 'command',
      },
      24,
    );
    assert.equal(mine.kind, 'added');
    const sum = await applyWellbeingFile(
      parse(FILE.replace(/ {4}prompts:\n.*\n/, '').replace(/ {6}- \{ cron: "30 12.*\n/, '')),
      deps,
    );
    assert.equal(sum.schedulesRemoved, 1);
    assert.equal(sum.promptsRemoved, 1);
    const left = await deps.schedules.list('T0CFG', 'C0WARD7');
    assert.deepEqual(left.map((s) => [s.cron, s.source]).sort(), [
      ['0 7,15,23 * * *', 'config'],
      ['0 9 * * *', 'command'],
    ]);
    assert.deepEqual(await deps.prompts.customPrompts('T0CFG', 'C0WARD7'), []);
  });
});
