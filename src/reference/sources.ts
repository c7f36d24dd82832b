/**
 * The sources of Forward Progress in one place: every message of the
 * "System freezes after OOM" thread and its follow-ups that the project uses,
 * every commit, the kernel trees our line numbers come from, background
 * articles and kernel documentation. The References page is generated from
 * this module; chapters may import `lore`, `commitUrl` and the records.
 *
 * How each record was checked (26 Nov 2026):
 * - Messages: the header (Date, From, Subject, Message-ID) read in the public
 *   linux-mm archive mirror, GitHub sjp38/lore-linux-mm. `inMirror: false`
 *   marks the few that are not in that archive; their ids are known from the
 *   References headers or the quotes of later messages (`knownFrom`).
 * - `label` is the "#" number ../shared/kernel-facts.md §1 gives a message
 *   (1a.1, 1a.2 for the May report; 1–3 for the Red Hat-internal start of the
 *   thread; 4–45 for the public thread). Follow-ups have no number.
 * - Commits: full hashes only where kernel-facts.md / literature.md give them
 *   (or a message of the thread quotes them in full); otherwise `abbreviated`.
 */

/** Where a message belongs in the story. */
export type ThreadId = 'may-report' | 'system-freezes' | 'rfc' | 'removal' | 'background';

export const THREADS: Record<ThreadId, string> = {
  'may-report': 'The May 2016 report (dm-devel, linux-mm, LKML)',
  'system-freezes': '"System freezes after OOM" (linux-mm, LKML, dm-devel), 11–18 July 2016',
  rfc: '"[RFC PATCH 0/2] mempool vs. page allocator interaction" and the revert, 18 July – 4 August 2016',
  removal: '"[PATCH] mm, vmscan: get rid of throttle_vm_writeout", 14 August 2016',
  background: 'Earlier postings and related reports',
};

export interface Message {
  /** Stable key for code and anchors (`#msg-<id>` on the References page). */
  id: string;
  /** The "#" label kernel-facts.md uses, if it has one. */
  label?: string;
  /** The full Message-ID, without angle brackets. */
  messageId: string;
  /** The Date header, in the sender's own time zone (RFC 3339). */
  date: string;
  /** The date is not from the message's own header (see `note`). */
  dateApproximate?: boolean;
  author: string;
  subject: string;
  thread: ThreadId;
  /** What the message says, in one line, in our words. */
  gist: string;
  /** The header was read in the public linux-mm archive (so the lore link works). */
  inMirror: boolean;
  /** The message (id in this list) that quotes or references this one. */
  knownFrom?: string;
  note?: string;
}

