#!/bin/sh
# Edit: throttle_vm_writeout() returns at once for a task with PF_LESS_THROTTLE.
# Carries the idea of Ondrej Kozina's addition of 14 Jul 2016, 17:25, on linux-mm
# (Message-ID: 8ada6905-ffd2-46c7-7ca1-861fac7e6264@redhat.com; the site's model
# patch id: throttle-skip-less-throttle); with mempool-less-throttle it is the
# shape of Michal Hocko's RFC 2/2 of 18 Jul. Not an upstream commit. Written for
# this lab; not a copy of the mail.
#
# Usage: sh 40-throttle-skip-less-throttle.sh <kernel tree>
set -eu
exec python3 - "$1" "$(dirname "$0")/../../common" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from edit import refuse_if_present, replace_once
refuse_if_present(sys.argv[1], "mm/page-writeback.c", "\tif (current->flags & PF_LESS_THROTTLE)\n\t\treturn;\n", "PF_LESS_THROTTLE early return")
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
    "\t/* lab edit (Ondrej Kozina, 14 Jul 2016): a PF_LESS_THROTTLE task is never throttled here */\n"
    "\tif (current->flags & PF_LESS_THROTTLE)\n"
    "\t\treturn;\n"
    "\n",
    "PF_LESS_THROTTLE early return")
PY
