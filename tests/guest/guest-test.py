#!/usr/bin/env python3
"""Linux's amba-pl011 driver drives a PL011 inside the real qemu-system-arm:
QEMU's built-in one, our C reference module (pl011-c) and our C++ module
(pl011-cxx), one boot each, the same scenarios on each, and every
observable compared across them.

    guest-test.py [--uart builtin|c|cxx|mutant ...] [--scenario NAME ...]

Scenarios: console, bulk, line, break, irq (default: all, on all three).
Environment (meson sets it): QEMU, QEMU_CXX_RUN, PL011_C_MODULE,
PL011_CXX_MODULE, PL011_MUTANT_MODULE, GUEST_CACHE (the kit's folder, built by guest-kit.py).

The guest is Debian's armhf kernel with our init.sh; its console and a shell
are on the UART under test, whose host side is a unix socket this script
listens on. Prints one line per check, the figures per UART, then
'SUBTESTS: N passed, M failed'; exits 1 on any failure.
"""
import argparse
import hashlib
import json
import os
import random
import re
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BULK = 256 * 1024
UARTCLK = 24000000          # virt's apb-pclk, the PL011s' uartclk
# Generous: a loaded 2-core machine made a 4 s boot take 46 s.
BOOT_TIMEOUT = 180
CMD_TIMEOUT = 60
BULK_TIMEOUT = 240

# name -> (device type or None for the board's, base, tty, GIC hwirq)
UARTS = {
    'builtin': (None, 0x09000000, 'ttyAMA0', 32 + 1),
    'c': ('pl011-c', 0x09100000, 'ttyAMA1', 32 + 10),
    'cxx': ('pl011-cxx', 0x09100000, 'ttyAMA1', 32 + 10),
    # Not in the default set: pl011-c with a bug (pl011-stp2-mutant.c),
    # which guest-pl011-rejects runs to see the checks fail.
    'mutant': ('x-pl011-c-stp2-mutant', 0x09100000, 'ttyAMA1', 32 + 10),
}
DEFAULT_UARTS = ['builtin', 'c', 'cxx']
MODULE_ENV = {'c': ['PL011_C_MODULE'], 'cxx': ['PL011_CXX_MODULE'],
              'mutant': ['PL011_C_MODULE', 'PL011_MUTANT_MODULE']}
SCENARIOS = ['console', 'bulk', 'line', 'break', 'irq']

# stty settings -> (baud, LCR_H bits besides FEN) the driver must program.
# LCR_H: WLEN [6:5] = bits - 5, FEN 4, STP2 3, EPS 2, PEN 1.
LINE_SETTINGS = [
    ('9600 cs7 parenb parodd cstopb', 9600, (2 << 5) | 0x08 | 0x02),
    ('19200 cs8 parenb -parodd -cstopb', 19200, (3 << 5) | 0x04 | 0x02),
    ('38400 cs5 -parenb cstopb', 38400, (0 << 5) | 0x08),
    ('115200 cs8 -parenb -cstopb', 115200, (3 << 5)),
]
REGS = [('IBRD', 0x24), ('FBRD', 0x28), ('LCR_H', 0x2c), ('CR', 0x30),
        ('IMSC', 0x38)]


class Failure(Exception):
    pass


