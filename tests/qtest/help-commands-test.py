#!/usr/bin/env python3
"""qemu-harness -help lists exactly the qtest and QMP commands its
dispatchers run, and README.md lists the same.

The tables come from harness-commands (the dispatchers' tables through the
accessors -help uses); -help's lists and README's (the block between
<!-- harness-commands --> and <!-- /harness-commands -->) must equal them,
names in order, qtest arguments as -help gives them. Each name -help lists
reaches the qtest dispatcher (not "Unknown command"), and -help notes the
deviations from QEMU it must (clock, system_reset, the reset at start-up).

Usage: help-commands-test.py HARNESS HARNESS_COMMANDS README
Prints "SUBTESTS: N passed, N failed".
"""
import re
import subprocess
import sys

from testsuite import check, summary

TIMEOUT = 60.0


def help_sections(text):
    """{'qtest': [lines], 'qmp': [lines]}: the indented lines under the
    'qtest commands' and 'QMP commands' headings of -help."""
    sections, current = {}, None
    for line in text.splitlines():
        if line.startswith("qtest commands"):
            current = sections.setdefault("qtest", [])
        elif line.startswith("QMP commands"):
            current = sections.setdefault("qmp", [])
        elif current is not None and line.startswith("  "):
            current.append(line.strip())
        else:
            current = None
    return sections


def readme_sections(text):
    """The same from README.md's marked block: '- qtest ...: `a B`, ...'
    and '- QMP ...: `x`, ...', the items after the colon."""
    m = re.search(r"<!-- harness-commands -->\n(.*?)<!-- /harness-commands -->",
                  text, re.S)
    if not m:
        return {}
    sections = {}
    for item in re.split(r"\n(?=- )", m.group(1).strip()):
        head, _, rest = item.partition(":")
        key = head.lstrip("- ").split()[0].lower()
        sections[key] = re.findall(r"`([^`]+)`", rest)
    return sections


def main():
    harness, commands_prog, readme = sys.argv[1:4]
    table = {"qtest": [], "qmp": []}
    out = subprocess.run([commands_prog], capture_output=True, text=True,
                         timeout=TIMEOUT, check=True).stdout
    for line in out.splitlines():
        kind, name = line.split(" ", 1)
        table[kind].append(name)
    check(len(table["qtest"]) > 10 and len(table["qmp"]) > 10,
          "the tables are read", out)

    h = subprocess.run([harness, "-help"], capture_output=True, text=True,
                       timeout=TIMEOUT)
    check(h.returncode == 0, "-help exits 0", h.stderr)
    sections = help_sections(h.stdout)
    qtest_help = sections.get("qtest", [])
    for kind in ("qtest", "qmp"):
        names = [line.split()[0] for line in sections.get(kind, [])]
        check(names == table[kind], f"-help lists the {kind} table",
              f"-help: {names}\ntable: {table[kind]}")

    with open(readme, encoding="utf-8") as f:
        doc = readme_sections(f.read())
    check(doc.get("qtest") == qtest_help,
          "README lists the qtest commands and arguments as -help does",
          f"README: {doc.get('qtest')}\n-help: {qtest_help}")
    check(doc.get("qmp") == table["qmp"], "README lists the QMP table",
          f"README: {doc.get('qmp')}\ntable: {table['qmp']}")

    # Each listed name reaches the dispatcher; an unlisted one does not.
    names = [line.split()[0] for line in qtest_help] + ["x-not-a-command"]
    q = subprocess.run([harness, "-qtest", "stdio"],
                       input="".join(n + "\n" for n in names),
                       capture_output=True, text=True, timeout=TIMEOUT)
    replies = q.stdout.splitlines()
    unknown = [n for n, r in zip(names, replies)
               if r == f"FAIL Unknown command '{n}'"]
    check(len(replies) == len(names) and unknown == ["x-not-a-command"],
          "every listed qtest command is dispatched", q.stdout + q.stderr)

    notes = " ".join(h.stdout.split("Unlike QEMU:", 1)[-1].split())
    for words in ("clock_step and clock_set", "system_reset",
                  "reset once at start-up"):
        check(words in notes, f"-help's deviations mention {words!r}", notes)

    return summary()


if __name__ == "__main__":
    sys.exit(main())
