export type DisfluencyKind = 'filler' | 'hesitation';

export interface DisfluencyEvent {
  /** Seconds from the start of the answer. */
  at: number;
  kind: DisfluencyKind;
}

/** A moment of the answer where fillers and hesitations bunch up. */
export interface DisfluencyCluster {
  start: number;
  end: number;
  count: number;
  kinds: Partial<Record<DisfluencyKind, number>>;
}

export const CLUSTER_MIN_COUNT = 3;
export const CLUSTER_WINDOW_SEC = 5;

/**
 * Moments with at least 3 fillers or hesitations within 5 s. Events are chained: each next event within 5 s of the
 * first event of the current group joins it; a group reaching 3 is a cluster. Groups do not overlap, so a long
 * stumbling stretch reads as consecutive moments rather than one event counted in several.
 */
export function disfluencyClusters(events: readonly DisfluencyEvent[]): DisfluencyCluster[] {
  const sorted = [...events].filter((e) => Number.isFinite(e.at)).sort((a, b) => a.at - b.at);
  const clusters: DisfluencyCluster[] = [];
  let group: DisfluencyEvent[] = [];
  const close = (): void => {
    const first = group[0];
    const last = group.at(-1);
    if (first && last && group.length >= CLUSTER_MIN_COUNT) {
      const kinds: DisfluencyCluster['kinds'] = {};
      for (const e of group) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
      clusters.push({ start: round2(first.at), end: round2(last.at), count: group.length, kinds });
    }
    group = [];
  };
  for (const event of sorted) {
    const first = group[0];
    if (first && event.at - first.at > CLUSTER_WINDOW_SEC) {
      if (group.length >= CLUSTER_MIN_COUNT) close();
      else {
        // Slide: drop events too far back to share a 5 s window with this one.
        group = group.filter((e) => event.at - e.at <= CLUSTER_WINDOW_SEC);
      }
    }
    group.push(event);
  }
  close();
  return clusters;
}

/** "0:42 — 3 hesitations within 5 s" / "1:05 — 2 fillers and 1 hesitation within 5 s". */
export function describeCluster(cluster: DisfluencyCluster): string {
  const parts: string[] = [];
  const fillers = cluster.kinds.filler ?? 0;
  const hesitations = cluster.kinds.hesitation ?? 0;
  if (fillers) parts.push(`${fillers} filler${fillers === 1 ? '' : 's'}`);
  if (hesitations) parts.push(`${hesitations} hesitation${hesitations === 1 ? '' : 's'}`);
  const within = Math.max(1, Math.ceil(cluster.end - cluster.start));
  return `${clock(cluster.start)} — ${parts.join(' and ')} within ${within} s`;
}

/** m:ss of a time in seconds. */
export function clock(sec: number): string {
  const whole = Math.max(0, Math.floor(sec));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
