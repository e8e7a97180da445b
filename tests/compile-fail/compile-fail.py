#!/usr/bin/env python3
"""Compile one snippet and check that the compiler accepts or rejects it.

usage: compile-fail.py (--expect-error REGEX | --expect-success) -- CXX ARGS...
With --expect-error the test passes only if compilation fails AND the
diagnostics match REGEX, so that a snippet cannot fail for the wrong
reason (a typo, a missing include); its twin, compiled with
--expect-success, proves the same snippet is otherwise valid.
"""
import re
import subprocess
import sys


def main(argv):
    sep = argv.index('--')
    opts, cmd = argv[1:sep], argv[sep + 1:]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    if opts[0] == '--expect-success':
        if proc.returncode != 0:
            print('expected the snippet to compile, but:\n' + output)
            return 1
        print('compiled, as expected')
        return 0
    regex = opts[1]
    if proc.returncode == 0:
        print('expected a compile error matching /%s/, but it compiled'
              % regex)
        return 1
    if not re.search(regex, output):
        print('compile error, but not the expected /%s/:\n%s'
              % (regex, output))
        return 1
    print('rejected, as expected: /%s/' % regex)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
