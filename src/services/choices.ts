// A DM `/checkin` by a member of several care channels waits for the person to pick the channel
// (the reply asks which one and stores nothing yet). What they typed waits server-side
// (store/pending.ts); the buttons carry only the channel and a short id.
import type { PendingStore } from '../store/pending.js';
import type { CheckinService, CommandOutcome } from './checkins.js';

export type ChoiceOutcome = CommandOutcome | { kind: 'expired' };

export type ChoiceService = ReturnType<typeof createChoiceService>;

export function createChoiceService(deps: { pending: PendingStore; checkins: CheckinService }) {
  return {
    /** Keeps a `choose` outcome's check-in until the person picks; returns the id for its buttons. */
    offer(team: string, user: string, o: Extract<CommandOutcome, { kind: 'choose' }>): Promise<string> {
      return deps.pending.put(team, user, {
        score: o.score,
        channels: o.channels,
        ...(o.note ? { note: o.note } : {}),
      });
    },

    /**
     * The person picked `channel` on the buttons of offer `id`: stores the check-in there once.
     * 'expired' when the offer is gone (used, replaced by a newer `/checkin`, or older than its TTL)
     * or the channel was not one of those offered.
     */
    async choose(team: string, user: string, id: string, channel: string): Promise<ChoiceOutcome> {
      const p = await deps.pending.take(team, user, id);
      if (!p?.channels.includes(channel)) return { kind: 'expired' };
      return deps.checkins.storeIn({
        team,
        user,
        channel,
        score: p.score,
        ...(p.note ? { note: p.note } : {}),
      });
    },
  };
}
