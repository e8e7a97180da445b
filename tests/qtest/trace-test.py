#!/usr/bin/env python3
"""Trace options on qemu-harness as on the real qemu-system-arm 7.2.

Each case runs on both: QEMU with its own PL011 (-M virt, at 0x09000000)
and the harness with the C reference PL011 there. They must agree on the
exit status, on stderr (the program name aside), on the event lines of
the log (-D, -trace file=) and on the QMP replies of trace-event-get-state
and trace-event-set-state. Good input and bad: an unknown event warns, a
malformed -trace is refused with QEMU's words, an events file's unknown
line is named with its file and line number.

Usage: trace-test.py README (env: QEMU_HARNESS, PL011_C,
QEMU_SYSTEM_ARM).
Prints "SUBTESTS: N passed, M failed".
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile

from testsuite import check, summary

HARNESS = os.environ["QEMU_HARNESS"]
PL011_C = os.environ["PL011_C"]
QEMU = os.environ.get("QEMU_SYSTEM_ARM", "qemu-system-arm")
TIMEOUT = 30
README = sys.argv[1]

EVENTS = ["pl011_irq_state", "pl011_read", "pl011_read_fifo", "pl011_write",
          "pl011_can_receive", "pl011_put_fifo", "pl011_put_fifo_full",
          "pl011_baudrate_change"]

# Accesses whose events both PL011s log: IBRD (baud rate), DR (TX, the
# line), FR, an ID register, a bad offset (guest_errors).
QTEST = ["writel 0x09000024 0x10", "writel 0x09000038 0x20",
         "writel 0x09000000 0x41", "readl 0x09000018",
         "readl 0x09000fe0", "readl 0x09000050"]

tmp = tempfile.mkdtemp(prefix="trace-test-")


def argv(target, extra):
    if target == "qemu":
        return [QEMU, "-M", "virt", "-display", "none", "-S", "-nodefaults",
                "-serial", "null"] + extra
    return [HARNESS, "-x-module", PL011_C, "-chardev", "null,id=c0",
            "-device", "pl011-c,id=u0,chardev=c0",
            "-x-map", "u0,addr=0x09000000"] + extra


def stderr_lines(text):
    """stderr, the program name replaced, QEMU's exit noise dropped."""
    out = []
    for line in text.splitlines():
        if "terminating on signal" in line or "g_timer_elapsed" in line:
            continue
        out.append(re.sub(r"^(qemu-system-arm|qemu-harness):", "PROG:", line))
    return out


def run_exit(target, extra):
    """A command line that exits by itself: (status, stdout, stderr)."""
    p = subprocess.run(argv(target, extra), stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=TIMEOUT)
    return p.returncode, p.stdout, stderr_lines(p.stderr)


def run_qtest(target, extra):
    """QTEST through -qtest stdio, then SIGTERM: (replies, stderr)."""
    p = subprocess.Popen(argv(target, extra + ["-qtest", "stdio",
                                               "-qtest-log", "/dev/null"]),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    replies = []
    for cmd in QTEST:
        p.stdin.write(cmd + "\n")
        p.stdin.flush()
        replies.append(p.stdout.readline().strip())
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=TIMEOUT)
    return replies, stderr_lines(err)


def run_qmp(target, commands):
    """QMP through -qmp stdio, ending with quit: the parsed replies."""
    lines = [json.dumps({"execute": "qmp_capabilities"})]
    lines += [json.dumps(c) for c in commands]
    lines.append(json.dumps({"execute": "quit"}))
    p = subprocess.run(argv(target, ["-qmp", "stdio"]),
                       input="\n".join(lines) + "\n", capture_output=True,
                       text=True, timeout=TIMEOUT)
    msgs = [json.loads(line) for line in p.stdout.splitlines() if line]
    replies = [m for m in msgs if "return" in m or "error" in m]
    return replies[1:-1]    # without qmp_capabilities' and quit's


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return None


def event_lines(text):
    return [line for line in (text or "").splitlines()
            if line.split(" ")[0].split(":")[-1] in EVENTS]


def same(what, q, h):
    check(q == h, what + ": the harness as QEMU",
          "  qemu:    %r\n  harness: %r" % (q, h))


