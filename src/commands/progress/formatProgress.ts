/** Text helpers shared by the progress and round-summary cards. Dates are UTC so every viewer reads the same day. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''}`;
}

export function oneDecimal(n: number): string {
  return n.toFixed(1);
}

/** `▲ +0.8`, `▼ −0.3`, or `= 0.0` when unchanged at one decimal. */
export function formatChange(change: number): string {
  const rounded = Math.round(change * 10) / 10;
  if (rounded > 0) return `▲ +${rounded.toFixed(1)}`;
  if (rounded < 0) return `▼ −${Math.abs(rounded).toFixed(1)}`;
  return '= 0.0';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