class Guest:
    """One boot of the guest with its console on the UART under test."""

    def __init__(self, name, kit, tmp):
        self.name = name
        dev, self.base, self.tty, self.hwirq = UARTS[name]
        self.port = int(self.tty[-1])
        kernel, initrd, dtb = kit
        ser = os.path.join(tmp, name + '.ser')
        self.qmp_path = os.path.join(tmp, name + '.qmp')
        lsock = socket.socket(socket.AF_UNIX)
        lsock.bind(ser)
        lsock.listen(1)
        # cryptomgr.notests: the crypto self-tests took 4.5 s of a 10 s
        # boot (initcall_debug), and test nothing of ours.
        append = 'console=%s uart=%s iomem=relaxed cryptomgr.notests' % (
            self.tty, self.tty)
        common = ['-M', 'virt', '-m', '256M', '-smp', '1', '-nodefaults',
                  '-display', 'none', '-no-reboot',
                  '-kernel', kernel, '-initrd', initrd, '-append', append,
                  '-chardev', 'socket,id=ser,path=' + ser,
                  '-qmp', 'unix:%s,server=on,wait=off' % self.qmp_path]
        if dev is None:
            cmd = [os.environ['QEMU']] + common + ['-serial', 'chardev:ser']
        else:
            cmd = [os.environ['QEMU_CXX_RUN'],
                   '-x-qemu', os.environ['QEMU']] + common + [
                '-dtb', dtb]
            for var in MODULE_ENV[name]:
                cmd += ['-x-module', os.environ[var]]
            cmd += [
                '-device', '%s,id=uart1,chardev=ser' % dev,
                '-x-map', 'uart1,addr=0x%x' % self.base,
                '-x-irq', 'uart1,line=%d' % (self.hwirq - 32)]
        self.log = open(os.path.join(tmp, name + '.qemu.log'), 'wb')
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log)
        # QEMU connects at once, or has exited (a module it refused).
        lsock.settimeout(1)
        deadline = time.monotonic() + BOOT_TIMEOUT
        try:
            while True:
                try:
                    self.sock, _ = lsock.accept()
                    break
                except socket.timeout:
                    if self.proc.poll() is not None or \
                            time.monotonic() > deadline:
                        raise Failure('%s: QEMU never connected to the '
                                      'serial socket (status %s; log: %s)' % (
                                          name, self.proc.poll(),
                                          self.qemu_log()))
        finally:
            lsock.close()
        self.buf = bytearray()      # appended in place: 256 KiB in small reads
        self.cmd_no = 0
        self.sent = 0           # command bytes sent by cmd()
        self.qmp = None

    def qemu_log(self):
        self.log.flush()
        with open(self.log.name, 'rb') as f:
            return f.read().decode(errors='replace').strip()[-800:]

    def fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([self.sock], [], [], min(left, 0.5))
        if r:
            d = self.sock.recv(1 << 16)
            if not d:
                raise Failure('%s: serial closed (QEMU: %s)'
                              % (self.name, self.qemu_log()))
            self.buf += d
        return True

    def expect(self, pattern, timeout, end):
        """Reads until the bytes regex, which ends with the literal `end`,
        matches. The regex runs only when a new `end` arrived: the boot
        log comes a few bytes per read, and searching it all each time made
        this process the machine's busiest."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern, re.S)
        seen = 0
        while True:
            i = self.buf.find(end, seen)
            if i >= 0:
                # On a copy: take() then changes self.buf in place.
                m = rx.search(bytes(self.buf))
                if m:
                    return m
                seen = i + 1
            else:
                seen = max(0, len(self.buf) - len(end) + 1)
            if not self.fill(deadline):
                raise Failure('%s: no %r within %d s; got %r' % (
                    self.name, pattern, timeout, bytes(self.buf[-300:])))

    def take(self, end):
        out = bytes(self.buf[:end])
        del self.buf[:end]
        return out

    def cmd(self, line, timeout=CMD_TIMEOUT):
        """Runs a shell line; returns its output (\\r\\n -> \\n) and checks
        its status. The markers' quotes keep an echo from matching."""
        self.cmd_no += 1
        n = self.cmd_no
        text = ('echo "<<B%d"">>"; %s; echo "<<E%d $?"">>"\n'
                % (n, line, n)).encode()
        self.sent += len(text)
        self.sock.sendall(text)
        m = self.expect(rb'<<B%d>>\r?\n(.*?)<<E%d (\d+)>>' % (n, n), timeout,
                        b'>>')
        self.take(m.end())
        if m.group(2) != b'0':
            raise Failure('%s: %r exited %s: %r' % (
                self.name, line, m.group(2).decode(), m.group(1)))
        return m.group(1).replace(b'\r\n', b'\n').decode(errors='replace')

    def counters(self):
        """The port's line in /proc/tty/driver/ttyAMA as a dict."""
        line = self.cmd('grep "^%d:" /proc/tty/driver/ttyAMA' % self.port)
        return parse_counters(line)

    def irq_count(self):
        out = self.cmd('cat /proc/interrupts')
        for line in out.splitlines():
            f = line.split()
            if 'GIC-0' in f and f[f.index('GIC-0') + 1] == str(self.hwirq):
                return int(f[1])
        raise Failure('%s: no GIC-0 %d in /proc/interrupts:\n%s'
                      % (self.name, self.hwirq, out))

    def qmp_cmd(self, execute, **args):
        if self.qmp is None:
            self.qmp = socket.socket(socket.AF_UNIX)
            self.qmp.connect(self.qmp_path)
            self.qmp_file = self.qmp.makefile('rwb')
            self.qmp_file.readline()
            self.qmp_cmd('qmp_capabilities')
        self.qmp_file.write(json.dumps(
            {'execute': execute, 'arguments': args}).encode() + b'\n')
        self.qmp_file.flush()
        while True:
            r = json.loads(self.qmp_file.readline())
            if 'return' in r or 'error' in r:
                if 'error' in r:
                    raise Failure('%s: QMP %s: %s' % (self.name, execute, r))
                return r['return']

    def close(self):
        try:
            self.sock.sendall(b'poweroff -f\n')
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        self.sock.close()
        if self.qmp is not None:
            self.qmp.close()
        self.log.close()


