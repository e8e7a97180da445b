#!/usr/bin/env python3
"""bare-metal.S on QEMU's built-in PL011, pl011-c and pl011-cxx inside
qemu-system-arm -M virt: one line echoed by polling, one line echoed from
the RX interrupt through the GIC, then PSCI power-off. Every transcript
must be the expected one, and the three equal.

Environment: as guest-test.py, plus CLANG (assembles for armv7a; the
relocations of its BLs are applied here, so no ARM linker is needed).
Prints 'SUBTESTS: N passed, M failed'.
"""
import os
import re
import select
import socket
import struct
import subprocess
import sys
import tempfile
import time

from testsuite import check, summary, verbose

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 120
POLLED = b'ping\n'
IRQ_LINE = b'the quick brown fox\n'
UARTS = {   # name -> (device type or None, base, SPI)
    'builtin': (None, 0x09000000, 1),
    'c': ('pl011-c', 0x09100000, 10),
    'cxx': ('pl011-cxx', 0x09100000, 10),
}
MODULE_ENV = {'c': 'PL011_C_MODULE', 'cxx': 'PL011_CXX_MODULE'}
R_ARM_CALL, R_ARM_JUMP24 = 28, 29


def raw_image(obj):
    """.text of an ELF32 ARM object with its branch relocations applied."""
    with open(obj, 'rb') as f:
        elf = f.read()
    shoff, = struct.unpack_from('<I', elf, 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', elf, 0x2e)
    secs = [struct.unpack_from('<IIIIIIIIII', elf, shoff + i * shentsize)
            for i in range(shnum)]
    strtab = secs[shstrndx]

    def name(s):
        off = strtab[4] + s[0]
        return elf[off:elf.index(b'\0', off)].decode()
    by_name = {name(s): (i, s) for i, s in enumerate(secs)}
    ti, text = by_name['.text']
    image = bytearray(elf[text[4]:text[4] + text[5]])
    if '.rel.text' in by_name:
        _, rel = by_name['.rel.text']
        symtab = secs[rel[6]]
        for off in range(rel[4], rel[4] + rel[5], 8):
            where, info = struct.unpack_from('<II', elf, off)
            rtype, sym = info & 0xff, info >> 8
            _, value, _, _, _, shndx = struct.unpack_from(
                '<IIIBBH', elf, symtab[4] + sym * 16)
            if rtype not in (R_ARM_CALL, R_ARM_JUMP24) or shndx != ti:
                sys.exit('bare-metal: relocation type %d against section %d '
                         'at 0x%x: not a branch within .text' %
                         (rtype, shndx, where))
            insn, = struct.unpack_from('<I', image, where)
            addend = ((insn & 0xffffff) ^ 0x800000) - 0x800000
            disp = (value - where) // 4 + addend
            struct.pack_into('<I', image, where,
                             (insn & 0xff000000) | (disp & 0xffffff))
    return bytes(image)


def build(tmp, base, spi):
    src = os.path.join(HERE, 'bare-metal.S')
    obj = os.path.join(tmp, 'fw-%x.o' % base)
    subprocess.run([os.environ.get('CLANG', 'clang'),
                    '--target=armv7a-none-eabi', '-c', src, '-o', obj,
                    '-DUART_BASE=0x%x' % base, '-DUART_SPI=%d' % spi],
                   check=True)
    path = obj[:-2] + '.bin'
    with open(path, 'wb') as f:
        f.write(raw_image(obj))
    return path


def run(name, tmp):
    """Returns (transcript, interrupts taken, QEMU's exit status, seconds)."""
    dev, base, spi = UARTS[name]
    fw = build(tmp, base, spi)
    ser = os.path.join(tmp, name + '.sock')
    lsock = socket.socket(socket.AF_UNIX)
    lsock.bind(ser)
    lsock.listen(1)
    common = ['-M', 'virt', '-m', '64M', '-nodefaults', '-display', 'none',
              '-kernel', fw, '-chardev', 'socket,id=ser,path=' + ser]
    if dev is None:
        cmd = [os.environ['QEMU']] + common + ['-serial', 'chardev:ser']
    else:
        cmd = [os.environ['QEMU_CXX_RUN'], '-x-qemu', os.environ['QEMU']] + \
            common + ['-x-module', os.environ[MODULE_ENV[name]],
                      '-device', '%s,id=uart1,chardev=ser' % dev,
                      '-x-map', 'uart1,addr=0x%x' % base,
                      '-x-irq', 'uart1,line=%d' % spi]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lsock.settimeout(TIMEOUT)
    got = bytearray()
    try:
        conn, _ = lsock.accept()
        deadline = time.monotonic() + TIMEOUT

        def wait_for(pattern):
            while time.monotonic() < deadline:
                m = re.search(pattern, got)
                if m:
                    return m
                r, _, _ = select.select([conn], [], [], 0.5)
                if r:
                    d = conn.recv(4096)
                    if not d:
                        return None
                    got.extend(d)
            return None
        wait_for(rb'bare: polled\n')
        conn.sendall(POLLED)
        wait_for(rb'bare: irq\n')
        conn.sendall(IRQ_LINE)
        m = wait_for(rb' irqs ([0-9a-f]{8})\n')
        status = proc.wait(timeout=max(1, deadline - time.monotonic()))
        conn.close()
    except (socket.timeout, subprocess.TimeoutExpired, OSError) as e:
        proc.kill()
        proc.wait()
        return bytes(got), None, '%s: %s' % (type(e).__name__, e), 0
    finally:
        lsock.close()
    irqs = int(m.group(1), 16) if m else None
    text = re.sub(rb' irqs [0-9a-f]{8}\n', b' irqs N\n', bytes(got))
    return text, irqs, status, round(time.monotonic() - t0, 2)


def main():
    expected = (b'bare: polled\n' + POLLED + b'bare: irq\n' + IRQ_LINE +
                b'bare: bytes %08x irqs N\n' % len(IRQ_LINE))
    verbose()   # a line for every check, passed ones too
    results = {}
    with tempfile.TemporaryDirectory(prefix='bare-') as tmp:
        for name in UARTS:
            text, irqs, status, secs = run(name, tmp)
            results[name] = text
            check(text == expected, '%s: transcript %r%s' % (
                name, text, '' if text == expected
                else ' (want %r)' % expected))
            check(irqs is not None and irqs >= 1,
                  '%s: RX interrupts taken through the GIC: %s' % (name, irqs))
            check(status == 0, '%s: PSCI SYSTEM_OFF ends QEMU with status 0 '
                  '(%s), %s s' % (name, status, secs))
    same = len(set(results.values())) == 1
    check(same, 'agree: the three transcripts are equal')
    return summary()


if __name__ == '__main__':
    sys.exit(main())
