/** Slack-shaped identifiers and timestamps, shared by the fake and the event builders so ordering stays consistent. */

let lastMicros = 0;
let counter = 0;

/** A message timestamp (`1700000000.000123`), strictly increasing within this process. */
export function nextTs(): string {
  lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
  const seconds = Math.floor(lastMicros / 1_000_000);
  const micros = String(lastMicros % 1_000_000).padStart(6, '0');
  return `${seconds}.${micros}`;
}

/** A unique upper-case id with Slack's one-letter prefix (F file, Ev event…). */
export function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}0FAKE${String(counter).padStart(6, '0')}`;
}

export function nextTriggerId(): string {
  counter += 1;
  return `${counter}.${Date.now()}.fake${counter.toString(16).padStart(8, '0')}`;
}

/** Slack's `channel_type` as it appears in message events, from the id prefix. */
export function channelTypeOf(channelId: string): 'im' | 'group' | 'channel' {
  if (channelId.startsWith('D')) return 'im';
  if (channelId.startsWith('G')) return 'group';
  return 'channel';
}