def parse_counters(line):
    """'1: uart:PL011 rev1 mmio:0x09100000 irq:29 tx:5 rx:3 brk:1 RTS|DTR'"""
    d = {}
    for w in line.split():
        if ':' in w:
            k, v = w.split(':', 1)
            d[k] = v
    return d


def delta(after, before, key):
    return int(after.get(key, '0')) - int(before.get(key, '0'))


ERRORS = ('tx', 'rx', 'fe', 'pe', 'brk', 'oe', 'bo')


# Each scenario returns {observable: value} for the UART; the values must
# be equal across UARTs, and checks() says which values each must have.

def sc_console(g, obs):
    m = g.expect(rb'(.*?)/ # ', BOOT_TIMEOUT, b'/ # ')
    boot = g.take(m.end()).decode(errors='replace')
    obs['times']['boot_wall_s'] = round(time.monotonic() - g.t0, 2)
    run = re.search(r'\[\s*([\d.]+)\] Run /init', boot)
    obs['times']['init_guest_s'] = float(run.group(1)) if run else None
    probe = re.search(r'%x\.pl011: %s at MMIO 0x%x \(irq = \d+, base_baud '
                      r'= 0\) is a (.*?)\r?\n' % (g.base, g.tty, g.base), boot)
    obs['console: kernel banner on the UART'] = 'Linux version 6.' in boot
    obs['console: driver probe line'] = probe.group(1) if probe else None
    obs['console: console enabled on it'] = (
        'printk: console [%s] enabled' % g.tty in boot)
    obs['console: init and shell prompt'] = (
        'guest-init: up on %s' % g.tty in boot)
    # No echo from here on: the host reads only what commands print.
    g.sock.sendall(b'stty -echo\n')
    time.sleep(0.2)
    obs['console: shell runs commands'] = g.cmd('echo $((6 * 7))').strip()


