#!/bin/sh
# Edit: throttle_vm_writeout() returns at once for __GFP_NORETRY allocations.
# Carries the idea of Mikulas Patocka's proposal of 13 Jul 2016 on linux-mm
# (Message-ID: alpine.LRH.2.02.1607131021410.31769@file01.intranet.prod.int.rdu2.redhat.com;
# the site's model patch id: throttle-noretry), which passed Ondrej Kozina's test on
# 14 Jul. Not an upstream commit. Written for this lab; not a copy of the mail.
#
# Why: mempool_alloc() always adds __GFP_NORETRY, so an allocation that may fall
# back on a mempool (dm-crypt's kcryptd, dm's bio clones) would no longer sleep in
# throttle_vm_writeout() waiting for the very writeback it is part of.
#
# Usage: sh 30-throttle-noretry.sh <kernel tree>   (4.7.4 and 4.6.2 trees)
set -eu
exec python3 - "$1" "$(dirname "$0")/../../common" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from edit import refuse_if_present, replace_once
refuse_if_present(sys.argv[1], "mm/page-writeback.c", "\tif (gfp_mask & __GFP_NORETRY)\n\t\treturn;\n", "__GFP_NORETRY early return")
replace_once(sys.argv[1], "mm/page-writeback.c",
    "void throttle_vm_writeout(gfp_t gfp_mask)\n"
    "{\n"
    "\tunsigned long background_thresh;\n"
    "\tunsigned long dirty_thresh;\n"
    "\n",
    "void throttle_vm_writeout(gfp_t gfp_mask)\n"
    "{\n"
    "\tunsigned long background_thresh;\n"
    "\tunsigned long dirty_thresh;\n"
    "\n"
    "\t/* lab edit (Mikulas Patocka, 13 Jul 2016): a __GFP_NORETRY caller has a fallback; never throttle it */\n"
    "\tif (gfp_mask & __GFP_NORETRY)\n"
    "\t\treturn;\n"
    "\n",
    "__GFP_NORETRY early return")
PY
