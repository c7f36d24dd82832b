/**
 * Every fix proposed in the thread, as the model's patches (or tunables) on
 * one base kernel, with the message where it was proposed or tested.
 */
import type { PatchId } from '@forward-progress/model/kernel/patches';

export interface Proposal {
  id: string;
  /** A few words, for the chart's axis. */
  short: string;
  label: string;
  patches: PatchId[];
  params?: Record<string, number>;
  who: string;
  /** The day it was proposed (2016). */
  date: string;
  /** Message-ID on lore.kernel.org/linux-mm. */
  msgid: string;
}

export const PROPOSALS: readonly Proposal[] = [
  { id: 'none', short: 'no patch', label: 'No patch (the base kernel)', patches: [], who: 'Mikulas Patocka (report)', date: '12 Jul', msgid: 'alpine.LRH.2.02.1607121907160.24806@file01.intranet.prod.int.rdu2.redhat.com' },
  { id: 'kcryptd-less-throttle', short: 'kcryptd PF_LESS_THROTTLE', label: 'PF_LESS_THROTTLE for kcryptd', patches: ['kcryptd-less-throttle'], who: 'Michal Hocko', date: '13 Jul', msgid: '20160713111006.GF28723@dhcp22.suse.cz' },
  { id: 'throttle-noretry', short: '__GFP_NORETRY return', label: '__GFP_NORETRY early return in throttle_vm_writeout', patches: ['throttle-noretry'], who: 'Mikulas Patocka; passed Ondrej Kozina\'s test, 14 Jul', date: '13 Jul', msgid: 'alpine.LRH.2.02.1607131021410.31769@file01.intranet.prod.int.rdu2.redhat.com' },
  { id: 'mempool-less-throttle', short: 'mempool PF_LESS_THROTTLE', label: 'PF_LESS_THROTTLE inside mempool_alloc (flag only)', patches: ['mempool-less-throttle'], who: 'Michal Hocko; "froze as well" (Ondrej, 14 Jul)', date: '14 Jul', msgid: '20160714125129.GA12289@dhcp22.suse.cz' },
  { id: 'throttle-skip-less-throttle', short: 'PF_LESS_THROTTLE return', label: 'PF_LESS_THROTTLE early return alone', patches: ['throttle-skip-less-throttle'], who: 'Ondrej Kozina (17:25; Michal Hocko\'s alternative 19:36)', date: '14 Jul', msgid: '8ada6905-ffd2-46c7-7ca1-861fac7e6264@redhat.com' },
  { id: 'rfc-1', short: 'RFC 1/2 (TIF_MEMDIE)', label: 'RFC 1/2: reserves for TIF_MEMDIE only', patches: ['mempool-memdie-only'], who: 'Michal Hocko', date: '18 Jul', msgid: '1468831285-27242-1-git-send-email-mhocko@kernel.org' },
  { id: 'rfc-2', short: 'RFC 2/2', label: 'RFC 2/2: PF_LESS_THROTTLE in mempool + early return', patches: ['mempool-less-throttle', 'throttle-skip-less-throttle'], who: 'Michal Hocko (the shape Ondrej tested)', date: '18 Jul', msgid: '1468831285-27242-2-git-send-email-mhocko@kernel.org' },
  { id: 'mempool-no-direct-reclaim', short: 'mempool: no reclaim', label: 'mempool_alloc never direct-reclaims', patches: ['mempool-no-direct-reclaim'], who: 'NeilBrown (also Mikulas, 13 Jul)', date: '22 Jul', msgid: '87oa5q5abi.fsf@notabene.neil.brown.name' },
  { id: 'watermark-scale-factor', short: 'watermark_scale_factor', label: 'watermark_scale_factor 10 → 200', patches: [], params: { watermarkScaleFactor: 200 }, who: 'Jerome Marchand; "would just change the timing" (Michal)', date: '13 Jul', msgid: '20160713111426.GG28723@dhcp22.suse.cz' },
  { id: 'min-free-kbytes', short: 'min_free_kbytes', label: 'min_free_kbytes → 16384', patches: [], params: { minFreeKbytes: 16384 }, who: 'Jerome Marchand (Red Hat internal; not public)', date: '11 Jul', msgid: '20160713111426.GG28723@dhcp22.suse.cz' },
  { id: 'oom-writeback-progress', short: 'writeback progress', label: 'Count finished writebacks as progress', patches: ['oom-writeback-progress'], who: 'Mikulas Patocka (idea, no patch)', date: '11 Jul', msgid: 'alpine.LRH.2.02.1607111027080.14327@file01.intranet.prod.int.rdu2.redhat.com' },
  { id: 'revert-f9054c70', short: 'revert f9054c70', label: 'Revert f9054c70', patches: ['revert-f9054c70'], who: 'Michal Hocko (merged: 4e390b2b2f34)', date: '21 Jul', msgid: '20160721145309.GR26379@dhcp22.suse.cz' },
  { id: 'remove-throttle-vm-writeout', short: 'no throttle_vm_writeout', label: 'Remove throttle_vm_writeout', patches: ['remove-throttle-vm-writeout'], who: 'Michal Hocko (merged: bf48438354a7)', date: '14 Aug', msgid: '1471171473-21418-1-git-send-email-mhocko@kernel.org' },
];

export const loreUrl = (msgid: string) => `https://lore.kernel.org/linux-mm/${msgid}/`;