def sc_bulk(g, obs):
    data = random.Random(13).randbytes(BULK)
    digest = hashlib.sha256(data).hexdigest()
    grep = 'grep "^%d:" /proc/tty/driver/ttyAMA' % g.port
    up = "cut -d' ' -f1 /proc/uptime"
    irq0 = g.irq_count()
    # Host -> guest: the guest's head(1) reads slower than the socket
    # delivers; QEMU reads the chardev only while the FIFO has room.
    n = g.cmd_no = g.cmd_no + 1
    g.sock.sendall(('s=$(stty -g); c0=$(%s); stty raw -echo; echo READY%d; '
                    'a=$(%s); head -c %d > /tmp/in; b=$(%s); stty $s; '
                    'c1=$(%s); echo "<<R%d $a $b"; echo "$c0"; echo "$c1"; '
                    'sha256sum /tmp/in; echo "<<E%d"">>"\n'
                    % (grep, n, up, BULK, up, grep, n, n)).encode())
    m = g.expect(rb'READY%d\r?\n' % n, CMD_TIMEOUT, b'\n')
    g.take(m.end())
    sender = threading.Thread(target=g.sock.sendall, args=(data,))
    sender.start()
    m = g.expect(rb'<<R%d ([\d.]+) ([\d.]+)\r?\n(.*?)<<E%d>>' % (n, n),
                 BULK_TIMEOUT, b'>>')
    sender.join()
    g.take(m.end())
    secs = float(m.group(2)) - float(m.group(1))
    lines = m.group(3).decode().replace('\r\n', '\n').split('\n')
    c0, c1 = parse_counters(lines[0]), parse_counters(lines[1])
    obs['times']['h2g_bytes_per_s'] = round(BULK / secs) if secs else None
    obs['bulk h2g: sha256 of what the guest read'] = (
        lines[2].split()[0] == digest)
    obs['bulk h2g: rx counter rise'] = delta(c1, c0, 'rx')
    obs['bulk h2g: error counters rise'] = {
        k: delta(c1, c0, k) for k in ERRORS[2:] if delta(c1, c0, k)}
    irq1 = g.irq_count()

    # Guest -> host: cat(1) writes it back; the host checks every byte.
    n = g.cmd_no = g.cmd_no + 1
    g.sock.sendall(('s=$(stty -g); c0=$(%s); stty raw -echo; echo READY%d; '
                    'a=$(%s); cat /tmp/in; b=$(%s); stty $s; c1=$(%s); '
                    'echo "<<R%d $a $b"; echo "$c0"; echo "$c1"; '
                    'echo "<<E%d"">>"\n'
                    % (grep, n, up, up, grep, n, n)).encode())
    m = g.expect(rb'READY%d\n' % n, CMD_TIMEOUT, b'\n')   # raw: no \r
    g.take(m.end())
    deadline = time.monotonic() + BULK_TIMEOUT
    while len(g.buf) < BULK and g.fill(deadline):
        pass
    got = g.take(BULK)
    m = g.expect(rb'<<R%d ([\d.]+) ([\d.]+)\r?\n(.*?)<<E%d>>' % (n, n),
                 BULK_TIMEOUT, b'>>')
    g.take(m.end())
    secs = float(m.group(2)) - float(m.group(1))
    lines = m.group(3).decode().replace('\r\n', '\n').split('\n')
    c0, c1 = parse_counters(lines[0]), parse_counters(lines[1])
    obs['times']['g2h_bytes_per_s'] = round(BULK / secs) if secs else None
    obs['bulk g2h: bytes the host got equal those sent'] = got == data
    if got != data:
        first = next((i for i in range(min(len(got), len(data)))
                      if got[i] != data[i]), min(len(got), len(data)))
        obs['bulk g2h: first difference at'] = first
    # Besides the 256 KiB, only the READY line before it went out.
    obs['bulk g2h: tx counter rise beyond data and READY line'] = (
        delta(c1, c0, 'tx') - BULK - len(b'READY%d\n' % n))
    irq2 = g.irq_count()
    obs['irq: rises on RX'] = irq1 > irq0
    obs['irq: rises on TX'] = irq2 > irq1
    obs['times']['irqs_rx_tx'] = (irq1 - irq0, irq2 - irq1)


