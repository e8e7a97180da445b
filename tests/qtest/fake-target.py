#!/usr/bin/env python3
"""A scripted stand-in for a qtest target, to test libqtest's parsing.

Takes the arguments libqtest appends (-qtest unix:P, -chardev socket,...,
path=P), connects like QEMU does and answers from the tables below with
malformed, split or interleaved replies that a real target rarely sends.
"""
import json
import os
import socket
import sys
import time

QTEST = {
    "endianness": ["OK little"],
    # events before the reply, in order
    "readl 0x10": ["IRQ raise 3", "IRQ lower 3", "IRQ raise 5", "OK 0x0000000000000042"],
    "readl 0x20": ["OK notanumber"],
    "readl 0x30": ["IRQ bogus 1", "IRQ raise 999", "OK 0x1"],
    "read 0x0 0x4": ["OK 0x0102"],
    "read 0x8 0x4": ["OK 0xzz112233"],
    "b64read 0x0 0x4": ["OK AQID"],
    "readb 0x40": ["ERR something went wrong"],
    "clock_step 10": ["OK 12345"],
}

GREETING = '{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}},\n  "capabilities": ["a}b\\"{"]}}'


def connect(path):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    return s


def main():
    qtest = qmp = None
    chardevs = []
    args = iter(sys.argv[1:])
    for a in args:
        if a == "-qtest":
            qtest = connect(next(args)[len("unix:"):])
        elif a == "-chardev":
            opts = dict(o.split("=", 1) for o in next(args).split(",")[1:])
            s = connect(opts["path"])
            if opts["id"] == "qtest-qmp":
                qmp = s
            else:
                chardevs.append(s)
    # the greeting in two pieces, pretty-printed
    qmp.sendall(GREETING[:20].encode())
    time.sleep(0.05)
    qmp.sendall(GREETING[20:].encode() + b"\r\n")

    qf = qtest.makefile("rb")
    mf = qmp.makefile("rb")
    import select
    while True:
        r, _, _ = select.select([qtest, qmp], [], [])
        if qtest in r:
            line = qf.readline()
            if not line:
                return 0
            cmd = line.decode().strip()
            if cmd == "readl 0x50":
                os._exit(3)     # dies in the middle of a command
            if cmd == "readl 0x60":
                qtest.sendall(b"OK 0x00")
                time.sleep(0.05)
                qtest.sendall(b"07\n")
                continue
            reply = QTEST.get(cmd, ["FAIL Unknown command '%s'" % cmd.split()[0]])
            qtest.sendall("".join(x + "\n" for x in reply).encode())
        if qmp in r:
            line = mf.readline()
            if not line:
                return 0
            name = json.loads(line).get("execute")
            if name == "garbage":
                qmp.sendall(b"this is not json\n")
            elif name == "events":
                qmp.sendall(b'{"event": "A", "data": {}}{"event": "B"}\n'
                            b'{"return": {"x": "}"}}\n')
            else:
                qmp.sendall(b'{"return": {}}\n')


if __name__ == "__main__":
    sys.exit(main())
