"""Helper for the lab's kernel edits: exact, counted text replacements.

    from edit import refuse_if_present, replace_once

Not used directly: each edit script under lab/kernels/*/edits/ imports
replace_once() to change a kernel file, and fails loudly when the text it
expects is not there exactly once (so an edit never lands on the wrong tree).
"""
import sys


def refuse_if_present(tree, path, text, what):
    """Stop if a previous run of this edit already left its mark."""
    with open(f"{tree}/{path}", encoding="utf-8") as f:
        if text in f.read():
            sys.exit(f"edit '{what}': {path} already has it")


def replace_once(tree, path, old, new, what):
    full = f"{tree}/{path}"
    with open(full, encoding="utf-8") as f:
        text = f.read()
    n = text.count(old)
    if n != 1:
        sys.exit(f"edit '{what}': expected the original text once in {path}, found it {n} times")
    with open(full, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))