# Listing: exit 0, the module's events in QEMU's order.
for opt in (["-trace", "help"], ["-d", "trace:help"]):
    q = run_exit("qemu", opt)
    h = run_exit("harness", opt)
    label = " ".join(opt)
    check(q[0] == 0 and h[0] == 0, label + ": exit status 0 on both",
          "  qemu %d, harness %d" % (q[0], h[0]))
    check(h[1].splitlines() == EVENTS, label + ": the harness lists the "
          "module's events, one a line", h[1])
    ql = q[1].splitlines()
    at = ql.index(EVENTS[0]) if EVENTS[0] in ql else -1
    check(at >= 0 and ql[at:at + len(EVENTS)] == EVENTS,
          label + ": QEMU lists its PL011's in the same order")

# Refusals and warnings; -trace help makes the warning cases exit.
events_file = os.path.join(tmp, "events")
with open(events_file, "w") as f:
    f.write("# a comment\n\npl011_read\nnosuch_event\npl011_w*\n")
cases = [
    ["-trace", "foo=bar"],
    ["-trace", "pl011_read,verbose"],
    ["-trace", "events=/nonexistent-dir/events"],
    ["-trace", "file=/nonexistent-dir/log"],
    ["-trace", "pl011_nosuch", "-trace", "help"],
    ["-trace", "pl011_nosuch*", "-trace", "help"],
    ["-trace", "enable=", "-trace", "help"],
    ["-trace", "events=" + events_file, "-trace", "help"],
    ["-msg", "timestamp=maybe"],
]
for extra in cases:
    q = run_exit("qemu", extra)
    h = run_exit("harness", extra)
    same(" ".join(extra) + ": exit status", q[0], h[0])
    same(" ".join(extra) + ": stderr", q[2], h[2])

# Event lines in the log, for each way of enabling events.
with open(events_file, "w") as f:
    f.write("pl011_irq_state\n-pl011_irq_state\npl011_read\nnosuch\n")
runs = {
    "-trace pl011_*": ["-trace", "pl011_*"],
    "-trace enable=pl011_w*": ["-trace", "enable=pl011_w*"],
    "-d trace:": ["-d", "trace:pl011_read*,guest_errors,trace:nosuch"],
    "-trace events=": ["-trace", "events=" + events_file],
    "-trace -pattern": ["-trace", "pl011_*", "-trace", "-pl011_read"],
    "no -trace": [],
}
for label, extra in runs.items():
    logs = {}
    for target in ("qemu", "harness"):
        log = os.path.join(tmp, target + ".log")
        if os.path.exists(log):
            os.unlink(log)
        replies, err = run_qtest(target, extra + ["-D", log])
        logs[target] = (replies, err, read(log) or "")
    (qr, qe, ql), (hr, he, hl) = logs["qemu"], logs["harness"]
    same(label + ": qtest replies", qr, hr)
    same(label + ": stderr", qe, he)
    same(label + ": the log's lines", ql.splitlines(), hl.splitlines())
    check(label == "no -trace" or event_lines(hl),
          label + ": the harness logged events")

# -trace file= is the log backend's file: it overrides -D.
files = {}
for target in ("qemu", "harness"):
    d_log = os.path.join(tmp, target + "-d.log")
    t_log = os.path.join(tmp, target + "-t.log")
    run_qtest(target, ["-trace", "pl011_write,file=" + t_log, "-D", d_log])
    files[target] = (read(d_log), read(t_log))
same("-trace file=: the -D file, the trace file", files["qemu"],
     files["harness"])
check(event_lines(files["harness"][1]) and not files["harness"][0],
      "-trace file=: the events are in the trace file only")

