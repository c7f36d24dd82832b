#!/bin/sh
# Edit: link x86_64 kernels with a 2 MiB maximum page size.
# Carries the idea of upstream e3d03598e8ae ("x86/build/64: Force the linker to
# use 2MB page size", v4.10). Written for this lab, not copied from that commit.
#
# Why: the binutils of Debian 12 lay out vmlinux with 4 KiB as the maximum page
# size. The boot code of these kernels (before 4.10) computes the kernel's run
# size from program-header offsets that only line up with 2 MiB alignment; with
# 4 KiB the decompressor overwrites itself and the guest triple-faults before it
# prints anything. Asking the linker for 2 MiB pages restores the old layout.
#
# Usage: sh 10-ld-max-page-size.sh <kernel tree>   (fails if the anchor is missing)
set -eu
f="$1/arch/x86/Makefile"
grep -q '^LDFLAGS := -m elf_\$(UTS_MACHINE)$' "$f" || { echo "anchor line not found in $f" >&2; exit 1; }
if grep -q 'max-page-size=0x200000' "$f"; then echo "$f already has the 2 MiB page size" >&2; exit 1; fi
awk '{ print }
/^LDFLAGS := -m elf_\$\(UTS_MACHINE\)$/ {
	print "# lab edit (idea of upstream e3d03598e8ae): keep 2 MiB segment alignment on x86_64"
	print "ifeq ($(CONFIG_X86_64),y)"
	print "LDFLAGS += -z max-page-size=0x200000"
	print "endif"
}' "$f" > "$f.lab-tmp" && mv "$f.lab-tmp" "$f"