export const MESSAGES: readonly Message[] = [
  { id: "rh-1", label: "1", messageId: "57837CEE.1010609@redhat.com", date: "2016-07-11T13:03:00+02:00", dateApproximate: true, author: "Stanislav Kozina", subject: "System freezes after OOM", thread: "system-freezes", gist: "OOM comes while more than 90% of the 2 GB swap is still free.", inMirror: false, knownFrom: "m4", note: "Red Hat internal, not in the public archive; known from the quotes in #4, which give its time as printed by the mail client (the subject is inferred from the replies)." },
  { id: "rh-2", label: "2", messageId: "f80dc690-7e71-26b2-59a2-5a1557d26713@redhat.com", date: "2016-07-11T13:55:00+02:00", dateApproximate: true, author: "Jerome Marchand", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Atomic allocation failures; suggests raising min_free_kbytes.", inMirror: false, knownFrom: "m4", note: "Red Hat internal, not in the public archive; known from the quotes in #4 (time as printed by the mail client; subject inferred from the replies)." },
  { id: "rh-3", label: "3", messageId: "9be09452-de7f-d8be-fd5d-4a80d1cd1ba3@redhat.com", date: "2016-07-11T14:00:00+02:00", dateApproximate: true, author: "Ondrej Kozina", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "A C++ build in 3–4 threads; adds Mikulas to Cc.", inMirror: false, knownFrom: "m4", note: "Red Hat internal, not in the public archive; known from the quotes in #4. Its time is not known: it falls between #2 and #4 on 11 July." },
  { id: "may", label: "1a.2", messageId: "572B6CB3.10802@redhat.com", date: "2016-05-05T17:54:27+02:00", author: "Ondrej Kozina", subject: "Re: [dm-devel] [4.4, 4.5, 4.6] Regression: encrypted swap (dm-crypt) freezes system while under memory pressure and swapping", thread: "may-report", gist: "Ondrej's 1 GB test VM with 2 GB swap on dm-crypt is OOM-killed with swap nearly empty; he bisects it to f9054c70.", inMirror: true },
  { id: "m4", label: "4", messageId: "alpine.LRH.2.02.1607111027080.14327@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-11T11:43:02-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "The allocator retries and then OOM-kills without looking at free swap; names 0a0337e0; asks whether not OOMing while swap is free would be acceptable.", inMirror: true },
  { id: "m5", label: "5", messageId: "20160712064905.GA14586@dhcp22.suse.cz", date: "2016-07-12T08:49:05+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Retries last as long as reclaim makes progress; the dmesg shows reserves consumed by a task with access to them; NAKs OOM-on-free-swap.", inMirror: true },
  { id: "m6", label: "6", messageId: "alpine.LRH.2.02.1607121907160.24806@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-12T19:44:11-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Explains why each swapped page needs another page on dm-crypt; blames f9054c70; reports the 4.7-rc near-deadlock: kcryptd sleeps 0.1 s at a time in throttle_vm_writeout, so it gets through about ten requests a second.", inMirror: true },
  { id: "m7", label: "7", messageId: "1e31eea2-beb4-5734-c831-0c1753f0115a@redhat.com", date: "2016-07-13T10:35:01+02:00", author: "Jerome Marchand", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Suggests raising vm.watermark_scale_factor.", inMirror: true },
  { id: "m8", label: "8", messageId: "20160713111006.GF28723@dhcp22.suse.cz", date: "2016-07-13T13:10:06+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Describes the 4.7 OOM detection; proposes PF_LESS_THROTTLE for kcryptd_crypt; says throttle_vm_writeout has been there nearly forever.", inMirror: true },
  { id: "m9", label: "9", messageId: "20160713111426.GG28723@dhcp22.suse.cz", date: "2016-07-13T13:14:26+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "A larger watermark_scale_factor would only change the timing.", inMirror: true },
  { id: "m10", label: "10", messageId: "20160713125050.GJ28723@dhcp22.suse.cz", date: "2016-07-13T14:50:51+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Asks who completes the encryption requests, and in which context.", inMirror: true },
  { id: "m11", label: "11", messageId: "97c60afe-d922-ce4c-3a5c-5b15bf0fe2da@gmail.com", date: "2016-07-13T15:44:31+02:00", author: "Milan Broz", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "crypt_convert is usually synchronous (AES-NI or software); asynchronous only with hardware accelerators.", inMirror: true },
  { id: "m12", label: "12", messageId: "2d5e1f84-e886-7b98-cb11-170d7104fd13@I-love.SAKURA.ne.jp", date: "2016-07-13T22:19:23+09:00", author: "Tetsuo Handa", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Questions f9054c70; proposes ALLOC_NO_WATERMARKS for TIF_MEMDIE tasks even with __GFP_NOMEMALLOC.", inMirror: true },
  { id: "m13", label: "13", messageId: "20160713133955.GK28723@dhcp22.suse.cz", date: "2016-07-13T15:39:55+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Sums up f9054c70: reserves are allowed when the pool is empty.", inMirror: true },
  { id: "m14", label: "14", messageId: "alpine.LRH.2.02.1607131004340.31769@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-13T10:18:35-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "The swap-out path runs with PF_MEMALLOC down into device mapper's mempools; wants f9054c70 reverted.", inMirror: true },
  { id: "m15", label: "15", messageId: "alpine.LRH.2.02.1607131019300.31769@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-13T10:21:07-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Agrees that tuning the limits only hides the bug.", inMirror: true },
  { id: "m16", label: "16", messageId: "alpine.LRH.2.02.1607131021410.31769@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-13T11:02:15-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "The mempool step lists before and after f9054c70; posts the __GFP_NORETRY early return in throttle_vm_writeout.", inMirror: true },
  { id: "m17", label: "17", messageId: "20160713145638.GM28723@dhcp22.suse.cz", date: "2016-07-13T16:56:38+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Accepts that the PF_MEMALLOC swap-out path reaches mempools; f9054c70 has unintended side effects.", inMirror: true },
  { id: "m18", label: "18", messageId: "alpine.LRH.2.02.1607131105080.31769@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-13T11:11:32-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Asks David what f9054c70 fixes: a mempool user that cannot proceed is a bug in that user.", inMirror: true },
  { id: "m19", label: "19", messageId: "alpine.LRH.2.02.1607131114390.31769@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-13T11:21:41-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "How dm-crypt hands a write from crypt_map to the kcryptd workers and on to the dmcrypt_write thread.", inMirror: true },
  { id: "m23", label: "23", messageId: "alpine.DEB.2.10.1607131644590.92037@chino.kir.corp.google.com", date: "2016-07-13T16:53:28-07:00", author: "David Rientjes", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "David's reason for f9054c70: an OOM victim stuck in mempool_alloc livelocked hundreds of machines.", inMirror: true },
  { id: "m20", label: "20", messageId: "20160714090934.GB4079@dhcp22.suse.cz", date: "2016-07-14T11:09:35+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Dedicated kernel threads look sufficient for dm-crypt.", inMirror: true },
  { id: "m22", label: "22", messageId: "061337a8-68bf-38c0-e3df-af0f901e9ee5@gmail.com", date: "2016-07-14T11:46:29+02:00", author: "Milan Broz", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "The null cipher can rule out the crypto layer.", inMirror: true },
  { id: "m21", label: "21", messageId: "e9d8f7bb-2dfb-9da9-266c-1e57c128f1c5@redhat.com", date: "2016-07-14T12:51:51+02:00", author: "Ondrej Kozina", subject: "Re: [dm-devel] System freezes after OOM", thread: "system-freezes", gist: "Ondrej tests Mikulas's patch: no OOM kill, no livelock of dozens of minutes as on 4.7.0-rc6; swap fills slowly.", inMirror: true },
  { id: "m26", label: "26", messageId: "201607142001.BJD07258.SMOHFOJVtLFOQF@I-love.SAKURA.ne.jp", date: "2016-07-14T20:01:27+09:00", author: "Tetsuo Handa", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "TIF_MEMDIE is racy; with __GFP_NORETRY the OOM killer is not called; points to the OOM reaper.", inMirror: true },
  { id: "m24", label: "24", messageId: "alpine.LRH.2.02.1607140818250.15554@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-14T08:27:12-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Device mapper must be able to proceed with no memory available; mempool users must return objects.", inMirror: true },
  { id: "m25", label: "25", messageId: "20160714125129.GA12289@dhcp22.suse.cz", date: "2016-07-14T14:51:29+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Proposes PF_LESS_THROTTLE inside mempool_alloc; objects that __GFP_NORETRY is used outside mempool too.", inMirror: true },
  { id: "m28", label: "28", messageId: "alpine.LRH.2.02.1607140952550.1102@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-14T10:00:16-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "current_may_throttle() still throttles: shrink_zone_memcg calls throttle_vm_writeout without looking at PF_LESS_THROTTLE.", inMirror: false, dateApproximate: true, knownFrom: "m30", note: "Not in the linux-mm mirror; its full id is in the References of later messages, and its time comes from the attribution line quoted in #30." },
  { id: "m27", label: "27", messageId: "740b17f0-e1bb-b021-e9e1-ad6dcf5f033a@redhat.com", date: "2016-07-14T16:08:28+02:00", author: "Ondrej Kozina", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Michal's mempool PF_LESS_THROTTLE patch does not help: the system froze as well.", inMirror: true },
  { id: "m29", label: "29", messageId: "20160714145937.GB12289@dhcp22.suse.cz", date: "2016-07-14T16:59:37+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "The dirty-limit bias for PF_LESS_THROTTLE should help.", inMirror: true },
  { id: "m30", label: "30", messageId: "8ada6905-ffd2-46c7-7ca1-861fac7e6264@redhat.com", date: "2016-07-14T17:25:13+02:00", author: "Ondrej Kozina", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Ondrej had to add an early return to throttle_vm_writeout as well.", inMirror: true },
  { id: "m31", label: "31", messageId: "20160714152913.GC12289@dhcp22.suse.cz", date: "2016-07-14T17:29:13+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Proposes the TIF_MEMDIE-only mempool rule (later RFC 1/2).", inMirror: true },
  { id: "m32", label: "32", messageId: "20160714153120.GD12289@dhcp22.suse.cz", date: "2016-07-14T17:31:20+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Asks for traces of the frozen tasks.", inMirror: true },
  { id: "m33", label: "33", messageId: "9ca3459a-8226-b870-163e-58e2bb10df74@redhat.com", date: "2016-07-14T19:07:52+02:00", author: "Ondrej Kozina", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "The sysrq+t/w log of the frozen 4.7.0-rc7+ machine.", inMirror: true },
  { id: "m34", label: "34", messageId: "20160714173659.GA29355@dhcp22.suse.cz", date: "2016-07-14T19:36:59+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "From the log: 69,824 pages under writeback, so PF_LESS_THROTTLE could not help; proposes an early return for PF_LESS_THROTTLE in throttle_vm_writeout.", inMirror: true },
  { id: "m35", label: "35", messageId: "alpine.DEB.2.10.1607141316240.68666@chino.kir.corp.google.com", date: "2016-07-14T13:22:40-07:00", author: "David Rientjes", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Nothing guarantees that anything returns memory to the mempool.", inMirror: true },
  { id: "m36", label: "36", messageId: "alpine.DEB.2.10.1607141324290.68666@chino.kir.corp.google.com", date: "2016-07-14T13:26:30-07:00", author: "David Rientjes", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Asks Tetsuo for a guarantee that the OOM reaper frees memory.", inMirror: true },
  { id: "m37", label: "37", messageId: "alpine.DEB.2.10.1607141326500.68666@chino.kir.corp.google.com", date: "2016-07-14T13:38:42-07:00", author: "David Rientjes", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "The TIF_MEMDIE patch leads to OOM livelock; PF_MEMALLOC allocators must be responsible.", inMirror: true },
  { id: "m38", label: "38", messageId: "201607150640.GEB78167.VOFSFHOLMtJOFQ@I-love.SAKURA.ne.jp", date: "2016-07-15T06:40:04+09:00", author: "Tetsuo Handa", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "The OOM reaper lets the OOM killer choose the next victim.", inMirror: true },
  { id: "m41", label: "41", messageId: "20160715072242.GB11811@dhcp22.suse.cz", date: "2016-07-15T09:22:42+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "A task A/B/C lock scenario; the OOM reaper is the generic answer.", inMirror: true },
  { id: "m42", label: "42", messageId: "20160715082347.GC11811@dhcp22.suse.cz", date: "2016-07-15T10:23:47+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Will post the patch with a full changelog.", inMirror: true },
  { id: "m40", label: "40", messageId: "alpine.LRH.2.02.1607150711270.5034@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-15T07:21:59-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Tells David that he misreads how mempools work.", inMirror: true },
  { id: "m39", label: "39", messageId: "alpine.LRH.2.02.1607150722460.5034@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-15T07:25:59-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "mempool_alloc sleeps for up to 5 s and then retries the page allocator.", inMirror: true },
  { id: "m43", label: "43", messageId: "747214d9-be8c-2bbb-9b19-147541b3d439@I-love.SAKURA.ne.jp", date: "2016-07-15T20:42:40+09:00", author: "Tetsuo Handa", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Links a dm-crypt lockup reported a month earlier: kswapd in mempool_alloc, kcryptd workers in throttle_vm_writeout.", inMirror: true },
  { id: "m44a", label: "44", messageId: "alpine.DEB.2.10.1607151422140.121215@chino.kir.corp.google.com", date: "2016-07-15T14:25:22-07:00", author: "David Rientjes", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Reply to Mikulas (#40).", inMirror: true },
  { id: "m44b", label: "44", messageId: "alpine.DEB.2.10.1607151426420.121215@chino.kir.corp.google.com", date: "2016-07-15T14:47:30-07:00", author: "David Rientjes", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Reply to Michal's lock scenario (#41).", inMirror: true },
  { id: "m44c", label: "44", messageId: "alpine.DEB.2.10.1607151447490.121215@chino.kir.corp.google.com", date: "2016-07-15T14:58:20-07:00", author: "David Rientjes", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Reply to Mikulas (#45, first message). Across these three replies: his machines are swapless and heavily oversubscribed, and they may revert f9054c70 themselves.", inMirror: true },
  { id: "m45a", label: "45", messageId: "alpine.LRH.2.02.1607151730430.21114@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-15T17:39:55-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Asks for David's block stack.", inMirror: true },
  { id: "m45b", label: "45", messageId: "alpine.LRH.2.02.1607151943510.13011@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-15T19:53:49-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "ext4 and filemap_fault are above device mapper, not below it.", inMirror: true },
  { id: "rfc0", messageId: "1468831164-26621-1-git-send-email-mhocko@kernel.org", date: "2016-07-18T10:39:22+02:00", author: "Michal Hocko", subject: "[RFC PATCH 0/2] mempool vs. page allocator interaction", thread: "rfc", gist: "Cover letter of the two RFC patches.", inMirror: true },
  { id: "rfc1", messageId: "1468831285-27242-1-git-send-email-mhocko@kernel.org", date: "2016-07-18T10:41:24+02:00", author: "Michal Hocko", subject: "[RFC PATCH 1/2] mempool: do not consume memory reserves from the reclaim path", thread: "rfc", gist: "Set __GFP_NOMEMALLOC always, except for an OOM victim whose pool is empty.", inMirror: true },
  { id: "rfc2", messageId: "1468831285-27242-2-git-send-email-mhocko@kernel.org", date: "2016-07-18T10:41:25+02:00", author: "Michal Hocko", subject: "[RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "mempool_alloc sets PF_LESS_THROTTLE, and throttle_vm_writeout returns early for it.", inMirror: true },
  { id: "hocko-0718", messageId: "20160718073914.GD22671@dhcp22.suse.cz", date: "2016-07-18T09:39:14+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "A layer violation; a page-allocator fix would affect every __GFP_NOMEMALLOC user.", inMirror: true },
  { id: "rientjes-0718", messageId: "alpine.DEB.2.10.1607181401240.132608@chino.kir.corp.google.com", date: "2016-07-18T14:03:56-07:00", author: "David Rientjes", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Two ways out: let mempool_alloc progress, or rely on elements being returned in all contexts.", inMirror: true },
  { id: "weiner-0719", messageId: "20160719135426.GA31229@cmpxchg.org", date: "2016-07-19T09:54:26-04:00", author: "Johannes Weiner", subject: "Re: [RFC PATCH 1/2] mempool: do not consume memory reserves from the reclaim path", thread: "rfc", gist: "Johannes Weiner on RFC 1/2.", inMirror: true },
  { id: "rientjes-0719", messageId: "alpine.DEB.2.10.1607191315400.58064@chino.kir.corp.google.com", date: "2016-07-19T13:45:52-07:00", author: "David Rientjes", subject: "Re: [RFC PATCH 1/2] mempool: do not consume memory reserves from the reclaim path", thread: "rfc", gist: "David objects to RFC 1/2.", inMirror: true },
  { id: "hocko-0720", messageId: "20160720081541.GF11249@dhcp22.suse.cz", date: "2016-07-20T10:15:42+02:00", author: "Michal Hocko", subject: "Re: [RFC PATCH 1/2] mempool: do not consume memory reserves from the reclaim path", thread: "rfc", gist: "Michal answers David on RFC 1/2.", inMirror: true },
  { id: "rientjes-0720", messageId: "alpine.DEB.2.10.1607201353230.22427@chino.kir.corp.google.com", date: "2016-07-20T14:06:26-07:00", author: "David Rientjes", subject: "Re: [RFC PATCH 1/2] mempool: do not consume memory reserves from the reclaim path", thread: "rfc", gist: "David again on RFC 1/2.", inMirror: true },
  { id: "hocko-0721-304", messageId: "20160721085202.GC26379@dhcp22.suse.cz", date: "2016-07-21T10:52:03+02:00", author: "Michal Hocko", subject: "Re: [RFC PATCH 1/2] mempool: do not consume memory reserves from the reclaim path", thread: "rfc", gist: "304 mempool_alloc users: fix the regression first; otherwise the revert.", inMirror: true },
  { id: "weiner-0721", messageId: "20160721121300.GA21806@cmpxchg.org", date: "2016-07-21T08:13:00-04:00", author: "Johannes Weiner", subject: "Re: [RFC PATCH 1/2] mempool: do not consume memory reserves from the reclaim path", thread: "rfc", gist: "\"+1\": a full revert makes the most sense.", inMirror: false, dateApproximate: true, knownFrom: "neil-0722a", note: "Not in the linux-mm mirror; its full id is in the References of the revert posting, and NeilBrown quotes it with its time." },
  { id: "revert-post", messageId: "20160721145309.GR26379@dhcp22.suse.cz", date: "2016-07-21T16:53:10+02:00", author: "Michal Hocko", subject: "Re: [RFC PATCH 1/2] mempool: do not consume memory reserves from the reclaim path", thread: "rfc", gist: "Michal posts the full revert of f9054c70.", inMirror: true },
  { id: "neil-0722a", messageId: "87vazy78kx.fsf@notabene.neil.brown.name", date: "2016-07-22T11:41:34+10:00", author: "NeilBrown", subject: "Re: [RFC PATCH 1/2] mempool: do not consume memory reserves from the reclaim path", thread: "rfc", gist: "mempool_alloc should never allocate from the emergency reserves; Acked-by.", inMirror: true },
  { id: "neil-0722b", messageId: "87oa5q5abi.fsf@notabene.neil.brown.name", date: "2016-07-22T18:46:57+10:00", author: "NeilBrown", subject: "Re: [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "The allocator under mempool should never wait, never reclaim, never throttle; mask out __GFP_DIRECT_RECLAIM.", inMirror: true },
  { id: "hocko-0722", messageId: "20160722091558.GF794@dhcp22.suse.cz", date: "2016-07-22T11:15:59+02:00", author: "Michal Hocko", subject: "Re: [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "Michal answers NeilBrown on RFC 2/2.", inMirror: true },
  { id: "neil-0723", messageId: "878twt5i1j.fsf@notabene.neil.brown.name", date: "2016-07-23T10:12:24+10:00", author: "NeilBrown", subject: "Re: [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "What does throttle_vm_writeout achieve today? Proposes a GFP_TRANSIENT flag.", inMirror: true },
  { id: "hocko-0725", messageId: "20160725192344.GD2166@dhcp22.suse.cz", date: "2016-07-25T21:23:45+02:00", author: "Michal Hocko", subject: "Re: [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "First posting of a patch that removes throttle_vm_writeout.", inMirror: true },
  { id: "mikulas-0725", messageId: "alpine.LRH.2.02.1607251730280.11852@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-25T17:52:17-04:00", author: "Mikulas Patocka", subject: "Re: [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "Device mapper imposes no limit on in-flight bios: dm-crypt queues every bio to a workqueue with no limit; his earlier patches for a limit were never merged.", inMirror: true },
  { id: "neil-0727", messageId: "87invr4tjm.fsf@notabene.neil.brown.name", date: "2016-07-27T14:02:53+10:00", author: "NeilBrown", subject: "Re: [dm-devel] [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "Device mapper should limit its in-flight bios, or at least signal congestion; seconds resurrecting Mikulas's patches for such a limit.", inMirror: true },
  { id: "mikulas-0727", messageId: "alpine.LRH.2.02.1607270948040.1779@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-27T10:28:40-04:00", author: "Mikulas Patocka", subject: "Re: [dm-devel] [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "Marking dm-crypt congested could throttle its workers again; mempool allocations should never be throttled; uploads the dm-limit-outstanding-bios patches.", inMirror: true },
  { id: "neil-0728", messageId: "87bn1i4vcj.fsf@notabene.neil.brown.name", date: "2016-07-28T07:36:12+10:00", author: "NeilBrown", subject: "Re: [dm-devel] [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "Agrees that mempool allocations should never be throttled; will look at the dm-limit-outstanding-bios patches.", inMirror: true },
  { id: "hocko-0727", messageId: "20160727184021.GF21859@dhcp22.suse.cz", date: "2016-07-27T20:40:21+02:00", author: "Michal Hocko", subject: "Re: [dm-devel] [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "Michal's reply on RFC 2/2.", inMirror: true },
  { id: "mikulas-0803", messageId: "alpine.LRH.2.02.1608030853430.15274@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-08-03T09:59:11-04:00", author: "Mikulas Patocka", subject: "Re: [dm-devel] [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "Removing throttle_vm_writeout had little effect; since the revert 4e390b2b2f34, swapping to dm-crypt works in the simple example.", inMirror: true },
  { id: "hocko-0803", messageId: "20160803144229.GD1490@dhcp22.suse.cz", date: "2016-08-03T16:42:29+02:00", author: "Michal Hocko", subject: "Re: [dm-devel] [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "The reply Mikulas's 4 Aug message answers.", inMirror: true },
  { id: "mikulas-0804", messageId: "alpine.LRH.2.02.1608041439420.21662@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-08-04T14:46:07-04:00", author: "Mikulas Patocka", subject: "Re: [dm-devel] [RFC PATCH 2/2] mm, mempool: do not throttle PF_LESS_THROTTLE tasks", thread: "rfc", gist: "Occasional mempool stalls in throttle_vm_writeout remain.", inMirror: true },
  { id: "removal", messageId: "1471171473-21418-1-git-send-email-mhocko@kernel.org", date: "2016-08-14T12:44:33+02:00", author: "Michal Hocko", subject: "[PATCH] mm, vmscan: get rid of throttle_vm_writeout", thread: "removal", gist: "The patch that removed throttle_vm_writeout (bf48438354a7, v4.9-rc1).", inMirror: true },
  { id: "hocko-0715", messageId: "20160715083510.GD11811@dhcp22.suse.cz", date: "2016-07-15T10:35:10+02:00", author: "Michal Hocko", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Reply to Mikulas in the PF_LESS_THROTTLE sub-thread.", inMirror: true },
  { id: "weiner-0718", messageId: "20160718151445.GB14604@cmpxchg.org", date: "2016-07-18T11:14:45-04:00", author: "Johannes Weiner", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Mempools have their own reserves, separate from the system's, and every holder of a mempool object promises to make forward progress.", inMirror: true },
  { id: "mikulas-0715", messageId: "alpine.LRH.2.02.1607150802380.5034@file01.intranet.prod.int.rdu2.redhat.com", date: "2016-07-15T08:11:22-04:00", author: "Mikulas Patocka", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Reply to Michal's message of 15 Jul, 10:35 +0200.", inMirror: true },
  { id: "rientjes-0714", messageId: "alpine.DEB.2.10.1607141504110.72383@chino.kir.corp.google.com", date: "2016-07-14T15:04:25-07:00", author: "David Rientjes", subject: "Re: System freezes after OOM", thread: "system-freezes", gist: "Reply to Tetsuo on the OOM reaper.", inMirror: true },
  { id: "dahl-0421", label: "1a.1", messageId: "8125260b-30b0-e80d-c451-8194e6866227@binary-island.eu", date: "2016-04-21T09:48:00+02:00", author: "Matthias Dahl", subject: "[4.4, 4.5, 4.6] Regression: encrypted swap (dm-crypt) freezes system while under memory pressure and swapping", thread: "may-report", gist: "The original report: encrypted swap freezes 4.4.x and 4.5-rc3+ under memory pressure; bisected to 564e81a57f97, which he calls a trigger, not the culprit.", inMirror: false, dateApproximate: true, knownFrom: "may", note: "Sent to dm-devel and LKML, not to linux-mm; Ondrej quotes it in full in his reply of 5 May. The time is the one his mail client printed." },
  { id: "handa-564e81", messageId: "1454064552-5598-1-git-send-email-penguin-kernel@I-love.SAKURA.ne.jp", date: "2016-01-29T19:49:12+09:00", author: "Tetsuo Handa", subject: "[PATCH] mm, vmstat: fix wrong WQ sleep when memory reclaim doesn't make any progress", thread: "background", gist: "The posting of 564e81a57f97: a workqueue worker's short sleep in wait_iff_congested, made real.", inMirror: true },
  { id: "hocko-oom-rework", messageId: "1450203586-10959-2-git-send-email-mhocko@kernel.org", date: "2015-12-15T19:19:44+01:00", author: "Michal Hocko", subject: "[PATCH 1/3] mm, oom: rework oom detection", thread: "background", gist: "The posting of the OOM detection rework that became 0a0337e0.", inMirror: true },
  { id: "stezenbach", messageId: "20160616212641.GA3308@sig21.net", date: "2016-06-16T23:26:41+02:00", author: "Johannes Stezenbach", subject: "4.6.2 frequent crashes under memory + IO pressure", thread: "background", gist: "Another lockup under memory and IO pressure on 4.6.2, linked from #43.", inMirror: true },
];

const byId = new Map(MESSAGES.map((m) => [m.id, m]));

/** A message by its key; throws for an unknown key, so a typo fails the build. */
export function message(id: string): Message {
  const m = byId.get(id);
  if (!m) throw new Error(`sources.ts: no message "${id}"`);
  return m;
}

/** The message kernel-facts.md numbers `#label` (the first, if several share it). */
export function messageByLabel(label: string): Message {
  const m = MESSAGES.find((x) => x.label === label);
  if (!m) throw new Error(`sources.ts: no message labelled #${label}`);
  return m;
}

/** `https://lore.kernel.org/linux-mm/<Message-ID>/` (angle brackets are dropped). */
export function lore(messageId: string): string {
  return `https://lore.kernel.org/linux-mm/${messageId.replace(/^<|>$/g, '')}/`;
}

/** The public link of a message, or undefined if it is not in the public linux-mm archive. */
export function messageUrl(m: Message): string | undefined {
  return m.inMirror ? lore(m.messageId) : undefined;
}

/** Milliseconds since the epoch of a message's Date header. */
export function messageTime(m: Message): number {
  return Date.parse(m.date);
}

/** Messages in the order they were sent. */
export function messagesByDate(): Message[] {
  return [...MESSAGES].sort((a, b) => messageTime(a) - messageTime(b));
}

// ---------------------------------------------------------------- commits

export interface Commit {
  /** Stable key for code and anchors (`#commit-<id>`). */
  id: string;
  /** 40 hex digits, or the abbreviated hash when `abbreviated` is set. */
  hash: string;
  /** Only an abbreviated hash is known to us (never a guessed completion). */
  abbreviated?: boolean;
  title: string;
  /** The author, or a sentence saying it is not confirmed. */
  author: string;
  /** The first mainline release that contains it (e.g. "v4.8-rc1"). */
  firstRelease: string;
  /** The release is inferred (from a merge window or a tracker), not read in a tree. */
  releaseUnconfirmed?: boolean;
  /** Stable releases that got it, where known. */
  stable?: string[];
  /** Which repository the hash is in; all but the 2005 history-tree commit are mainline. */
  repository?: 'torvalds' | 'history';
  role: 'thread' | 'background' | 'later';
  /** What it changed, in our words. */
  summary: string;
}

export const COMMITS: readonly Commit[] = [
  { id: 'f9054c70', hash: 'f9054c70d28bc214b2857cf8db8269f4f45a5e23', title: 'mm, mempool: only set __GFP_NOMEMALLOC if there are free elements', author: 'David Rientjes', firstRelease: 'v4.6-rc1', role: 'thread',
    summary: 'mempool_alloc lets a PF_MEMALLOC or TIF_MEMDIE caller whose pool is empty take memory below the min watermark. Bisected by Ondrej as the cause of the May OOM.' },
  { id: '0a0337e0', hash: '0a0337e0d1d134465778a16f5cbea95086e8e9e0', title: 'mm, oom: rework oom detection', author: 'Michal Hocko', firstRelease: 'v4.7-rc1', role: 'thread',
    summary: 'Replaces "no reclaim progress, so OOM" with should_reclaim_retry: up to 16 loops without progress, each discounting the reclaimable estimate.' },
  { id: 'ede37713', hash: 'ede37713737834d98ec72ed299a305d53e909f73', title: 'mm: throttle on IO only when there are too many dirty and writeback pages', author: 'Michal Hocko', firstRelease: 'v4.7-rc1', role: 'thread',
    summary: 'The allocator waits (congestion_wait, 100 ms) in its retry loop only when dirty and writeback pages dominate; drops the workqueue worker\'s short sleep in wait_iff_congested.' },
  { id: '4e390b2b', hash: '4e390b2b2f34b8daaabf2df1df0cf8f798b87ddb', title: 'Revert "mm, mempool: only set __GFP_NOMEMALLOC if there are free elements"', author: 'Michal Hocko', firstRelease: 'v4.8-rc1', stable: ['4.7.1', '4.6.7'], role: 'thread',
    summary: 'mempool_alloc always sets __GFP_NOMEMALLOC again: no mempool user digs into the reserves. Not in v4.7.' },
  { id: 'bf484383', hash: 'bf48438354a7', abbreviated: true, title: 'mm, vmscan: get rid of throttle_vm_writeout', author: 'Michal Hocko', firstRelease: 'v4.9-rc1', role: 'thread',
    summary: 'Deletes throttle_vm_writeout and its call at the end of shrink_node_memcg.' },
  { id: '0a83df6c', hash: '0a83df6c8cac', abbreviated: true, title: 'dm crypt: increase mempool reserve to better support swapping', author: 'not recorded in our sources', firstRelease: 'v4.8', role: 'thread',
    summary: 'dm-crypt\'s MIN_IOS goes from 16 to 64: larger bioset and request-pool reserves.' },
  { id: '78ebc2f7', hash: '78ebc2f7146156f488083c9e5a7ded9d5c38c58b', title: 'mm,writeback: don\'t use memory reserves for wb_start_writeback', author: 'not recorded in our sources', firstRelease: 'not recorded in our sources', role: 'thread',
    summary: 'Silenced the wb_start_writeback allocation warning seen in the July logs (hash quoted in full by Mikulas in #4, title by Tetsuo in June 2016).' },
  { id: '564e81a5', hash: '564e81a57f9788b1475127012e0fd44e9049e342', title: 'mm, vmstat: fix wrong WQ sleep when memory reclaim doesn\'t make any progress', author: 'Tetsuo Handa', firstRelease: 'v4.5-rc3', stable: ['4.4.x'], role: 'background',
    summary: 'Makes a workqueue worker\'s sleep in wait_iff_congested a real one-jiffy sleep. Matthias Dahl bisected his April 2016 freeze to it.' },
  { id: '373ccbe5', hash: '373ccbe59270', abbreviated: true, title: 'mm, vmstat: allow WQ concurrency to discover memory reclaim doesn\'t make any progress', author: 'Michal Hocko', firstRelease: 'not recorded in our sources', role: 'background',
    summary: 'Added the short sleep for workqueue workers that 564e81a57f97 later fixed.' },
  { id: '795ae7a0', hash: '795ae7a0de6b834a0cc202aa55c190ef81496665', title: 'mm: scale kswapd watermarks in proportion to memory', author: 'not recorded in our sources', firstRelease: 'v4.6-rc1', role: 'background',
    summary: 'The low and high watermarks step up by the larger of a quarter of min and watermark_scale_factor ten-thousandths of the zone.' },
  { id: 'aac45363', hash: 'aac453635549699c13a84ea1456d5b0e574ef855', title: 'mm, oom: introduce oom reaper', author: 'Michal Hocko', firstRelease: 'v4.6', role: 'background',
    summary: 'A kernel thread frees an OOM victim\'s anonymous memory before the victim itself exits.' },
  { id: 'b37f1dd0', hash: 'b37f1dd0f543d9714f96c2f9b9f74f7bdfdfdf31', title: 'mm: introduce __GFP_MEMALLOC to allow access to emergency reserves', author: 'Mel Gorman', firstRelease: 'v3.6', role: 'background',
    summary: 'Part of the swap-over-network series: a gfp flag that grants the reserves to one allocation.' },
  { id: '5515061d', hash: '5515061d22f0f9976ae7815864bfd22042d36848', title: 'mm: throttle direct reclaimers if PF_MEMALLOC reserves are low and swap is backed by network storage', author: 'Mel Gorman', firstRelease: 'v3.6', role: 'background',
    summary: 'The origin of throttle_direct_reclaim.' },
  { id: 'cf2f1abf', hash: 'cf2f1abfbd0dba701f7f16ef619e4d2485de3366', title: 'dm crypt: don\'t allocate pages for a partial request', author: 'Mikulas Patocka', firstRelease: 'v4.0', role: 'background',
    summary: 'crypt_alloc_buffer allocates the pages of a whole request or none.' },
  { id: 'f3396c58', hash: 'f3396c58fd8442850e759843457d78b6ec3a9589', title: 'dm crypt: use unbound workqueue for request processing', author: 'Mikulas Patocka', firstRelease: 'v4.0', role: 'background',
    summary: 'Encryption runs on an unbound workqueue (kcryptd).' },
  { id: 'dc267621', hash: 'dc2676210c42', abbreviated: true, title: 'dm crypt: offload writes to thread', author: 'Mikulas Patocka', firstRelease: 'v4.0', role: 'background',
    summary: 'Encrypted writes are sorted and submitted by the dmcrypt_write thread.' },
  { id: '586b286b', hash: '586b286b110e94eb31840ac5afc0c24e0881fe34', title: 'dm crypt: constrain crypt device\'s max_segment_size to PAGE_SIZE', author: 'Mike Snitzer', firstRelease: 'not recorded in our sources (committed September 2015)', role: 'background',
    summary: 'A dm-crypt bio segment is at most one page.' },
  { id: '26eecbf3', hash: '26eecbf3543b', abbreviated: true, repository: 'history', title: '[PATCH] vm: pageout throttling', author: 'Marcelo Tosatti (patch carried by Andrew Morton)', firstRelease: '2.6 era (2004–2005, history tree)', role: 'background',
    summary: 'The origin of throttle_vm_writeout: limit memory under pageout writeback to a little more than the dirty threshold.' },
  { id: '47a13333', hash: '47a133339c33', abbreviated: true, title: 'mm: use global_dirty_limit in throttle_vm_writeout()', author: 'Fengguang Wu', firstRelease: 'not recorded in our sources', role: 'background',
    summary: 'throttle_vm_writeout compares with the slowly decaying global dirty limit, not the momentary threshold.' },
  { id: '5059353d', hash: '5059353df86e2573ccd9d43fd9d9396dcec47ca2', title: 'dm crypt: limit the number of allocated pages', author: 'Mikulas Patocka', firstRelease: 'v4.17-rc1', releaseUnconfirmed: true, role: 'later',
    summary: 'dm-crypt\'s page allocations are capped at 2% of RAM.' },
  { id: 'cd04ae1e', hash: 'cd04ae1e2dc8e3651b8c427ec1b9500c6eed7b90', title: 'mm, oom: do not rely on TIF_MEMDIE for memory reserves access', author: 'Michal Hocko', firstRelease: 'v4.14-rc1', releaseUnconfirmed: true, role: 'later',
    summary: 'OOM victims get partial reserve access (ALLOC_OOM) instead of ALLOC_NO_WATERMARKS.' },
  { id: 'a37b0715', hash: 'a37b0715ddf3007734c4e2424c14bc7efcdd1190', title: 'mm/writeback: replace PF_LESS_THROTTLE with PF_LOCAL_THROTTLE', author: 'NeilBrown', firstRelease: 'v5.8', releaseUnconfirmed: true, role: 'later',
    summary: 'The flag tried in the 2016 thread is renamed and given a new meaning.' },
  { id: '39d42fa9', hash: '39d42fa96ba1b7d2544db3f8ed5da8fb0d5cb877', title: 'dm crypt: add flags to optionally bypass kcryptd workqueues', author: 'Ignat Korchagin', firstRelease: 'v5.9', releaseUnconfirmed: true, role: 'later',
    summary: 'The no_read_workqueue and no_write_workqueue options.' },
  { id: 'a666e5c0', hash: 'a666e5c05e7c4aaabb2c5d58117b0946803d03d2', title: 'dm: fix deadlock when swapping to encrypted device', author: 'Mikulas Patocka', firstRelease: 'v5.12-rc1', releaseUnconfirmed: true, role: 'later',
    summary: 'dm core bounds the swap bios in flight per device (the dm_mod swap_bios parameter). Backported to stable.' },
  { id: '8cd7c588', hash: '8cd7c588decf470bf7e14f2be93b709f839a965e', title: 'mm/vmscan: throttle reclaim until some writeback completes if congested', author: 'Mel Gorman', firstRelease: 'v5.16-rc1', releaseUnconfirmed: true, role: 'later',
    summary: 'Reclaim waits for actual writeback progress instead of the congestion signal.' },
];

const commitById = new Map(COMMITS.map((c) => [c.id, c]));

/** A commit by its key (the first eight hex digits); throws for an unknown key. */
export function commit(id: string): Commit {
  const c = commitById.get(id);
  if (!c) throw new Error(`sources.ts: no commit "${id}"`);
  return c;
}

/** The commit's page on git.kernel.org (Linus's tree; abbreviated hashes resolve there too). */
export function commitUrl(hash: string): string {
  return `https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=${hash}`;
}

/** The link for a commit record, or undefined for one outside Linus's tree. */
export function commitLink(c: Commit): string | undefined {
  return c.repository === 'history' ? undefined : commitUrl(c.hash);
}

// ---------------------------------------------------------- kernel trees

/** A public mirror of one exact kernel tree whose files we read for line numbers. */
export interface MirrorTree {
  id: string;
  /** The kernel it is (Makefile version). */
  kernel: string;
  /** GitHub owner/name. */
  repo: string;
  commit: string;
  note: string;
}

export const MIRROR_TREES: readonly MirrorTree[] = [
  { id: '4.6.2', kernel: '4.6.2', repo: 'xing393939/linux-4.6.2', commit: '857de4c2409b0162b07d3faa6d3b4989bac9b518',
    note: 'mm/, block/, drivers/md/ and include/ unchanged since the import commit 6bcd5b161f0b. Has no Documentation/ directory.' },
  { id: '4.7-rc-mempool', kernel: '4.7-rc7 (mm/mempool.c only)', repo: 'rebuilt from 4.7.4 and 4.6.2', commit: '8f65464da5de84d8bca0a8d97352f3c800f90614',
    note: 'mm/mempool.c rebuilt byte-exact: the blob id is the base of Michal\'s July 2016 patches (the hash given here is that blob, not a commit).' },
  { id: '4.7.4', kernel: '4.7.4 (4.7.4-casio-testing)', repo: 'calebwilliamsd/linux-4.7.4-casio', commit: '01851de9bbf82552133ba1f39b71a06a1d6b7a23',
    note: 'A student project\'s import; only the files named in kernel-facts.md were checked against upstream blob ids. mm/page-writeback.c and drivers/md/dm-crypt.c match the bases of the July patches.' },
  { id: '4.8.15', kernel: '4.8.15', repo: 'squirrel20/linux-4.8.15', commit: '6870c69a7d05a845e4d2040753c30615d83ae83c',
    note: 'mm and dm-crypt files unchanged since the import 5be5d3706f10.' },
];

/** One base kernel of the model: where its elixir links point and whose line numbers they carry. */
export interface KernelVersion {
  /** The model's id for the base kernel. */
  version: 'v4.5' | 'v4.6' | 'v4.7-rc6' | 'v4.8' | 'v4.9';
  /** The elixir tag the model's links for this kernel use. */
  elixirTag: string;
  /** The mirror tree(s) the line numbers were read in. */
  linesFrom: string[];
  /** How exact the numbers are for this version. */
  status: string;
}

export const KERNEL_VERSIONS: readonly KernelVersion[] = [
  { version: 'v4.5', elixirTag: 'v4.6', linesFrom: ['4.6.2'],
    status: 'We did not read v4.5\'s files: the model links v4.5 to the nearest verified lines, v4.6\'s. Where v4.5 differs (the watermark steps, mempool_alloc before f9054c70), the prose links identifiers or the reverted body in v4.8.' },
  { version: 'v4.6', elixirTag: 'v4.6', linesFrom: ['4.6.2'],
    status: 'Lines from 4.6.2; exact for v4.6 wherever the 4.6.y stable updates left the file alone (not confirmed file by file).' },
  { version: 'v4.7-rc6', elixirTag: 'v4.7-rc6', linesFrom: ['4.7-rc-mempool', '4.7.4'],
    status: 'mm/mempool.c and mm/page-writeback.c are exact for the mid-July 4.7-rc7 tree (rc6 presumed the same); drivers/md/dm-crypt.c is the same blob in 4.6.2 and 4.7.4; mm/page_alloc.c, mm/vmscan.c and mm/backing-dev.c come from 4.7.4 and are not confirmed for rc6.' },
  { version: 'v4.8', elixirTag: 'v4.8', linesFrom: ['4.8.15'],
    status: 'Lines from 4.8.15, which for these files is v4.8 plus stable fixes.' },
  { version: 'v4.9', elixirTag: 'v4.8', linesFrom: ['4.8.15'],
    status: 'We did not read v4.9\'s files: the model links v4.9 to v4.8\'s lines, the same code minus throttle_vm_writeout.' },
];

export const ELIXIR = 'https://elixir.bootlin.com/linux';

/** `https://elixir.bootlin.com/linux/<tag>/source/<path>#L<line>`; without a line, the file. */
export function elixirSource(tag: string, path: string, line?: number, endLine?: number): string {
  const base = `${ELIXIR}/${tag}/source/${path}`;
  if (line === undefined) return base;
  return endLine === undefined ? `${base}#L${line}` : `${base}#L${line}-L${endLine}`;
}

/** An identifier search on elixir, for a name whose line we did not verify. */
export function elixirIdent(tag: string, ident: string): string {
  return `${ELIXIR}/${tag}/C/ident/${ident}`;
}

// ------------------------------------------------ articles and documentation

export interface Article {
  id: string;
  title: string;
  /** As literature.md gives it; "unconfirmed" where it is. */
  date: string;
  author?: string;
  url: string;
  /** Why it matters here, in our words. */
  relevance: string;
}

export const ARTICLES: readonly Article[] = [
  { id: 'L5', title: 'Safely swapping over the net', date: '19 April 2011', author: 'Jonathan Corbet', url: 'https://lwn.net/Articles/439298/',
    relevance: 'Why swapping must work with almost no memory to spare, why mempools solve it for local disks, and where __GFP_MEMALLOC and the PF_MEMALLOC throttle came from.' },
  { id: 'L2', title: 'The "too small to fail" memory-allocation rule', date: 'December 2014 (day and author unconfirmed)', url: 'https://lwn.net/Articles/627419/',
    relevance: 'Small allocations loop rather than fail, unless the caller is an OOM victim: background for TIF_MEMDIE and David Rientjes\'s livelock.' },
  { id: 'L1', title: 'Toward more predictable and reliable out-of-memory handling', date: '16 December 2015', author: 'Jonathan Corbet', url: 'https://lwn.net/Articles/668126/',
    relevance: 'Michal Hocko\'s OOM detection rework (0a0337e0) and the OOM reaper.' },
  { id: 'L1a', title: 'The patch postings cited by that article', date: 'December 2015', url: 'https://lwn.net/Articles/667939/',
    relevance: 'The OOM-detection patch set as LWN mirrors it (also https://lwn.net/Articles/668133/ and, for the OOM reaper, https://lwn.net/Articles/666024/).' },
  { id: 'L4', title: 'Improving the OOM killer', date: '2016 (month unconfirmed)', url: 'https://lwn.net/Articles/684945/',
    relevance: 'Described by others as the OOM reaper\'s design; not read by us.' },
  { id: 'L6', title: 'Toward less-annoying background writeback', date: '13 April 2016', url: 'https://lwn.net/Articles/682582/',
    relevance: 'Block-layer writeback throttling: a different "writeback throttling" from throttle_vm_writeout.' },
  { id: 'L7', title: 'Background writeback', date: '4 May 2016 (LSFMM 2016)', url: 'https://lwn.net/Articles/685894/',
    relevance: 'The same topic at LSFMM 2016.' },
  { id: 'L8', title: 'No-I/O dirty throttling', date: '31 August 2011', url: 'https://lwn.net/Articles/456904/',
    relevance: 'The balance_dirty_pages redesign behind the dirty limits that set throttle_vm_writeout\'s threshold.' },
  { id: 'L9', title: 'Fixing writeback from direct reclaim', date: '20 July 2010', url: 'https://lwn.net/Articles/396561/',
    relevance: 'Why direct reclaim stopped issuing I/O, an argument of the throttle_vm_writeout removal.' },
  { id: 'L10', title: 'When writeback goes wrong', date: '20 April 2010', url: 'https://lwn.net/Articles/384093/',
    relevance: 'Older writeback background (see also "Dynamic writeback throttling", https://lwn.net/Articles/405076/).' },
  { id: 'L3', title: 'Toward a real "too small to fail" rule', date: 'March 2024', author: 'Jonathan Corbet', url: 'https://lwn.net/Articles/964793/',
    relevance: 'Whether the informal rule should become policy.' },
  { id: 'L12', title: 'Removing GFP_NOFS', date: 'June 2024', author: 'Jake Edge', url: 'https://lwn.net/Articles/976355/',
    relevance: 'Scoped allocation (memalloc_noio_save) preferred to GFP_NOIO and GFP_NOFS flags.' },
];

export interface Doc {
  id: string;
  title: string;
  /** Path in the kernel tree, or a rendered page. */
  path: string;
  /** Where we read it: version and lines. */
  where: string;
  url: string;
  /** What it says, in our words. */
  says: string;
}

export const DOCS: readonly Doc[] = [
  { id: 'gfp-watermark', title: 'GFP "Watermark modifiers"', path: 'include/linux/gfp.h', where: 'v4.6, lines 90–112 (4.6.2 tree)', url: elixirSource('v4.6', 'include/linux/gfp.h', 90, 112),
    says: '__GFP_MEMALLOC gives access to all memory, for callers that will free more very soon; __GFP_NOMEMALLOC forbids the reserves and overrides it.' },
  { id: 'gfp-reclaim', title: 'GFP "Reclaim modifiers"', path: 'include/linux/gfp.h', where: 'v4.6, lines 114–157 (4.6.2 tree)', url: elixirSource('v4.6', 'include/linux/gfp.h', 114, 157),
    says: '__GFP_NORETRY fails once reclaim and compaction have failed and does not call the OOM killer; __GFP_DIRECT_RECLAIM may be cleared when a fallback exists.' },
  { id: 'gfp-combinations', title: 'Useful GFP flag combinations', path: 'include/linux/gfp.h', where: 'v4.6, lines 195–250 (4.6.2 tree)', url: elixirSource('v4.6', 'include/linux/gfp.h', 195, 250),
    says: 'GFP_NOIO reclaims only what needs no I/O to free (line 211): a GFP_NOIO reclaimer cannot start swap-out.' },
  { id: 'mempool-doc', title: 'mempool_alloc kernel-doc', path: 'mm/mempool.c', where: 'v4.7.4, lines 299–310', url: elixirSource('v4.7.4', 'mm/mempool.c', 299, 310),
    says: 'Because of preallocation, mempool_alloc never fails in process context; it sleeps only if the allocation function does or fails.' },
  { id: 'biodoc', title: 'biodoc, §3.1 "Setup/Teardown"', path: 'Documentation/block/biodoc.txt', where: 'v4.7.4, lines 590–611', url: elixirSource('v4.7.4', 'Documentation/block/biodoc.txt', 590, 611),
    says: 'Mempools as per-subsystem reserves for deadlock-free allocation under extreme VM load. Its "50% full" detail no longer describes the code.' },
  { id: 'vm-min-free', title: 'vm.min_free_kbytes', path: 'Documentation/sysctl/vm.txt', where: 'v4.7.4, line 427', url: elixirSource('v4.7.4', 'Documentation/sysctl/vm.txt', 427),
    says: 'Sets the min watermarks; some memory is needed for PF_MEMALLOC allocations; too low is subtly broken, too high OOMs at once.' },
  { id: 'vm-wsf', title: 'vm.watermark_scale_factor', path: 'Documentation/sysctl/vm.txt', where: 'v4.7.4, line 823', url: elixirSource('v4.7.4', 'Documentation/sysctl/vm.txt', 823),
    says: 'In ten-thousandths of memory; the default 10 makes the watermark gaps 0.1%.' },
  { id: 'vm-dirty', title: 'vm.dirty_background_ratio, dirty_bytes, dirty_ratio', path: 'Documentation/sysctl/vm.txt', where: 'v4.7.4, lines 135, 145, 170', url: elixirSource('v4.7.4', 'Documentation/sysctl/vm.txt', 135, 180),
    says: 'Percentages of the free and reclaimable memory, not of all RAM: the base of throttle_vm_writeout\'s threshold.' },
  { id: 'dm-crypt-doc', title: 'dm-crypt optional parameters', path: 'Documentation/device-mapper/dm-crypt.txt', where: 'v4.7.4, lines 54–77', url: elixirSource('v4.7.4', 'Documentation/device-mapper/dm-crypt.txt', 54, 77),
    says: 'Writes are offloaded to one thread (dmcrypt_write) and encryption runs on an unbound workqueue unless same_cpu_crypt or submit_from_crypt_cpus is set.' },
  { id: 'mem-alloc-guide', title: 'Memory Allocation Guide (later documentation)', path: 'Documentation/core-api/memory-allocation.rst', where: 'rendered on docs.kernel.org', url: 'https://docs.kernel.org/core-api/memory-allocation.html',
    says: 'Today\'s advice on GFP flags: GFP_ATOMIC only when the reserves are justified; GFP_NOIO and GFP_NOFS give way to scoped APIs.' },
  { id: 'mempool-htmldocs', title: 'mempool_alloc in the old kernel-api book', path: 'Documentation/DocBook/kernel-api', where: 'rendered (old)', url: 'https://www.kernel.org/doc/htmldocs/kernel-api/API-mempool-alloc.html',
    says: 'The same kernel-doc, rendered.' },
];
