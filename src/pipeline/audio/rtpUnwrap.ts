/**
 * RTP sequence numbers (16 bits) and timestamps (32 bits) wrap around. Extending them against a reference (the
 * furthest value seen so far) with the shortest signed distance gives a counter that keeps growing, as long as
 * consecutive values are less than half the range apart.
 */
export function unwrap(value: number, reference: number, bits: 16 | 32): number {
  const range = 2 ** bits;
  const low = ((reference % range) + range) % range;
  let delta = value - low;
  if (delta >= range / 2) delta -= range;
  else if (delta < -range / 2) delta += range;
  return reference + delta;
}
