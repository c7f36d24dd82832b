/**
 * Where a chapter's claims come from, as data: each claim is *reported*
 * (someone saw or said it, with the message or commit that shows it),
 * *inferred* (we concluded it, from what), or *modelled* (the model computed
 * it, with the scenario that reproduces it). The "Sources and confidence"
 * note at the end of each chapter is rendered from these lists.
 *
 * References are keys of src/reference/sources.ts (a message or a commit) or
 * an explicit link; an unknown key throws, so a typo fails the build.
 */
import { COMMITS, MESSAGES, commitLink, messageUrl, type Message } from './sources.ts';
import { provenance, type RunInput } from '../chapters/runs.ts';

/** A link to a source: a key of sources.ts, or a label with its address. */
export type SourceRef = string | { label: string; href: string };

export interface ReportedClaim {
  claim: string;
  /** At least one: who saw or said it. */
  refs: SourceRef[];
}

export interface InferredClaim {
  claim: string;
  /** What the inference rests on, in a phrase ("from the bisection", "from the code"). */
  from: string;
  refs?: SourceRef[];
}

export interface ModelledClaim {
  claim: string;
  /** The scenario the claim was computed from (its id and command are printed). */
  run: RunInput;
}

/** A claim read off the lab's recorded runs of real kernels: the runs it rests on, by trace id. */
export interface MeasuredClaim {
  claim: string;
  /** Trace ids (e.g. "4.6.2-crypt-r1"), each linked to the figure that opens it. */
  runs: string[];
  /** Where a run's link goes: the page and figure that show it (default: the 2016 kernels' widget). */
  href?: (run: string) => string;
}

export interface ResolvedLink {
  label: string;
  /** Undefined for a source with no public address (printed as text). */
  href?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mikulas Patocka, 12 Jul 2016", from the message's own Date header (the sender's day). */
export function messageLabel(m: Message): string {
  const [y, mo, d] = m.date.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${m.author}, ${d} ${MONTHS[mo - 1]} ${y}`;
}

const messagesById = new Map(MESSAGES.map((m) => [m.id, m]));
const commitsById = new Map(COMMITS.map((c) => [c.id, c]));

/** The label and address of one reference; throws on a key that sources.ts does not have. */
export function resolveRef(ref: SourceRef): ResolvedLink {
  if (typeof ref !== 'string') {
    if (!/^https?:\/\//.test(ref.href) && !ref.href.startsWith('../')) throw new Error(`claims: bad link "${ref.href}"`);
    return ref;
  }
  const m = messagesById.get(ref);
  if (m) return { label: messageLabel(m), href: messageUrl(m) };
  const c = commitsById.get(ref);
  if (c) return { label: `${c.hash.slice(0, 12)} (${c.firstRelease})`, href: commitLink(c) };
  throw new Error(`claims: no message or commit "${ref}" in sources.ts`);
}

/**
 * Several references at once; two messages with the same author and day get
 * the time of day from their Date header ("Ondrej Kozina, 14 Jul 2016 16:08").
 */
export function resolveRefs(refs: SourceRef[]): ResolvedLink[] {
  const links = refs.map(resolveRef);
  const count = new Map<string, number>();
  for (const l of links) count.set(l.label, (count.get(l.label) ?? 0) + 1);
  return links.map((l, i) => {
    const ref = refs[i]!;
    const m = typeof ref === 'string' ? messagesById.get(ref) : undefined;
    return m && count.get(l.label)! > 1 ? { ...l, label: `${l.label} ${m.date.slice(11, 16)}` } : l;
  });
}

export interface ResolvedModelled {
  claim: string;
  id: string;
  command: string;
  /** The Lab's query string for this scenario ('' for the defaults). */
  query: string;
}

export function resolveModelled(c: ModelledClaim): ResolvedModelled {
  const p = provenance(c.run);
  return { claim: c.claim, id: p.id, command: p.command, query: p.query };
}

/** Checks one chapter's lists: every reported claim has a source, every inferred one says from what. */
export function checkClaims(lists: { reported: ReportedClaim[]; inferred: InferredClaim[]; modelled: ModelledClaim[]; measured?: MeasuredClaim[] }): void {
  for (const r of lists.reported) if (!r.refs.length) throw new Error(`claims: reported claim without a source: "${r.claim}"`);
  for (const m of lists.measured ?? []) if (!m.runs.length) throw new Error(`claims: measured claim without a run: "${m.claim}"`);
  for (const i of lists.inferred) if (!i.from.trim()) throw new Error(`claims: inferred claim without its basis: "${i.claim}"`);
  for (const c of [...lists.reported, ...lists.inferred, ...lists.modelled, ...(lists.measured ?? [])]) if (!c.claim.trim()) throw new Error('claims: empty claim');
}
