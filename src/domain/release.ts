// What a lead may see: the release rules. Pure.
//
// A cell's figures and who may see them are decided once, when it settles (an hour after it ends),
// from the answers as they stood then, and never change afterwards. A viewer (a lead of the channel or
// a bot admin) sees a settled part only when, leaving the viewer's own answers aside:
//   - at least k people answered in it;
//   - the people who answered privately (a button, /checkin, or a reaction hidden among other
//     reactions of theirs) number 0 or at least k;
//   - no one person gave more than half of its check-ins, nor more than half of its private ones.
// When 1 to k − 1 people answered privately, the cell is split once, the same way for everyone: its
// public check-ins form one part, and its private ones join the remainder of its week (a week's join
// its four-week block; a four-week cell's are withheld). A remainder is a cell of its own, never split.
// Every figure a lead sees is a sum over whole parts released to them, so nothing can be subtracted.
//
// Whether a part is released never depends on scores: only on who answered and how.

import type { Score } from './types.js';

export type Counts = [number, number, number, number, number];

export interface CellEntry {
  user: string;
  score: Score;
  /** Private: not a reaction the channel can see. */
  priv: boolean;
}

/** Why a part is withheld (for its base decision). */
export type Why = 'few' | 'few-private' | 'one-person' | '';

export type PartKind = 'whole' | 'public' | 'rem';

/** A settled part, as stored: anonymous figures and its decisions, no user IDs. */
export interface SettledPart {
  /** Unique within the channel. */
  id: string;
  /** The grid's cell kind ('day', 'week', '4w'), or 'rem' for a remainder. */
  cell: 'day' | 'week' | '4w' | 'rem';
  part: PartKind;
  start: number;
  end: number;
  /** When it settled. */
  at: number;
  /** Local dates (YYYY-MM-DD) of its first and last day, in the channel's zone then. */
  from: string;
  to: string;
  people: number;
  /** Human members of the channel recorded at settlement; 0 when unknown. */
  members: number;
  n: number;
  dist: Counts;
  /** Released to a viewer who answered nothing in it. */
  base: boolean;
  /** Released whoever of its respondents is left out (what a viewer named later may see). */
  robust: boolean;
  why: Why;
}

export interface SettleInput {
  id: string;
  cell: 'day' | 'week' | '4w' | 'rem';
  start: number;
  end: number;
  at: number;
  from: string;
  to: string;
  members: number;
  k: number;
  entries: readonly CellEntry[];
  /** The channel's leads and the bot admins at settlement. */
  viewers: readonly string[];
  /** Where private answers go when the cell splits; undefined: they are withheld. */
  hasRemainder: boolean;
}

export interface SettleOutput {
  parts: SettledPart[];
  /** Viewers whose decision on a part differs from its base decision (they answered in it). */
  flips: { viewer: string; part: string }[];
  /** Indices of `entries` that move to the remainder (only when the cell splits). */
  toRemainder: number[];
  /** Private check-ins withheld for good (a split four-week cell). */
  dropped: number;
}

/** Check-ins per person (all, and private), and in all, leaving out `skip`'s. */
function tally(entries: readonly CellEntry[], skip?: string) {
  const per = new Map<string, { n: number; p: number }>();
  let n = 0;
  let p = 0;
  for (const e of entries) {
    if (e.user === skip) continue;
    const c = per.get(e.user) ?? { n: 0, p: 0 };
    c.n += 1;
    n += 1;
    if (e.priv) {
      c.p += 1;
      p += 1;
    }
    per.set(e.user, c);
  }
  return { per, n, p, people: per.size, privPeople: [...per.values()].filter((c) => c.p > 0).length };
}

/** Rule 3 for one viewer (undefined: a viewer who answered nothing in it). */
export function passes(entries: readonly CellEntry[], k: number, viewer?: string): Why {
  const { per, n, p, people, privPeople } = tally(entries, viewer);
  if (people < k) return 'few';
  if (privPeople > 0 && privPeople < k) return 'few-private';
  for (const c of per.values()) if (2 * c.n > n || 2 * c.p > p) return 'one-person';
  return '';
}

/**
 * Whether rule 3 holds with any one respondent left out (what a viewer named later may see). Linear:
 * leaving out `u` removes one person and their check-ins, and the largest remaining share is the
 * largest other person's, so per-person counts and the two largest of each are enough.
 */
