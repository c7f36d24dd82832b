#!/bin/sh
# Edit: take f9054c70 ("mm, mempool: only set __GFP_NOMEMALLOC if there are
# free elements", v4.6-rc1) back out of mm/mempool.c on Linux 4.6.2.
# Carries the idea of upstream 4e390b2b2f34 ("Revert 'mm, mempool: only set
# __GFP_NOMEMALLOC if there are free elements'", v4.8-rc1, shipped in 4.6.7 and
# 4.7.1). Written for this lab from reading the 4.6.2 source; not a copy.
#
# What changes: mempool_alloc() again ORs __GFP_NOMEMALLOC into every attempt,
# so a mempool user never dips into the emergency reserves (PF_MEMALLOC
# callers such as kswapd, and OOM victims, included); the retry test compares
# the plain masks again, and the two VM_WARN lines and the kernel-doc note that
# came with f9054c70 go. The result is the mempool_alloc() of 4.7.4 and 4.8.15.
#
# Usage: sh 20-mempool-revert-f9054c70.sh <kernel tree>
set -eu
exec python3 - "$1" "$(dirname "$0")/../../common" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from edit import replace_once
t, f = sys.argv[1], "mm/mempool.c"
replace_once(t, f,
    " * Note: neither __GFP_NOMEMALLOC nor __GFP_ZERO are supported.\n",
    " * Note: using __GFP_ZERO is not supported.\n",
    "kernel-doc note")
replace_once(t, f,
    "\t/* If oom killed, memory reserves are essential to prevent livelock */\n"
    "\tVM_WARN_ON_ONCE(gfp_mask & __GFP_NOMEMALLOC);\n"
    "\t/* No element size to zero on allocation */\n"
    "\tVM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO);\n"
    "\n"
    "\tmight_sleep_if(gfp_mask & __GFP_DIRECT_RECLAIM);\n"
    "\n"
    "\tgfp_mask |= __GFP_NORETRY;",
    "\tVM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO);\n"
    "\tmight_sleep_if(gfp_mask & __GFP_DIRECT_RECLAIM);\n"
    "\n"
    "\tgfp_mask |= __GFP_NOMEMALLOC;\t/* don't allocate emergency reserves */\n"
    "\tgfp_mask |= __GFP_NORETRY;",
    "always __GFP_NOMEMALLOC")
replace_once(t, f,
    "repeat_alloc:\n"
    "\tif (likely(pool->curr_nr)) {\n"
    "\t\t/*\n"
    "\t\t * Don't allocate from emergency reserves if there are\n"
    "\t\t * elements available.  This check is racy, but it will\n"
    "\t\t * be rechecked each loop.\n"
    "\t\t */\n"
    "\t\tgfp_temp |= __GFP_NOMEMALLOC;\n"
    "\t}\n",
    "repeat_alloc:\n",
    "no conditional __GFP_NOMEMALLOC")
replace_once(t, f,
    "\tif ((gfp_temp & ~__GFP_NOMEMALLOC) != gfp_mask) {\n",
    "\tif (gfp_temp != gfp_mask) {\n",
    "plain retry test")
replace_once(t, f,
    "\t\tgoto repeat_alloc;\n"
    "\t}\n"
    "\tgfp_temp = gfp_mask;\n"
    "\n",
    "\t\tgoto repeat_alloc;\n"
    "\t}\n"
    "\n",
    "no mask reset")
PY
