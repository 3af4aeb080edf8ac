// Never silence: a direct message to the bot gets the support text at once, and what the person wrote
// ends up in no log line and no Redis key or value.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { BOT_TOKEN, type Harness, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel } from '../support/scene.js';

const SUPPORT = 'Call the staff support line on 0800 111 222, any time.';
const WORDS = "I'm not OK, please someone notice zebra-7731";

/** Every key under `prefix`, and every value they hold, as one searchable text. */
async function dumpPrefix(redis: Redis, prefix: string): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      out.push(key);
      const type = await redis.type(key);
      if (type === 'string') out.push(String(await redis.get(key)));
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES')));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else out.push(`<${type}>`);
    }
  } while (cursor !== '0');
  return out.join('\n');
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a direct message to the bot', () => {
  let h: Harness;
  let care: CareChannel;
  let person: string;
  let dm: string;

  /** The message event Slack sends for a DM (message.im), as its Events API documentation shows it. */
  const imMessage = (extra: Record<string, unknown> = {}) => {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    return {
      type: 'message',
      channel: dm,
      user: person,
      text: WORDS,
      ts,
      event_ts: ts,
      channel_type: 'im',
      ...extra,
    };
  };

  before(async () => {
    h = await startHarness({ env: { WELLBEING_SUPPORT_TEXT: SUPPORT } });
    care = await careChannel(h.standin, h.redis, h.prefix);
    person = care.members[0] as string;
    // The person's DM with the bot exists in Slack before they write in it.
    const res = await fetch(`${h.standin.apiUrl}conversations.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ users: person }),
    });
    dm = ((await res.json()) as { channel: { id: string } }).channel.id;
    h.standin.reset();
  });
  after(async () => h.close());

  it('gets a kind reply with the support text and how to check in, within a second', async () => {
    const sent = Date.now();
    const d = await h.standin.sendEvent(imMessage());
    assert.equal(d.status, 200);
    await waitFor('the reply', () => h.standin.dms(person).length > 0, 1_000);
    assert.ok(Date.now() - sent < 1_000);
    const reply = h.standin.dms(person)[0]?.text ?? '';
    assert.ok(reply.includes(SUPPORT), reply);
    assert.match(reply, /\/checkin 1/);
    // The reply never quotes the person.
    assert.ok(!reply.includes('zebra-7731'), reply);
  });

  it('leaves the words in no log line and no Redis key or value, even when the reply fails', async () => {
    // A reply Slack refuses is logged with its context: that line must not carry the words either.
    h.standin.injectError('chat.postMessage', 'channel_not_found', { times: 1 });
    await h.standin.sendEvent(imMessage());
    await waitFor('the failed reply to be logged', () =>
      h.logs.some((l) => l.includes('"where":"dm-reply"')),
    );
    for (const line of h.logs) assert.ok(!line.includes('zebra-7731'), line);
    const stored = await dumpPrefix(h.redis, h.prefix);
    assert.ok(stored.includes(care.channel), 'the scan found none of the test keys, so it proves nothing');
    assert.ok(!stored.includes('zebra-7731'));
    assert.ok(!stored.includes("I'm not OK"));
  });

  it('answers nothing for edits, bots, or messages outside a DM', async () => {
    h.standin.reset();
    await h.standin.sendEvent(imMessage({ subtype: 'message_changed' }));
    await h.standin.sendEvent(imMessage({ bot_id: 'B0OTHER', user: undefined }));
    await h.standin.sendEvent(imMessage({ channel: care.channel, channel_type: 'channel' }));
    // One real DM afterwards: once its reply is there, the three before it would have been answered too.
    await h.standin.sendEvent(imMessage());
    await waitFor('the reply to the real DM', () => h.standin.dms(person).length > 0);
    await new Promise((r) => setImmediate(r));
    assert.equal(h.standin.callsTo('chat.postMessage').length, 1);
    assert.equal(h.standin.messages(care.channel).length, 0);
  });

  it('still answers when Slack rate-limits the first try', async () => {
    h.standin.reset();
    h.standin.injectRateLimit('chat.postMessage', { retryAfterSec: 0, times: 1 });
    await h.standin.sendEvent(imMessage());
    await waitFor('the reply after the 429', () => h.standin.dms(person).length > 0);
    h.standin.clearInjections();
  });
});