export function holdsWhoeverIsLeftOut(entries: readonly CellEntry[], k: number): boolean {
  const { per, n, p, people, privPeople } = tally(entries);
  const top = (key: 'n' | 'p') => {
    let first = 0;
    let second = 0;
    for (const c of per.values()) {
      if (c[key] >= first) [first, second] = [c[key], first];
      else if (c[key] > second) second = c[key];
    }
    return { first, second };
  };
  const tn = top('n');
  const tp = top('p');
  for (const c of per.values()) {
    if (people - 1 < k) return false;
    const priv = privPeople - (c.p > 0 ? 1 : 0);
    if (priv > 0 && priv < k) return false;
    const otherN = c.n === tn.first ? tn.second : tn.first;
    const otherP = c.p === tp.first ? tp.second : tp.first;
    if (2 * otherN > n - c.n || 2 * otherP > p - c.p) return false;
  }
  return true;
}

function figures(entries: readonly CellEntry[]): { people: number; n: number; dist: Counts } {
  const dist: Counts = [0, 0, 0, 0, 0];
  const people = new Set<string>();
  for (const e of entries) {
    dist[e.score - 1] = (dist[e.score - 1] as number) + 1;
    people.add(e.user);
  }
  return { people: people.size, n: entries.length, dist };
}

function decide(
  id: string,
  part: PartKind,
  entries: readonly CellEntry[],
  input: SettleInput,
): { part: SettledPart; flips: { viewer: string; part: string }[] } {
  const why = passes(entries, input.k);
  const base = why === '';
  const users = [...new Set(entries.map((e) => e.user))];
  const robust = base && holdsWhoeverIsLeftOut(entries, input.k);
  const flips: { viewer: string; part: string }[] = [];
  const answered = new Set(users);
  for (const v of new Set(input.viewers)) {
    if (answered.has(v) && (passes(entries, input.k, v) === '') !== base) flips.push({ viewer: v, part: id });
  }
  return {
    part: {
      id,
      cell: input.cell,
      part,
      start: input.start,
      end: input.end,
      at: input.at,
      from: input.from,
      to: input.to,
      members: input.members,
      ...figures(entries),
      base,
      robust,
      why,
    },
    flips,
  };
}

/** Settles a cell: its parts, their decisions, and what moves on to the remainder. */
export function settle(input: SettleInput): SettleOutput {
  const privPeople = new Set(input.entries.filter((e) => e.priv).map((e) => e.user));
  const split = input.cell !== 'rem' && privPeople.size > 0 && privPeople.size < input.k;
  if (!split) {
    if (input.entries.length === 0) return { parts: [], flips: [], toRemainder: [], dropped: 0 };
    const d = decide(input.id, input.cell === 'rem' ? 'rem' : 'whole', input.entries, input);
    return { parts: [d.part], flips: d.flips, toRemainder: [], dropped: 0 };
  }
  const pub = input.entries.filter((e) => !e.priv);
  const moved: number[] = [];
  input.entries.forEach((e, i) => {
    if (e.priv) moved.push(i);
  });
  const out: SettleOutput = {
    parts: [],
    flips: [],
    toRemainder: input.hasRemainder ? moved : [],
    dropped: input.hasRemainder ? 0 : moved.length,
  };
  if (pub.length > 0) {
    const d = decide(`${input.id}p`, 'public', pub, input);
    out.parts.push(d.part);
    out.flips.push(...d.flips);
  }
  return out;
}

// ---- what one viewer sees ----------------------------------------------------------------------

export interface Viewer {
  /** When this person last became a lead of the channel (or was first seen as an admin); undefined: never. */
  since?: number;
  /** Parts whose decision for this viewer differs from the base decision. */
  flips: ReadonlySet<string>;
}

/** Whether a settled part is released to a viewer. */
export function releasedTo(part: SettledPart, viewer: Viewer): boolean {
  if (viewer.since === undefined || viewer.since > part.at) return part.robust;
  return viewer.flips.has(part.id) ? !part.base : part.base;
}

