// Access and erasure in Slack: `/wellbeing me export` sends a person their own data as a file in their
// own DM, `/wellbeing admin forget @person` lets an admin erase someone who cannot — each use logged
// once without content. Signed HTTP, the real Bolt pipeline, real Redis.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel } from '../support/scene.js';

const ADMIN = 'U0PPLADMIN';
const text = (ack: unknown) => (ack as { text?: string })?.text ?? JSON.stringify(ack);

describe('access and erasure', () => {
  let h: Harness;
  let care: CareChannel;

  before(async () => {
    h = await startHarness({ env: { WELLBEING_ADMINS: ADMIN } });
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0PEOPLE1' });
    h.standin.addUser({ id: ADMIN, name: 'admin' });
  });
  after(async () => h.close());

  const member = (i: number) => care.members[i] as string;
  const store = () => createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });
  const answers = (user: string) => store().answersOf(h.standin.teamId, user, 0, Date.now() + 1_000);
  const wellbeing = (t: string, userId: string, channelId = care.channel) =>
    h.standin.slashCommand({ command: '/wellbeing', text: t, userId, channelId });
  const checkin = (t: string, userId: string) =>
    h.standin.slashCommand({ command: '/checkin', text: t, userId, channelId: care.channel });
  const logLines = () => h.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
  const uses = (action: string) => logLines().filter((l) => l.module === 'people' && l.action === action);

  describe('/wellbeing me export', () => {
    it("sends the person's own answers and notes as a file in their own DM, and logs it once without content", async () => {
      const user = member(0);
      await checkin('2 rough night &lt;again&gt;', user);
      await checkin('4 better-after-coffee', user);
      const before = uses('export').length;
      const d = await wellbeing('me export', user);
      assert.match(text(d.ack), /sent you a file with your 2 check-ins/);

      const dm = h.standin.dmChannel(user);
      assert.ok(dm, 'a DM with the person was opened');
      const files = h.standin.files().filter((f) => f.completed);
      assert.equal(files.length, 1, 'one file, shared once');
      const [file] = files;
      assert.equal(file?.channel, dm, "shared in the person's own DM, nowhere else");
      assert.match(file?.filename ?? '', /^wellbeing-checkins-\d{4}-\d{2}-\d{2}\.json$/);
      const content = file?.content ?? '';
      assert.ok(content.includes('rough night <again>'), 'the note exactly as typed');
      assert.ok(content.includes('better-after-coffee'));
      assert.match(content, /"score": 2/);
      assert.match(content, /"score": 4/);
      assert.doesNotMatch(file?.initialComment ?? '', /rough|coffee/);

      const logged = uses('export').slice(before);
      assert.equal(logged.length, 1);
      assert.equal(logged[0]?.items, 2);
      assert.equal(logged[0]?.by, 'self');
      const all = h.logs.join('\n');
      assert.ok(!all.includes('rough night') && !all.includes('better-after-coffee'), 'no note in the logs');
    });

    it('sends no file when nothing is stored', async () => {
      const uploadsBefore = h.standin.files().length;
      const d = await wellbeing('me export', member(5));
      assert.match(text(d.ack), /nothing stored about you/);
      assert.equal(h.standin.files().length, uploadsBefore);
    });

    it('says kindly when Slack would not take the file, and shares nothing', async () => {
      const user = member(6);
      await checkin('3', user);
      h.standin.injectError('files.completeUploadExternal', 'internal_error', { times: 1 });
      const d = await wellbeing('me export', user);
      assert.match(text(d.ack), /could not send you the file/);
      assert.equal(
        h.standin.files().filter((f) => f.completed && f.channel === h.standin.dmChannel(user)).length,
        0,
      );
    });

    it('refuses other words after `me` with an example', async () => {
      const d = await wellbeing('me exprot', member(0));
      assert.match(text(d.ack), /\/wellbeing me export/);
    });
  });

  describe('/wellbeing admin forget @person', () => {
    it('refuses someone who is not an admin, and deletes nothing', async () => {
      const target = member(1);
      await checkin('1 private-words', target);
      const d = await wellbeing(`admin forget <@${target}> confirm`, care.lead);
      assert.match(text(d.ack), /Only (?:bot |workspace )?admins/i);
      assert.equal((await answers(target)).length, 1);
    });

    it('erases a deactivated person after the admin confirms, and logs who asked without content', async () => {
      const target = member(2);
      await checkin('1 deactivated-persons-note', target);
      await checkin('3', target);
      h.standin.addUser({ id: target, deleted: true });

      const asked = await wellbeing(`admin forget <@${target}>`, ADMIN, 'D0ADMINDM');
      assert.match(text(asked.ack), /deletes all 2 check-ins/);
      assert.match(text(asked.ack), /confirm/);
      assert.equal((await answers(target)).length, 2, 'nothing is deleted before the admin confirms');

      const before = uses('forget').length;
      const done = await wellbeing(`admin forget <@${target}|someone> confirm`, ADMIN, 'D0ADMINDM');
      assert.match(text(done.ack), /deleted 2 check-ins/);
      assert.equal((await answers(target)).length, 0);
      const logged = uses('forget').slice(before);
      assert.equal(logged.length, 1);
      assert.deepEqual(
        { by: logged[0]?.by, requester: logged[0]?.requester, items: logged[0]?.items },
        { by: 'admin', requester: ADMIN, items: 2 },
      );
      assert.ok(!h.logs.join('\n').includes('deactivated-persons-note'));
    });

    it('asks for exactly one person, echoing nothing unescaped', async () => {
      for (const t of ['admin forget', 'admin forget @sam', 'admin forget <!here>', 'admin <!channel>']) {
        const d = await wellbeing(t, ADMIN);
        assert.match(text(d.ack), /\/wellbeing admin forget @person/);
        assert.doesNotMatch(text(d.ack), /<!/);
      }
    });

    it("is listed in an admin's help and not in a member's", async () => {
      assert.match(text((await wellbeing('help', ADMIN)).ack), /admin forget @person/);
      assert.doesNotMatch(text((await wellbeing('help', member(3))).ack), /admin forget/);
    });
  });
});
