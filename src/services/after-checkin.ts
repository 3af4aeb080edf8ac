// What happens after a person's check-ins changed, once Slack has its answer. The store's check-in
// script says what the change calls for (a support text due, the person's App Home tab to refresh);
// the check-in use cases hand that to `act`, the one place that acts on it. Nothing here holds up the
// acknowledgement: the work runs in the background, where the bot can wait for it (`bot.idle()`) and
// its failures are logged, never shown.
import { AppError, ErrorCodes } from '../errors.js';
import type { CheckinEffects, CheckinStore } from '../store/checkins.js';
import type { SlackPort } from './checkins.js';

export interface AfterCheckinDeps {
  slack: Pick<SlackPort, 'sendDm'>;
  store: Pick<CheckinStore, 'careNotSent'>;
  supportText: string;
  /**
   * Refreshes the person's App Home tab. `known` is what the store already said of it (`dm`: the
   * tab's channel, absent when they have not opened it lately); without it the refresh looks it up.
   */
  refreshHome?: (team: string, user: string, known?: { dm?: string }) => Promise<void>;
  /** Runs work after the reply; `where` names it in the log when it fails. */
  background: (work: Promise<unknown>, where: 'care-dm' | 'app-home') => void;
}

export type AfterCheckin = ReturnType<typeof createAfterCheckin>;

export function createAfterCheckin(deps: AfterCheckinDeps) {
  /** A check-in of 1 brings the person — and only them — the support text, at most once a day. */
  async function care(team: string, user: string): Promise<void> {
    // A rejection means the text may have arrived: the store's "sent today" marker stays (at most once).
    const out = await deps.slack.sendDm(
      team,
      user,
      `Thank you for telling me how you are arriving — only you see this message. ${deps.supportText}`,
    );
    if (!out.sent) {
      // The store marked the text as sent when it stored the 1, but Slack certainly did not deliver it:
      // the person's next 1 tries again instead of a day later.
      await deps.store.careNotSent(team, user);
      throw new AppError(
        ErrorCodes.SlackApi,
        `support DM not delivered (${out.reason}); the next 1 tries again`,
      );
    }
  }

  return {
    /** Acts on what a change to the person's check-ins called for. */
    act(team: string, user: string, effects: CheckinEffects): void {
      const { refreshHome } = deps;
      if (effects.home !== undefined && refreshHome !== undefined) {
        const known = effects.home === 'unknown' ? undefined : effects.home;
        deps.background(refreshHome(team, user, known), 'app-home');
      }
      if (effects.careDue) deps.background(care(team, user), 'care-dm');
    },
  };
}
