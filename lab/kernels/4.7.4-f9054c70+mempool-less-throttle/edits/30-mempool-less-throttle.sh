#!/bin/sh
# Edit: mempool_alloc() runs with PF_LESS_THROTTLE set whenever the caller
# allows direct reclaim, and restores the task's own flag afterwards (the flag
# only: throttle_vm_writeout() is left as it is).
# Carries the idea of Michal Hocko's proposal of 14 Jul 2016 on linux-mm
# (Message-ID: 20160714125129.GA12289@dhcp22.suse.cz; the site's model patch id:
# mempool-less-throttle), with which Ondrej Kozina's test "froze as well".
# Not an upstream commit. Written for this lab; not a copy of the mail: the
# original function is renamed and wrapped, so every return path restores the flag.
#
# Usage: sh 30-mempool-less-throttle.sh <kernel tree>
set -eu
exec python3 - "$1" "$(dirname "$0")/../../common" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from edit import refuse_if_present, replace_once
t, f = sys.argv[1], "mm/mempool.c"
refuse_if_present(t, f, "mempool_alloc_unthrottled", "wrapper that sets PF_LESS_THROTTLE")
replace_once(t, f,
    "void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)\n{\n",
    "static void *mempool_alloc_unthrottled(mempool_t *pool, gfp_t gfp_mask)\n{\n",
    "rename the body")
replace_once(t, f,
    "EXPORT_SYMBOL(mempool_alloc);\n",
    "\n"
    "/*\n"
    " * lab edit (Michal Hocko, 14 Jul 2016): while an allocation that may reclaim\n"
    " * runs on behalf of a mempool, mark the task PF_LESS_THROTTLE, so that\n"
    " * writeback throttling treats it like a flusher; then restore the task's own flag.\n"
    " */\n"
    "void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)\n"
    "{\n"
    "\tunsigned int had_flag = current->flags & PF_LESS_THROTTLE;\n"
    "\tvoid *element;\n"
    "\n"
    "\tif (gfp_mask & __GFP_DIRECT_RECLAIM)\n"
    "\t\tcurrent->flags |= PF_LESS_THROTTLE;\n"
    "\telement = mempool_alloc_unthrottled(pool, gfp_mask);\n"
    "\tif (!had_flag)\n"
    "\t\tcurrent->flags &= ~PF_LESS_THROTTLE;\n"
    "\treturn element;\n"
    "}\n"
    "EXPORT_SYMBOL(mempool_alloc);\n",
    "wrapper that sets PF_LESS_THROTTLE")
PY
