#!/usr/bin/env python3
"""QMP shaped like QEMU's (issue 15, point 5).

The same QMP conversation goes to the real qemu-system-arm (-M virt -S)
and to qemu-harness (-S, a PL011 module loaded), and the replies are
compared: the kind of reply (return or error), error classes and texts,
the keys and JSON value types of every return value, the values too unless
the step lists them as legitimately different (with the reason), and the
events each step brings (names and data). What differs and is not so
listed must be in ALLOWED, the deliberate deviations, which README.md's
section "QMP: differences from QEMU" lists one for one: a deviation that
disappears, or one the README does not list, fails the test too.

The client is strict: every message is one JSON object on one line ending
in CRLF; a greeting is {"QMP"}, a reply exactly {"return"} or {"error":
{"class", "desc"}} with the command's id echoed (ids of several JSON types
are used), an event {"event", "data"?, "timestamp"}. Beyond the values,
the text: every object's members in QEMU's order (QDict's hash order),
and a reply whose values all agree is QEMU's text byte for byte (": "
and ", " separators, QEMU's escapes and number formats).

Usage: qmp-shape-test.py README (env: QEMU_HARNESS, PL011_C,
QEMU_SYSTEM_ARM). Prints "SUBTESTS: N passed, M failed".
"""
import json
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time

from qemu_cxx_test import connect_unix
from testsuite import check, summary

README = sys.argv[1]
TIMEOUT = 10.0

# (step label, what differs): why it is so. The text of each key is what
# the comparison reports; README.md lists every key in backquotes.
ALLOWED = {
    "migrate: events": "no MIGRATION_PASS events: the harness has no RAM "
                       "to send in passes, only device state",
    "query-migrate completed: return.ram": "no RAM statistics, for the "
                                           "same reason",
    "migrate-set-capabilities xbzrle: reply": "only the \"events\" "
                                              "capability is known; the "
                                              "others would change how RAM "
                                              "is sent",
}


class Step:
    """A message and how to compare its replies. @msg is a dict (an id is
    added) or raw text or bytes (no id: the reply carries none), which
    brings @replies replies, compared one by one; @per_target gives
    arguments that name each target's own objects; @differ maps a path
    ("return", "return.qemu.micro", "error.desc") whose value differs
    legitimately to the reason (shapes are still compared); @wait names
    an event, with data, that ends the step after the reply."""

    def __init__(self, label, msg, per_target=None, differ=None, wait=None,
                 replies=1):
        self.label, self.msg, self.per_target = label, msg, per_target
        self.differ, self.wait, self.replies = differ or {}, wait, replies


BOARD = "the board's objects: QEMU's virt machine, the harness's container"
PL011 = ("QEMU's own pl011 against our pl011-c: the harness has no board "
         "types, its devices come from modules")
VERSION = "the version QEMU is, the version the shim implements"

