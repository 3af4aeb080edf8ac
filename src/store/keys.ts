// The only place that spells a Redis key (STYLE.md). Every key of a workspace carries the hash tag
// `{teamId}`, so a workspace's keys share one Cluster slot and multi-key scripts stay legal.

export type Keys = ReturnType<typeof createKeys>;

export function createKeys(prefix: string) {
  const t = (team: string) => `${prefix}:{${team}}`;
  return {
    prefix,
    /** Global: the workspaces the bot has seen (the scheduler walks them). */
    teams: () => `${prefix}:teams`,
    /** Global: a scheduled slot claimed by one replica (SET NX PX, never deleted: it expires). */
    slot: (name: string) => `${prefix}:slot:${name}`,
    /** Global: the latest instant up to which some replica evaluated the prompt schedules. */
    schedulerTick: () => `${prefix}:scheduler:tick`,
    /** Global: held by the replica that is having Redis rewrite its append-only file (SET NX PX). */
    aofRewriteLock: () => `${prefix}:aof:lock`,
    /** Global: data was deleted while a rewrite was under way, so one more is needed after it. */
    aofRewriteAgain: () => `${prefix}:aof:again`,
    /** The key prefix of one workspace, for scripts that build keys of the same slot. */
    team: (team: string) => t(team),

    // roles
    leads: (team: string, channel: string) => `${t(team)}:leads:${channel}`,
    leadOf: (team: string, user: string) => `${t(team)}:leadof:${user}`,

    // channels with prompts: hash channel -> JSON { tz, addedAt }
    channels: (team: string) => `${t(team)}:channels`,
    /** A channel's options set by its leads and admins: hash { reactions: "off" }. */
    channelOptions: (team: string, channel: string) => `${t(team)}:chopts:${channel}`,
    // channel settings a lead chose: hash channel -> JSON { shifts?, pausedThrough? }
    channelSettings: (team: string) => `${t(team)}:chset`,
    // schedules: hash id -> JSON schedule; a counter for ids
    schedules: (team: string) => `${t(team)}:schedules`,
    scheduleSeq: (team: string) => `${t(team)}:schedule-seq`,
    // prompts: custom prompts per channel (hash id -> JSON), rotation state per channel+category
    customPrompts: (team: string, channel: string) => `${t(team)}:custom:${channel}`,
    customPromptSeq: (team: string) => `${t(team)}:custom-seq`,
    rotation: (team: string, channel: string, category: string) => `${t(team)}:rot:${channel}:${category}`,
    mixedRotation: (team: string, channel: string) => `${t(team)}:rotmix:${channel}`,
    // posted prompt messages: hash { id, cat, at } per message; the channel's latest prompt
    promptMessage: (team: string, channel: string, ts: string) => `${t(team)}:pm:${channel}:${ts}`,
    latestPrompt: (team: string, channel: string) => `${t(team)}:pmlast:${channel}`,

    // check-ins (see store/checkins.ts for the layout)
    /** A person's answers and notes: hash anchor -> record, "n:"anchor -> note. */
    answers: (team: string, user: string) => `${t(team)}:ua:${user}`,
    /** People with answers, by the time of their oldest (zset user -> seconds): the daily sweep's list. */
    oldestAnswers: (team: string) => `${t(team)}:uold`,
    /** A person's markers: when they last had the support text, their standalone check-ins per day. */
    person: (team: string, user: string) => `${t(team)}:person:${user}`,
    promptReactions: (team: string, channel: string, ts: string) => `${t(team)}:prx:${channel}:${ts}`,
    promptReactionsPrefix: (team: string) => `${t(team)}:prx:`,
    event: (team: string, eventId: string) => `${t(team)}:evt:${eventId}`,
    /**
     * A DM `/checkin` waiting for the person to pick its channel (score, note, the channels offered),
     * kept minutes, deleted when used or by forget-me. One per person: a newer one replaces it.
     */
    pendingCheckin: (team: string, user: string) => `${t(team)}:pending:${user}`,

    /**
     * Key patterns of the layout before cells (per-day team totals, per-month answer buckets, the user
     * index): nothing reads them any more; the daily sweep deletes them, forget-me a person's at once.
     */
    legacyPatterns: (team: string) => [
      `${t(team)}:agg:*`,
      `${t(team)}:rsp:*`,
      `${t(team)}:rbm:*`,
      `${t(team)}:uidx`,
      `${t(team)}:un:*`,
      `${t(team)}:ua:*:*`,
      `${t(team)}:care:*`,
    ],
    legacyUserIndex: (team: string) => `${t(team)}:uidx`,
    /** A person's old month buckets of answers and of notes (one pattern, one scan). */
    legacyPersonBuckets: (team: string, user: string) => `${t(team)}:u[an]:${user}:*`,
    legacyCare: (team: string, user: string) => `${t(team)}:care:${user}`,

    // cells (see store/cells.ts)
    /** The channel's grid: hash { v: version, h: JSON history }. */
    grid: (team: string, channel: string) => `${t(team)}:grid:${channel}`,
    /** Open cells of a channel: zset id -> settle time (ms). */
    openCells: (team: string, channel: string) => `${t(team)}:open:${channel}`,
    openCellsPrefix: (team: string) => `${t(team)}:open:`,
    /** One open cell: hash "user|anchor" -> score and p (private) or v (visible). */
    cell: (team: string, channel: string, id: string) => `${t(team)}:cell:${channel}:${id}`,
    cellPrefix: (team: string, channel: string) => `${t(team)}:cell:${channel}:`,
    cellsPrefix: (team: string) => `${t(team)}:cell:`,
    /** Settled parts of a channel: zset JSON -> end (ms). No user IDs. */
    settled: (team: string, channel: string) => `${t(team)}:settled:${channel}`,
    /** Parts whose decision for this viewer differs from the base decision: zset id -> end (ms). */
    flips: (team: string, viewer: string, channel: string) => `${t(team)}:flip:${viewer}:${channel}`,
    /** Since when each lead of a channel has been its lead (hash user -> ms). */
    viewers: (team: string, channel: string) => `${t(team)}:viewers:${channel}`,
    /** Since when each bot admin has been seen as one (hash user -> ms). */
    adminViewers: (team: string) => `${t(team)}:viewers-admin`,

    // caches
    members: (team: string, channel: string) => `${t(team)}:members:${channel}`,
    /** A prompt channel the bot could not read (removed, deleted, archived): skipped until this expires. */
    unreadable: (team: string, channel: string) => `${t(team)}:unreadable:${channel}`,
    /** Number of human, active members of a channel (participation), cached as briefly as `members`. */
    humanCount: (team: string, channel: string) => `${t(team)}:humans:${channel}`,
    /** Whether a user is a human ("h") or a bot / deactivated account ("x"), cached for long. */
    userKind: (team: string, user: string) => `${t(team)}:ukind:${user}`,

    // people's own settings: hash user -> JSON { quiet? }; their Slack time zone, cached
    personSettings: (team: string) => `${t(team)}:psets`,
    userZone: (team: string, user: string) => `${t(team)}:utz:${user}`,
    // App Home: people who opened it recently (only their tab is refreshed after a check-in)
    homeSeen: (team: string, user: string) => `${t(team)}:home:${user}`,
  } as const;
}
