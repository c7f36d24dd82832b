/**
 * The disk under dm-crypt (or, with plain swap, under the swap code itself): one request at a time at diskMiBPerS, plus a fixed
 * latency, at most diskQueueDepth requests queued. Completions that fall
 * within COMPLETION_BATCH_US of each other are delivered in one event.
 */
import { cryptEndio } from '../dm/dmCrypt.ts';
import { COMPLETION_BATCH_US, PAGE_BYTES } from '../runtime/units.ts';
import { plainSwapEndio, type SwapIo } from './swapIo.ts';
import type { MachineEnv } from '../env/machineEnv.ts';

export function diskSubmit(m: MachineEnv, io: SwapIo): void {
  const now = m.engine.now;
  const transferUs = (PAGE_BYTES / (m.p.diskMiBPerS * 1048576)) * 1e6 * m.rng.disk.jitter(0.2);
  m.diskBusyUntil = Math.max(now, m.diskBusyUntil, io.readyAt) + transferUs;
  io.doneAt = Math.round(m.diskBusyUntil + m.p.diskLatencyMs * 1000);
  m.diskQueue.push(io);
  m.diskInFlight++;
  if (!m.completionPending) {
    m.completionPending = true;
    m.engine.at(io.doneAt, completionEvent(m));
  }
}

function completionEvent(m: MachineEnv): () => void {
  return m.diskCompleteFn ?? (m.diskCompleteFn = () => diskComplete(m));
}

function diskComplete(m: MachineEnv): void {
  const limit = m.engine.now + COMPLETION_BATCH_US;
  let n = 0;
  while (m.diskQueue.length > 0 && m.diskQueue.peek()!.doneAt <= limit) {
    const io = m.diskQueue.shift()!;
    m.diskInFlight--;
    if (io.plain) plainSwapEndio(m, io);
    else cryptEndio(m, io);
    m.releaseSwapIo(io);
    n++;
  }
  m.completionPending = false;
  if (n > 0) m.engine.wake(m.q.diskTag);
  const next = m.diskQueue.peek();
  if (next) {
    m.completionPending = true;
    m.engine.at(next.doneAt, completionEvent(m));
  }
}
