// A person's rights over their data: erasure (forget-me, an admin's forget, the operator's tool) and
// access (export). Every path goes through here, so each use is logged once and the same way — who
// asked, which workspace, how many items, never a note or a score — and every erasure has Redis
// rewrite its persistence file, so the deleted notes leave the disk too.
import { type ExportedAnswer, type PersonExport, personExport } from '../domain/person-export.js';
import type { Logger } from '../logger.js';
import type { PendingStore } from '../store/pending.js';
import type { DiskRewriter, RewriteOutcome } from '../store/persistence.js';

/** Who asked: the person themselves, a bot admin (their user ID), or an operator at the command line. */
export type Requester = { kind: 'self' } | { kind: 'admin'; user: string } | { kind: 'operator' };

/** A person's check-ins, whatever the retention setting is or was. */
export interface PersonRecords {
  /** Deletes every check-in and note of the person; returns how many check-ins. */
  forget(team: string, user: string): Promise<number>;
  /** Every stored check-in and note of the person. */
  all(team: string, user: string): Promise<ExportedAnswer[]>;
}

export interface PeopleDeps {
  records: PersonRecords;
  pending: Pick<PendingStore, 'drop'>;
  rewriter: Pick<DiskRewriter, 'request'>;
  log: Logger;
  clock: () => number;
  retentionDays: number;
}

export type PeopleService = ReturnType<typeof createPeopleService>;

export function createPeopleService(deps: PeopleDeps) {
  const log = deps.log.child({ module: 'people' });
  let rewriting: Promise<RewriteOutcome | 'none'> = Promise.resolve('none');
  // The requester's ID is logged for admins (an audit trail of who erased whom); a person's own
  // request logs no ID, so the log does not keep a list of who used forget-me.
  const who = (by: Requester) => ({ by: by.kind, ...(by.kind === 'admin' ? { requester: by.user } : {}) });

  return {
    /** How many check-ins of the person are stored (what forget would delete). */
    async count(team: string, user: string): Promise<number> {
      return (await deps.records.all(team, user)).length;
    },

    /** Erases every check-in and note of the person, and what waits for their choice; returns the count. */
    async forget(team: string, user: string, by: Requester): Promise<number> {
      const n = await deps.records.forget(team, user);
      const pending = await deps.pending.drop(team, user);
      log.info({ team, action: 'forget', ...who(by), items: n }, 'erased a person’s check-ins and notes');
      // In the background: the reply does not wait for the disk. Nothing deleted, nothing to rewrite.
      if (n > 0 || pending > 0) rewriting = deps.rewriter.request('forget');
      return n;
    },

    /** Every stored answer and note of the person, as the document they are given. */
    async export(team: string, user: string, by: Requester): Promise<PersonExport> {
      const now = deps.clock();
      const answers = await deps.records.all(team, user);
      log.info(
        { team, action: 'export', ...who(by), items: answers.length },
        'exported a person’s check-ins',
      );
      return personExport({ team, user, retentionDays: deps.retentionDays, nowMs: now }, answers);
    },

    /** Resolves when the latest persistence rewrite asked for has finished (tests, shutdown, the CLI). */
    settled(): Promise<RewriteOutcome | 'none'> {
      return rewriting;
    },
  };
}