export interface Figures {
  checkins: number;
  /** One decimal. */
  average: number;
  dist: Counts;
  lowSharePct: number;
  /** Lower median of the people in each shown part. */
  respondents: number;
  /** Lower median of people ÷ members per shown part (percent); null when no part knows its members. */
  participationPct: number | null;
}

export interface View {
  periodDays: number;
  /** Parts shown, oldest first. */
  shown: SettledPart[];
  /** Parts of the previous period of the same length that were released to the viewer. */
  previous: SettledPart[];
  /** Settled parts of the period left out, by reason (remainders are never counted: see viewFor). */
  withheld: { few: number; fewPrivate: number; onePerson: number; total: number };
  /** Figures of the shown parts; undefined when nothing is shown. */
  figures?: Figures;
  /** Average minus the previous period's, one decimal; null when either has nothing shown. */
  change: number | null;
  /** Average per shown part, one decimal, oldest first. */
  trend: number[];
}

/** numerator / denominator rounded half away from zero, in integers. */
function roundDiv(numerator: number, denominator: number): number {
  const negative = numerator < 0 !== denominator < 0;
  const a = Math.abs(numerator);
  const b = Math.abs(denominator);
  const q = Math.floor((2 * a + b) / (2 * b));
  return negative ? -q : q;
}

const sumScores = (d: Counts) => d[0] + 2 * d[1] + 3 * d[2] + 4 * d[3] + 5 * d[4];
const total = (d: Counts) => d[0] + d[1] + d[2] + d[3] + d[4];

function lowerMedian(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] as number;
}

export function summed(parts: readonly SettledPart[]): Counts {
  const d: Counts = [0, 0, 0, 0, 0];
  for (const p of parts) for (let i = 0; i < 5; i++) d[i] = (d[i] as number) + (p.dist[i] as number);
  return d;
}

function averageOf(parts: readonly SettledPart[]): number | null {
  const d = summed(parts);
  const n = total(d);
  return n === 0 ? null : roundDiv(sumScores(d) * 10, n) / 10;
}

/**
 * What a viewer sees for the period of `days` days ending at `now`: the settled parts that ended
 * within it and were released to them, whole; the previous period's for the change.
 */
export function viewFor(parts: readonly SettledPart[], viewer: Viewer, now: number, days: number): View {
  const len = days * 86_400_000;
  const inCurrent = (p: SettledPart) => p.end <= now && p.end > now - len;
  const inPrevious = (p: SettledPart) => p.end <= now - len && p.end > now - 2 * len;
  const sorted = [...parts].sort((a, b) => a.start - b.start || a.end - b.end);
  const shown: SettledPart[] = [];
  const previous: SettledPart[] = [];
  const withheld = { few: 0, fewPrivate: 0, onePerson: 0, total: 0 };
  for (const p of sorted) {
    if (p.at > now) continue;
    if (inCurrent(p)) {
      if (releasedTo(p, viewer)) shown.push(p);
      else if (p.part !== 'rem') {
        // A remainder left out is not counted: whether one exists would tell that someone answered privately.
        withheld.total += 1;
        if (p.why === 'few-private') withheld.fewPrivate += 1;
        else if (p.why === 'one-person') withheld.onePerson += 1;
        else withheld.few += 1;
      }
    } else if (inPrevious(p) && releasedTo(p, viewer)) previous.push(p);
  }
  const trend = shown.map((p) => averageOf([p]) ?? 0);
  if (shown.length === 0) return { periodDays: days, shown, previous, withheld, change: null, trend };
  const dist = summed(shown);
  const n = total(dist);
  const sum = sumScores(dist);
  const known = shown.filter((p) => p.members > 0);
  const figures: Figures = {
    checkins: n,
    average: roundDiv(sum * 10, n) / 10,
    dist,
    lowSharePct: roundDiv((dist[0] + dist[1]) * 100, n),
    respondents: lowerMedian(shown.map((p) => p.people)),
    participationPct:
      known.length === 0
        ? null
        : Math.min(100, lowerMedian(known.map((p) => roundDiv(p.people * 100, p.members)))),
  };
  let change: number | null = null;
  if (previous.length > 0) {
    const pd = summed(previous);
    const pn = total(pd);
    change = roundDiv((sum * pn - sumScores(pd) * n) * 10, n * pn) / 10;
  }
  return { periodDays: days, shown, previous, withheld, figures, change, trend };
}
