/** Small formatting helpers for the reference pages. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A message date as its header gave it, in the sender's time zone:
 * `2016-07-13T11:02:15-04:00` → `13 Jul 2016, 11:02 −0400`.
 */
export function senderDate(iso: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):\d\d(Z|([+-])(\d\d):(\d\d))$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h, mi, z, sign, zh, zm] = m;
  const zone = z === 'Z' ? 'UTC' : `${sign === '-' ? '−' : '+'}${zh}${zm}`;
  return `${Number(d)} ${MONTHS[Number(mo) - 1]} ${y}, ${h}:${mi} ${zone}`;
}

/** The same instant in UTC, `2016-07-13 15:02`, for a machine-readable <time>. */
export function utcStamp(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().replace('T', ' ').slice(0, 16);
}

/** `a`, `b` and `c`. */
export function listJoin(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}