# -msg timestamp=on: "PID@SEC.USEC:" before each event; taken off, the same.
stamped = {}
for target in ("qemu", "harness"):
    log = os.path.join(tmp, target + "-ts.log")
    p = subprocess.Popen(argv(target, ["-trace", "pl011_write", "-msg",
                                       "timestamp=on", "-D", log, "-qtest",
                                       "stdio", "-qtest-log", "/dev/null"]),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    p.stdin.write(QTEST[0] + "\n")
    p.stdin.flush()
    p.stdout.readline()
    pid = p.pid
    p.send_signal(signal.SIGTERM)
    p.communicate(timeout=TIMEOUT)
    lines = (read(log) or "").splitlines()
    m = [re.match(r"^(\d+)@(\d+)\.(\d{6}):(.*)$", line) for line in lines]
    check(lines and all(m), target + ": -msg timestamp=on: every line "
          "PID@SEC.USEC:EVENT", "\n".join(lines))
    check(all(x and int(x.group(1)) == pid for x in m),
          target + ": -msg timestamp=on: PID is the process's (main thread)")
    stamped[target] = [x.group(4) for x in m if x]
same("-msg timestamp=on: the lines without the prefix", stamped["qemu"],
     stamped["harness"])

# QMP: the same replies, errors included.
qmp = [
    {"execute": "trace-event-get-state", "arguments": {"name": "pl011_*"}},
    {"execute": "trace-event-get-state", "arguments": {"name": "pl011_read"}},
    {"execute": "trace-event-set-state",
     "arguments": {"name": "pl011_read*", "enable": True}},
    {"execute": "trace-event-get-state", "arguments": {"name": "pl011_re*"}},
    {"execute": "trace-event-set-state",
     "arguments": {"name": "pl011_read_fifo", "enable": False,
                   "ignore-unavailable": True}},
    {"execute": "trace-event-get-state", "arguments": {"name": "pl011_re*"}},
    {"execute": "trace-event-get-state", "arguments": {"name": "nosuch"}},
    {"execute": "trace-event-get-state", "arguments": {"name": "nosuch*"}},
    {"execute": "trace-event-set-state",
     "arguments": {"name": "nosuch", "enable": True}},
    {"execute": "trace-event-set-state", "arguments": {"name": "pl011_read"}},
    {"execute": "trace-event-set-state",
     "arguments": {"name": "pl011_read", "enable": "yes"}},
    {"execute": "trace-event-get-state",
     "arguments": {"name": "pl011_read", "vcpu": 5}},
    {"execute": "trace-event-get-state",
     "arguments": {"name": "pl011_read", "vcpu": "0"}},
    {"execute": "trace-event-get-state",
     "arguments": {"name": "pl011_read", "verbose": True}},
    {"execute": "trace-event-get-state"},
]
q = run_qmp("qemu", qmp)
h = run_qmp("harness", qmp)
check(len(q) == len(qmp) and len(h) == len(qmp), "QMP: one reply a command")
for cmd, qr, hr in zip(qmp, q, h):
    same("QMP %s" % json.dumps(cmd.get("arguments", {})), qr, hr)
check(h[3]["return"] and all(e["state"] == "enabled"
                             for e in h[3]["return"]),
      "QMP: trace-event-set-state enabled the pattern's events")

# README's example: the lines it shows are what the harness logs.
with open(README) as f:
    readme = f.read()
shown = readme.split("<!-- readme-trace -->\n", 1)[1].split("\n\n", 1)[0]
shown = [line.strip() for line in shown.splitlines()]
log = os.path.join(tmp, "readme.log")
p = subprocess.Popen(argv("harness", ["-trace", "pl011_*", "-D", log,
                                      "-qtest", "stdio", "-qtest-log",
                                      "/dev/null"]),
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL, text=True)
p.stdin.write("writel 0x09000000 0x41\n")
p.stdin.flush()
p.stdout.readline()
p.send_signal(signal.SIGTERM)
p.communicate(timeout=TIMEOUT)
check(shown and (read(log) or "").splitlines() == shown,
      "README's trace lines are the harness's", "\n".join(shown))

# -help names the options.
out = subprocess.run([HARNESS, "-help"], capture_output=True, text=True,
                     timeout=TIMEOUT).stdout
for opt in ("-trace", "-D", "-msg"):
    check(re.search(r"^%s\s" % re.escape(opt), out, re.M) is not None,
          "-help lists " + opt)

for name in os.listdir(tmp):
    os.unlink(os.path.join(tmp, name))
os.rmdir(tmp)
sys.exit(summary())