def sc_line(g, obs):
    restore = 'stty 115200 cs8 -parenb -parodd -cstopb'
    for setting, _, _ in LINE_SETTINGS:
        reads = '; '.join('r%d=$(devmem 0x%x 32)' % (i, g.base + off)
                          for i, (_, off) in enumerate(REGS))
        out = g.cmd('stty %s; %s; %s; echo %s' % (
            setting, reads, restore,
            ' '.join('$r%d' % i for i in range(len(REGS)))))
        vals = [int(v, 16) for v in out.split()]
        obs['line: %s' % setting] = dict(
            (r, '0x%x' % v) for (r, _), v in zip(REGS, vals))


def sc_break(g, obs):
    # ignbrk: the line discipline drops the break (no SIGINT, no flush of
    # a command that is on its way); the driver counts it all the same.
    g.cmd('stty ignbrk')
    before = g.counters()
    sent = g.sent
    for _ in range(3):
        g.qmp_cmd('chardev-send-break', id='ser')
        time.sleep(0.2)
    # A loaded host may take a while to get the breaks to the driver.
    deadline = time.monotonic() + CMD_TIMEOUT
    after = g.counters()
    while delta(after, before, 'brk') < 3 and time.monotonic() < deadline:
        time.sleep(0.5)
        after = g.counters()
    sent = g.sent - sent        # command bytes the rx counter also saw
    g.cmd('stty -ignbrk')
    obs['break: brk counter rise for 3 breaks'] = delta(after, before, 'brk')
    # The bytes of our commands aside, what the breaks added to rx.
    obs['break: rx counter rise besides commands'] = (
        delta(after, before, 'rx') - sent)
    obs['break: framing/parity/overrun rise'] = sum(
        delta(after, before, k) for k in ('fe', 'pe', 'oe'))


def sc_irq(g, obs):
    # The rises are measured in bulk; here: the driver never complained.
    out = g.cmd('dmesg')
    mine = [l for l in out.splitlines()
            if ('%x.pl011' % g.base) in l or g.tty in l]
    bad = [l for l in mine if re.search(r'error|fail|overrun|timed? ?out|'
                                        r'unable|bad|warn', l, re.I)]
    obs['irq: driver error lines in dmesg'] = [
        re.sub(r'^\[[^]]*\]\s*', '', l) for l in bad]
    obs['irq: driver lines in dmesg'] = len(mine)


RUNNERS = {'console': sc_console, 'bulk': sc_bulk, 'line': sc_line,
           'break': sc_break, 'irq': sc_irq}