CONVERSATION = [
    Step("before qmp_capabilities", {"execute": "query-status"}),
    Step("qmp_capabilities", {"execute": "qmp_capabilities"}),
    Step("qmp_capabilities again", {"execute": "qmp_capabilities"}),
    Step("query-version", {"execute": "query-version"},
         differ={"return.qemu.micro": VERSION, "return.package": VERSION}),
    Step("query-commands", {"execute": "query-commands"},
         differ={"return": "QEMU serves 200 commands, the harness those a "
                           "CPU-less test uses (each one of QEMU's: checked)"}),
    Step("query-status", {"execute": "query-status"}),
    Step("qom-list /", {"execute": "qom-list", "arguments": {"path": "/"}},
         differ={"return": BOARD + "; no /objects (-object is not served)"}),
    Step("qom-list /machine/peripheral",
         {"execute": "qom-list", "arguments": {"path": "/machine/peripheral"}}),
    Step("qom-get container type",
         {"execute": "qom-get", "arguments": {"path": "/machine/peripheral",
                                              "property": "type"}}),
    Step("qom-get /machine type",
         {"execute": "qom-get", "arguments": {"path": "/machine",
                                              "property": "type"}},
         differ={"return": BOARD}),
    Step("qom-get missing path",
         {"execute": "qom-get", "arguments": {"path": "/nonexistent",
                                              "property": "type"}}),
    Step("qom-get missing property",
         {"execute": "qom-get", "arguments": {"path": "/machine/peripheral",
                                              "property": "nonexistent"}}),
    Step("qom-list-types sys-bus-device",
         {"execute": "qom-list-types",
          "arguments": {"implements": "sys-bus-device"}},
         differ={"return": "QEMU has a thousand types, the harness its core "
                           "and modules' (common ones' parents: checked)"}),
    Step("qom-list-types abstract",
         {"execute": "qom-list-types", "arguments": {"abstract": True}},
         differ={"return": "as above"}),
    Step("device-list-properties pl011",
         {"execute": "device-list-properties"},
         per_target={"qemu": {"typename": "pl011"},
                     "harness": {"typename": "pl011-c"}},
         differ={"return": PL011}),
    Step("device-list-properties missing type",
         {"execute": "device-list-properties",
          "arguments": {"typename": "nonexistent"}}),
    Step("device-list-properties not a device",
         {"execute": "device-list-properties",
          "arguments": {"typename": "container"}}),
    Step("device-list-properties abstract",
         {"execute": "device-list-properties",
          "arguments": {"typename": "device"}}),
    Step("unknown command", {"execute": "nonexistent"}),
    Step("wrong argument type",
         {"execute": "qom-list", "arguments": {"path": 1}}),
    Step("missing argument", {"execute": "qom-list"}),
    Step("unexpected argument",
         {"execute": "qom-list", "arguments": {"path": "/", "extra": 1}}),
    Step("arguments to a command without",
         {"execute": "query-status", "arguments": {"verbose": True}}),
    Step("unexpected member", {"execute": "query-status", "foo": 1}),
    Step("execute not a string", {"execute": 1}),
    Step("arguments not an object",
         {"execute": "query-status", "arguments": []}),
    Step("no execute", {"arguments": {}}),
    Step("not an object", "[]"),
] + [
    # Malformed input, as QEMU's JSON lexer and streamer take it: each
    # error's text, and the recovery after it: the command that follows
    # each is answered.
    step for label, text, replies in [
        ("value missing", '{"execute": }', 1),
        ("invalid escape", '{"execute": "\\x41"}', 1),
        ("short \\u escape", '{"execute": "\\u12"}', 1),
        ("lone surrogate", '{"execute": "\\ud800"}', 1),
        ("invalid keyword", '{"execute": nul}', 1),
        ("missing colon", '{"execute" "query-status"}', 1),
        ("missing comma", '{"execute": "query-status" "id": 1}', 1),
        ("duplicate key", '{"execute": "stop", "execute": "cont"}', 1),
        # an unterminated object, then a stray byte: the error drops the
        # object, and the rest of the line is skipped
        ("unterminated object, stray byte", '{"a"\n@@@', 1),
        ("stray byte, then a command on the same line",
         '@{"execute": "query-status"}', 2),
        ("stray byte inside an object", '{"execute": @"query-status"}', 2),
        ("stray closing brace", "}", 1),
        ("stray closing bracket", "]", 1),
        ("mismatched closers", '{"a": [1}\n]', 1),
        ("opener closed by the other kind", "{]", 1),
        ("capital keyword", "True", 1),
        ("leading zero", "01", 1),
        ("sign without digits", "-x", 1),
        ("exponent without digits", "1e+", 1),
        ("control byte in a string", '"a\x01b"', 1),
        ("NUL byte", b"\x00", 1),
        ("byte 0xff", b"\xff", 1),
        ("invalid UTF-8 in a string", b'{"execute": "\xc0\xaf"}', 1),
        ("nesting past 1024 levels", "[" * 1025, 1),
        # the token that passes 2 Mi tokens is the last ","
        ("token count limit", "[" + "0," * (1 << 20), 1),
    ] for step in (Step(label, text.encode() if isinstance(text, str)
                        else text, replies=replies),
                   Step("after " + label, {"execute": "query-status"}))
] + [
    Step("system_reset", {"execute": "system_reset"},
         wait=("RESET", None)),     # QEMU resets from its main loop, later
    Step("cont from prelaunch", {"execute": "cont"}, wait=("RESUME", None)),
    Step("query-status running", {"execute": "query-status"}),
    Step("stop", {"execute": "stop"}, wait=("STOP", None)),
    Step("query-status paused", {"execute": "query-status"}),
    Step("stop when stopped", {"execute": "stop"}),
    Step("query-migrate before", {"execute": "query-migrate"}),
    Step("migrate-set-capabilities events",
         {"execute": "migrate-set-capabilities",
          "arguments": {"capabilities": [{"capability": "events",
                                          "state": True}]}}),
    Step("migrate-set-capabilities xbzrle",
         {"execute": "migrate-set-capabilities",
          "arguments": {"capabilities": [{"capability": "xbzrle",
                                          "state": False}]}}),
    Step("cont", {"execute": "cont"}, wait=("RESUME", None)),
    Step("migrate", {"execute": "migrate"}, per_target="migrate",
         wait=("MIGRATION", {"status": "completed"})),
    Step("query-migrate completed", {"execute": "query-migrate"},
         differ={"return.setup-time": "times", "return.downtime": "times",
                 "return.total-time": "times"}),
    Step("query-status postmigrate", {"execute": "query-status"}),
    Step("cont after migration", {"execute": "cont"},
         wait=("RESUME", None)),
    Step("quit", {"execute": "quit"}, wait=("SHUTDOWN", None)),
]

