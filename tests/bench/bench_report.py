"""The JSON report of a measurement inside the real QEMU (guest-bench.py,
qemu-mmio-bench.py), which bench.py --merge reads:

    {"key": ..., "figures": {...}, "table": [lines], "targets":
     [{"target", "value", "status": "pass" | "miss" | "n/a"}],
     "errors": [...]}

A run that could not measure still writes one, its errors said and its
targets "n/a", so that bench.py shows why a row is empty.
"""
import json
import os
import sys
import tempfile


def new(key, **figures):
    return dict(key=key, figures=figures, table=[], targets=[], errors=[])


def table(header, rows):
    """@header and @rows as aligned lines: the first column left, the
    others right."""
    widths = [max(len(r[i]) for r in rows + [header])
              for i in range(len(header))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                      for i, (c, w) in enumerate(zip(r, widths))).rstrip()
            for r in [header] + rows]


def finish(doc, out):
    """Prints the table (the errors to stderr) and writes @doc to @out
    whole or not at all; the exit status: 1 if anything failed."""
    print("\n".join(doc["table"]))
    for e in doc["errors"]:
        print(e, file=sys.stderr)
    with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(
            os.path.abspath(out)), delete=False) as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(f.name, out)
    return 1 if doc["errors"] else 0