def expected(key):
    """What every UART must show, where we know it without the built-in
    (None: only agreement with the others is checked)."""
    if key.startswith('line: '):
        for setting, baud, lcr in LINE_SETTINGS:
            if key == 'line: ' + setting:
                quot = (UARTCLK * 4 + baud // 2) // baud
                return {'IBRD': '0x%x' % (quot >> 6),
                        'FBRD': '0x%x' % (quot & 0x3f),
                        'LCR_H': '0x%x' % (lcr | 0x10)}
    return {
        'console: kernel banner on the UART': True,
        'console: console enabled on it': True,
        'console: init and shell prompt': True,
        'console: shell runs commands': '42',
        'bulk h2g: sha256 of what the guest read': True,
        'bulk h2g: rx counter rise': BULK,
        'bulk h2g: error counters rise': {},
        'bulk g2h: bytes the host got equal those sent': True,
        'console: driver probe line': 'PL011 rev1',
        'break: rx counter rise besides commands': 3,
        'bulk g2h: tx counter rise beyond data and READY line': 0,
        'irq: rises on RX': True,
        'irq: rises on TX': True,
        'break: brk counter rise for 3 breaks': 3,
        'break: framing/parity/overrun rise': 0,
        'irq: driver error lines in dmesg': [],
    }.get(key)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--uart', action='append', choices=list(UARTS))
    ap.add_argument('--scenario', action='append', choices=SCENARIOS)
    args = ap.parse_args()
    uarts = args.uart or DEFAULT_UARTS
    scenarios = args.scenario or SCENARIOS
    if 'console' not in scenarios:
        scenarios = ['console'] + scenarios   # it waits for the shell
    kit_run = subprocess.run(
        [sys.executable, os.path.join(HERE, 'guest-kit.py'),
         os.environ['GUEST_CACHE'], os.environ['QEMU']],
        stdout=subprocess.PIPE, text=True)
    if kit_run.returncode != 0:
        print('guest kit: FAIL (guest-kit.py exited %d)' % kit_run.returncode)
        print('SUBTESTS: 0 passed, 1 failed')
        return 1
    kit = kit_run.stdout.split()

    passed = failed = 0

    def check(ok, text):
        nonlocal passed, failed
        print('%s: %s' % ('ok' if ok else 'FAIL', text), flush=True)
        if ok:
            passed += 1
        else:
            failed += 1

    results = {}
    with tempfile.TemporaryDirectory(prefix='guest-') as tmp:
        for u in uarts:
            obs = {'times': {}}
            results[u] = obs
            g = None
            owner = {}          # observable -> the scenario that made it
            bad = set()         # scenarios with a failed check
            failed_in = 'boot'
            try:
                g = Guest(u, kit, tmp)
                for sc in scenarios:
                    failed_in = sc
                    t = time.monotonic()
                    keys = set(obs)
                    RUNNERS[sc](g, obs)
                    owner.update((k, sc) for k in set(obs) - keys)
                    obs['times'][sc + '_wall_s'] = round(
                        time.monotonic() - t, 2)
                failed_in = None
            except (Failure, OSError, ValueError, IndexError,
                    AttributeError) as e:
                obs['error'] = '%s: %s' % (type(e).__name__, e)
            finally:
                if g is not None:
                    g.close()
            check('error' not in obs, '%s: %s ran to the end%s' % (
                u, ', '.join(scenarios),
                '' if 'error' not in obs else ' (%s)' % obs['error']))
            for k, v in obs.items():
                if k in ('times', 'error'):
                    continue
                want = expected(k)
                if want is None:
                    continue
                if isinstance(want, dict) and isinstance(v, dict) and \
                        k.startswith('line: '):
                    got = {r: v.get(r) for r in want}
                else:
                    got = v
                check(got == want, '%s: %s = %r%s' % (
                    u, k, v, '' if got == want else ' (want %r)' % want))
                if got != want:
                    bad.add(owner[k])
            print('%s: figures %s' % (u, json.dumps(obs['times'])),
                  flush=True)
            # One line per scenario (scripts/main.sh prints these).
            tm = obs['times']
            if failed_in is None:
                completed = scenarios
            elif failed_in in scenarios:
                completed = scenarios[:scenarios.index(failed_in)]
            else:
                completed = []      # QEMU or the boot failed
            for sc in scenarios:
                ok = sc in completed and sc not in bad
                n = sum(1 for k in owner if owner[k] == sc)
                extra = {
                    'console': 'boot %s s wall, /init at %s s guest time'
                               % (tm.get('boot_wall_s'),
                                  tm.get('init_guest_s')),
                    'bulk': '256 KiB each way, guest-measured %s B/s '
                            'host->guest, %s B/s guest->host'
                            % (tm.get('h2g_bytes_per_s'),
                               tm.get('g2h_bytes_per_s')),
                }.get(sc, '%s s' % tm.get(sc + '_wall_s'))
                print('scenario: %s %s %s (%d observables; %s)' % (
                    u, sc, 'ok' if ok else 'FAIL', n, extra), flush=True)

    if len(uarts) > 1:
        keys = sorted(set(k for o in results.values() for k in o
                          if k not in ('times', 'error')))
        for k in keys:
            vals = {u: results[u].get(k, '(missing)') for u in uarts}
            same = all(v == vals[uarts[0]] for v in vals.values())
            check(same, 'agree: %s%s' % (
                k, ' = %r' % vals[uarts[0]] if same else ': %r' % vals))
    print('SUBTESTS: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
