#!/usr/bin/env python3
"""guest-pl011's checks catch a wrong device: the guest's line scenario on
x-pl011-c-stp2-mutant (pl011-c whose LCR_H drops STP2) must fail exactly
the stty settings with cstopb, with LCR_H missing bit 3, and pass the rest
(the boot, the console, the other settings). Same environment as
guest-test.py, plus PL011_MUTANT_MODULE."""
import os
import re
import subprocess
import sys

from testsuite import check, summary, verbose

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
guest = __import__('guest-test')

r = subprocess.run([sys.executable, os.path.join(HERE, 'guest-test.py'),
                    '--uart', 'mutant', '--scenario', 'line'],
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
# Indented: its own SUBTESTS line must not be taken for ours.
print(''.join('  | ' + l for l in r.stdout.splitlines(True)), end='')
verbose()   # our lines among the indented ones of guest-test.py

check(r.returncode == 1, 'guest-test.py exits 1 (got %d)' % r.returncode)
fails = re.findall(r'^FAIL: (.*)$', r.stdout, re.M)
for setting, _, lcr in guest.LINE_SETTINGS:
    two_stop = ' cstopb' in ' ' + setting
    line = [f for f in fails if f.startswith('mutant: line: %s =' % setting)]
    if two_stop:
        m = re.search(r"'LCR_H': '0x([0-9a-f]+)'", line[0]) if line else None
        check(m is not None and int(m.group(1), 16) == (lcr | 0x10) & ~0x08,
              '%s: fails, LCR_H without STP2 (%s)' % (setting, line))
    else:
        check(not line, '%s: passes' % setting)
others = [f for f in fails if not f.startswith('mutant: line: ')]
check(not others, 'nothing else fails (%s)' % others)
check(re.search(r'^ok: mutant: console: shell runs commands', r.stdout, re.M)
      is not None, 'the mutant boots and runs the shell')
sys.exit(summary())