# ids of several JSON types, each echoed as sent
IDS = [1, "two", {"three": [3]}, 4.5, None, True]


# ---- a strict client ----
# Not qemu_cxx_test.QMP: this one is the test of the wire format itself. It
# sends raw lines without an id too, requires CRLF, and hands back every
# reply whole with the events that came before it, step by step.

class ProtocolError(Exception):
    pass


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


class Client:
    def __init__(self, sock):
        self.sock, self.buf = sock, b""
        self.text = b""     # the last message, without its CRLF

    def line(self, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                raise TimeoutError("no message")
            data = self.sock.recv(65536)
            if not data:
                raise ProtocolError("connection closed")
            self.buf += data
        text, self.buf = self.buf.split(b"\n", 1)
        if not text.endswith(b"\r"):
            raise ProtocolError(f"not CRLF: {text[:80]!r}")
        self.text = text[:-1]
        msg = json.loads(self.text)
        if not isinstance(msg, dict):
            raise ProtocolError(f"not one JSON object: {text[:80]!r}")
        return msg

    def greeting(self):
        msg = self.line()
        qmp = msg.get("QMP")
        if set(msg) != {"QMP"} or set(qmp) != {"version", "capabilities"}:
            raise ProtocolError(f"not a greeting: {msg!r}")
        return msg

    @staticmethod
    def check_event(msg):
        ts = msg.get("timestamp", {})
        if not {"event", "timestamp"} <= set(msg) <= \
                {"event", "data", "timestamp"} \
                or not isinstance(msg["event"], str) \
                or set(ts) != {"seconds", "microseconds"} \
                or not all(_is_int(v) for v in ts.values()):
            raise ProtocolError(f"malformed event: {msg!r}")

    def request(self, msg, cmd_id):
        """Sends @msg; returns (reply without id, events before it)."""
        if isinstance(msg, (str, bytes)):
            text, has_id = msg, False
        else:
            text, has_id = json.dumps(dict(msg, id=cmd_id)), True
        self.sock.sendall((text if isinstance(text, bytes) else
                           text.encode()) + b"\n")
        return self.reply(text, has_id, cmd_id)

    def reply(self, text, has_id=False, cmd_id=None):
        """The next reply (without id) to @text, and the events before."""
        events = []
        while True:
            rsp = self.line()
            if "event" in rsp:
                self.check_event(rsp)
                events.append(rsp)
                continue
            break
        if has_id and ("id" not in rsp or rsp["id"] != cmd_id or
                       type(rsp["id"]) is not type(cmd_id)):
            raise ProtocolError(f"id {cmd_id!r} not echoed: {rsp!r}")
        if not has_id and "id" in rsp:
            raise ProtocolError(f"an id in the reply to {text}: {rsp!r}")
        rsp.pop("id", None)
        if set(rsp) == {"error"}:
            err = rsp["error"]
            if not isinstance(err, dict) or set(err) != {"class", "desc"} or \
                    not all(isinstance(v, str) for v in err.values()):
                raise ProtocolError(f"malformed error: {rsp!r}")
        elif set(rsp) != {"return"}:
            raise ProtocolError(f"not a reply: {rsp!r}")
        return rsp, events

    def wait_event(self, name, data, got, timeout=TIMEOUT):
        """Reads events into @got until @name (with @data, if given)."""
        deadline = time.monotonic() + timeout
        while not any(e["event"] == name and
                      (data is None or e.get("data") == data) for e in got):
            msg = self.line(max(deadline - time.monotonic(), 0.01))
            if "event" not in msg:
                raise ProtocolError(f"a reply to nothing: {msg!r}")
            self.check_event(msg)
            got.append(msg)


# ---- targets ----

def start(argv, qmp_path):
    proc = subprocess.Popen(argv + ["-qmp", f"unix:{qmp_path},server=on,"
                                    "wait=off"], stdin=subprocess.DEVNULL)
    return proc, Client(connect_unix(qmp_path, TIMEOUT, proc,
                                     f"{argv[0]}'s QMP"))


def sink(path):
    """A migration peer: accepts once and reads to the end."""
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(1)

    def run():
        conn, _ = listener.accept()
        while conn.recv(65536):
            pass
        conn.close()
        listener.close()
    threading.Thread(target=run, daemon=True).start()


def converse(tag, argv, tmp):
    """Runs the conversation; returns [(reply, events)] by step, and the
    greeting first."""
    proc, client = start(argv, os.path.join(tmp, tag + ".qmp"))
    out = [({"return": client.greeting()}, [], client.text)]
    try:
        for n, step in enumerate(CONVERSATION):
            msg = step.msg
            if step.per_target == "migrate":
                path = os.path.join(tmp, tag + ".migration")
                sink(path)
                msg = dict(msg, arguments={"uri": "unix:" + path})
            elif step.per_target:
                msg = dict(msg, arguments=step.per_target[tag])
            rsp, events = client.request(msg, IDS[n % len(IDS)])
            text = client.text
            for _ in range(step.replies - 1):
                out.append((rsp, events, text))
                rsp, events = client.reply(msg)
                text = client.text
            if step.wait:
                client.wait_event(*step.wait, events)
            else:
                # no event expected: any that comes soon is this step's
                time.sleep(0.05)
                while select.select([client.sock], [], [], 0)[0] or \
                        b"\n" in client.buf:
                    ev = client.line()
                    if "event" not in ev:
                        raise ProtocolError(f"a reply to nothing: {ev!r}")
                    client.check_event(ev)
                    events.append(ev)
            out.append((rsp, events, text))
        # after "quit": exit status 0 (a sanitizer's report would change it)
        check(proc.wait(TIMEOUT) == 0, f"{tag}: exit status {proc.returncode}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        client.sock.close()
    return out


# ---- comparison ----

def jtype(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    return {float: "number", str: "str", type(None): "null", dict: "object",
            list: "array"}[type(v)]


def list_shape(items):
    """A list's elements as one shape: for objects, each key with the set
    of types it has; else the set of element types."""
    if items and all(isinstance(i, dict) for i in items):
        keys = {}
        for i in items:
            for k, v in i.items():
                keys.setdefault(k, set()).add(jtype(v))
        return {k: sorted(t) for k, t in keys.items()}
    return sorted({jtype(i) for i in items})


def compare(path, ours, theirs, differ, diffs):
    """Appends to @diffs each path where the values differ in kind, keys
    or (unless @differ lists the path) value."""
    if jtype(ours) != jtype(theirs):
        diffs.append((path, f"ours {jtype(ours)}, QEMU {jtype(theirs)}"))
    elif isinstance(ours, dict):
        for k in sorted(set(ours) | set(theirs)):
            sub = f"{path}.{k}"
            if k not in ours or k not in theirs:
                diffs.append((sub, "only in " +
                              ("ours" if k in ours else "QEMU's")))
            else:
                compare(sub, ours[k], theirs[k], differ, diffs)
    elif isinstance(ours, list) and path in differ:
        a, b = list_shape(ours), list_shape(theirs)
        if a != b:
            diffs.append((path + "[]", f"ours {a}, QEMU {b}"))
    elif isinstance(ours, list):
        if len(ours) != len(theirs):
            diffs.append((path, f"{len(ours)} elements, QEMU {len(theirs)}"))
        for i, (a, b) in enumerate(zip(ours, theirs)):
            compare(f"{path}[{i}]", a, b, differ, diffs)
    elif ours != theirs and path not in differ:
        diffs.append((path, f"ours {ours!r}, QEMU {theirs!r}"))


def event_view(events):
    return [(e["event"], e.get("data")) for e in events]


def step_diffs(step, ours, theirs):
    """[(key, detail)]: key is "LABEL: WHAT", the ALLOWED key."""
    (ro, eo, _), (rq, eq, _) = ours, theirs
    found = []
    if set(ro) != set(rq):
        found.append(("reply", f"ours {ro}, QEMU {rq}"))
    else:
        compare(next(iter(ro)), ro[next(iter(ro))], rq[next(iter(rq))],
                step.differ, found)
    if event_view(eo) != event_view(eq):
        found.append(("events", f"ours {event_view(eo)}, QEMU "
                                f"{event_view(eq)}"))
    return [(f"{step.label}: {what}", detail) for what, detail in found]


def member_order(text):
    """The JSON @text with every object as its list of (key, value)."""
    return json.loads(text, object_pairs_hook=lambda pairs: ("{}", pairs))


def order_diffs(path, ours, theirs, out):
    """Appends to @out each object (present on both sides with the same
    keys) whose members come in another order than QEMU's."""
    if isinstance(ours, tuple) and isinstance(theirs, tuple):
        ko, kt = [k for k, _ in ours[1]], [k for k, _ in theirs[1]]
        if sorted(ko) == sorted(kt) and ko != kt:
            out.append(f"{path or '.'}: ours {ko}, QEMU {kt}")
        mine = dict(ours[1])
        for k, v in theirs[1]:
            if k in mine:
                order_diffs(f"{path}.{k}", mine[k], v, out)
    elif isinstance(ours, list) and isinstance(theirs, list) and \
            len(ours) == len(theirs):
        for i, (a, b) in enumerate(zip(ours, theirs)):
            order_diffs(f"{path}[{i}]", a, b, out)


def readme_deviations():
    with open(README, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^## QMP: differences from QEMU\n(.*?)(?=^#)", text,
                  re.S | re.M)
    if not m:
        return None
    return set(re.findall(r"^- `([^`]+)`", m.group(1), re.M))


def main():
    harness = [os.environ["QEMU_HARNESS"], "-S", "-x-module",
               os.environ["PL011_C"]]
    qemu = [os.environ.get("QEMU_SYSTEM_ARM", "qemu-system-arm"), "-M",
            "virt", "-accel", "tcg", "-S", "-display", "none", "-nodefaults"]
    with tempfile.TemporaryDirectory(prefix="qmp-shape-") as tmp:
        ours = converse("harness", harness, tmp)
        theirs = converse("qemu", qemu, tmp)

    greeting = Step("greeting", None, differ={
        "return.QMP.version.qemu.micro": VERSION,
        "return.QMP.version.package": VERSION})
    seen = set()
    # a step of several replies compares each
    steps = [greeting] + [s for s in CONVERSATION for _ in range(s.replies)]
    check(len(ours) == len(theirs) == len(steps),
          f"replies: ours {len(ours)}, QEMU's {len(theirs)}, steps "
          f"{len(steps)}")
    for step, o, q in zip(steps, ours, theirs):
        diffs = step_diffs(step, o, q)
        for key, detail in diffs:
            seen.add(key)
            check(key in ALLOWED, f"{key}: {detail}")
        if not diffs:
            check(True, step.label)
        # the text: members in QEMU's order; if no value differs, the bytes
        order = []
        order_diffs("", member_order(o[2]), member_order(q[2]), order)
        check(not order, f"{step.label}: member order: {order}")
        if not diffs and not step.differ:
            check(o[2] == q[2], f"{step.label}: text: ours {o[2][:200]!r}, "
                                f"QEMU {q[2][:200]!r}")

    # query-commands: every command of ours is one of QEMU's
    n = [s.label for s in steps].index("query-commands")
    mine = {c["name"] for c in ours[n][0]["return"]}
    qemus = {c["name"] for c in theirs[n][0]["return"]}
    check(mine and mine <= qemus, f"commands QEMU 7.2 lacks: "
          f"{sorted(mine - qemus)}")
    # qom-list-types: a type both have has the same parent in both
    n = [s.label for s in steps].index("qom-list-types abstract")
    parents = [{t["name"]: t.get("parent") for t in side[n][0]["return"]}
               for side in (ours, theirs)]
    common = set(parents[0]) & set(parents[1])
    check(len(common) >= 5 and
          all(parents[0][t] == parents[1][t] for t in common),
          f"types' parents: {[(t, parents[0][t], parents[1][t]) for t in common if parents[0][t] != parents[1][t]]}")

    stale = set(ALLOWED) - seen
    check(not stale, f"deviations that no longer occur: {sorted(stale)}")
    listed = readme_deviations()
    check(listed == set(ALLOWED),
          f"README's QMP deviations {sorted(listed or [])} are not the "
          f"table's {sorted(ALLOWED)}")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
