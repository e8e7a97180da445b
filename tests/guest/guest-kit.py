#!/usr/bin/env python3
"""Builds the guest kit in a cache folder: Debian's armhf kernel, an
initramfs of busybox-static plus our init.sh, and a device tree for
-M virt that describes a second PL011 (ours) at 0x09100000, GIC SPI 10.

    guest-kit.py CACHE_DIR QEMU

Nothing it downloads is committed: the packages come from Debian's archive
(armhf added as a foreign architecture), the rest is built here. Each step
is skipped when its output is already in CACHE_DIR; a lock keeps two tests
from building the same kit at once. Prints the kit's files, one per line.
"""
import fcntl
import os
import stat
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Our UART in the module runs (free on virt 7.2, README "Limits").
OUR_ADDR = 0x09100000
OUR_SPI = 10
BOARD_NODE = '/pl011@9000000'
OUR_NODE = '/pl011@9100000'
# The machine options every run uses: the dumped tree must be the one
# QEMU would generate for them (memory node, CPUs, GIC).
MACHINE = ['-M', 'virt', '-m', '256M', '-smp', '1']


def log(msg):
    print('guest-kit: ' + msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def out(cmd):
    return run(cmd, stdout=subprocess.PIPE, text=True).stdout


def ensure_host_tools():
    """dtc's fdtget/fdtput; installed as root when missing."""
    if all(os.path.exists('/usr/bin/' + t) for t in ('fdtget', 'fdtput')):
        return
    if os.geteuid() != 0:
        sys.exit('guest-kit: fdtget/fdtput missing: install '
                 'device-tree-compiler (scripts/setup.sh does, as root)')
    log('installing device-tree-compiler')
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    run(['apt-get', 'update', '-qq'], env=env)
    run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends',
         'device-tree-compiler'], env=env, stdout=subprocess.DEVNULL)


def armhf_kernel_package():
    """The kernel linux-image-armmp:armhf depends on (e.g.
    linux-image-6.1.0-57-armmp), or None before apt knows armhf."""
    r = subprocess.run(['apt-cache', 'depends', 'linux-image-armmp:armhf'],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       text=True)
    for line in r.stdout.splitlines():
        line = line.strip()
        if line.startswith('Depends: linux-image-'):
            return line.split()[1]
    return None


def fetch_packages(debs):
    """Downloads the kernel and busybox-static for armhf into debs/."""
    kernel = armhf_kernel_package()
    if kernel is None:
        if os.geteuid() != 0:
            sys.exit('guest-kit: apt knows no armhf kernel: as root, run '
                     'dpkg --add-architecture armhf && apt-get update')
        log('adding armhf to dpkg and updating apt')
        run(['dpkg', '--add-architecture', 'armhf'])
        run(['apt-get', 'update', '-qq'])
        kernel = armhf_kernel_package()
        if kernel is None:
            sys.exit('guest-kit: no linux-image-armmp:armhf in the archive')
    os.makedirs(debs, exist_ok=True)
    # apt's _apt user downloads into a folder it can write; root may too.
    os.chmod(debs, 0o777)
    wanted = [kernel.split(':')[0] + ':armhf', 'busybox-static:armhf']
    log('downloading ' + ' '.join(wanted))
    run(['apt-get', 'download', '-q'] + wanted, cwd=debs,
        stdout=subprocess.DEVNULL)
    names = os.listdir(debs)
    kdeb = [n for n in names if n.startswith('linux-image-')]
    bdeb = [n for n in names if n.startswith('busybox-static_')]
    if len(kdeb) != 1 or len(bdeb) != 1:
        sys.exit('guest-kit: expected one kernel and one busybox .deb in '
                 '%s, found %s' % (debs, sorted(names)))
    return os.path.join(debs, kdeb[0]), os.path.join(debs, bdeb[0])


def extract(deb, member_glob, dest):
    """One file out of a .deb (the kernel package is 40 MB of modules we
    do not need: dpkg-deb's tar stream, filtered)."""
    tmp = dest + '.d'
    os.makedirs(tmp, exist_ok=True)
    p1 = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', deb],
                          stdout=subprocess.PIPE)
    run(['tar', '-x', '-C', tmp, '--wildcards', member_glob], stdin=p1.stdout)
    p1.stdout.close()
    if p1.wait() != 0:
        sys.exit('guest-kit: dpkg-deb failed on ' + deb)
    found = []
    for root, _, files in os.walk(tmp):
        found += [os.path.join(root, f) for f in files]
    if len(found) != 1:
        sys.exit('guest-kit: %s in %s: %s' % (member_glob, deb, found))
    os.replace(found[0], dest)
    run(['rm', '-rf', tmp])


def cpio_newc(entries):
    """An uncompressed newc archive (the kernel unpacks it as the initramfs).
    Written here rather than with cpio(1) so that /dev/console can be a
    character device without mknod, and the archive is byte-reproducible."""
    blob = bytearray()
    ino = 1
    for name, mode, data, rdev in entries + [('TRAILER!!!', 0, b'', (0, 0))]:
        nm = name.encode() + b'\0'
        hdr = '070701' + ''.join('%08X' % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
            len(nm), 0))
        blob += hdr.encode() + nm
        blob += b'\0' * (-len(blob) % 4)
        blob += data
        blob += b'\0' * (-len(blob) % 4)
        ino += 1
    blob += b'\0' * (-len(blob) % 512)
    return bytes(blob)


def build_initramfs(busybox, dest):
    with open(busybox, 'rb') as f:
        bb = f.read()
    with open(os.path.join(HERE, 'init.sh'), 'rb') as f:
        init = f.read()
    d, r, x = stat.S_IFDIR | 0o755, stat.S_IFREG, 0o755
    entries = [(n, d, b'', (0, 0)) for n in
               ('bin', 'dev', 'proc', 'sys', 'tmp')]
    entries += [('dev/console', stat.S_IFCHR | 0o600, b'', (5, 1)),
                ('bin/busybox', r | x, bb, (0, 0)),
                ('bin/sh', stat.S_IFLNK | 0o777, b'busybox', (0, 0)),
                ('init', r | x, init, (0, 0))]
    with open(dest + '.tmp', 'wb') as f:
        f.write(cpio_newc(entries))
    os.replace(dest + '.tmp', dest)


def build_dtb(qemu, dest):
    """QEMU's own tree for the machine, plus a node for our PL011 made like
    the board's: same compatible and clocks, our address, SPI 10."""
    raw = dest + '.board'
    run([qemu] + MACHINE + ['-nodefaults', '-display', 'none',
                            '-machine', 'dumpdtb=' + raw],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    clocks = out(['fdtget', raw, BOARD_NODE, 'clocks']).split()
    board_irq = out(['fdtget', raw, BOARD_NODE, 'interrupts']).split()
    if len(clocks) != 2 or len(board_irq) != 3:
        sys.exit('guest-kit: unexpected %s node in QEMU\'s tree' % BOARD_NODE)
    tmp = dest + '.tmp'
    run(['cp', raw, tmp])

    def put(kind, prop, *values):
        run(['fdtput', '-t', kind, tmp, OUR_NODE, prop] + list(values))
    run(['fdtput', '-c', tmp, OUR_NODE])
    put('s', 'compatible', 'arm,pl011', 'arm,primecell')
    put('x', 'reg', '0', '%x' % OUR_ADDR, '0', '1000')
    # <GIC_SPI n IRQ_TYPE_LEVEL_HIGH>, as the board's node says its own.
    put('u', 'interrupts', '0', str(OUR_SPI), board_irq[2])
    put('u', 'clocks', *clocks)
    put('s', 'clock-names', 'uartclk', 'apb_pclk')
    # QEMU 7.2's tree has no aliases: Linux would number the ports in probe
    # order. The aliases pin the names, ttyAMA0 the board's, ttyAMA1 ours.
    run(['fdtput', '-c', tmp, '/aliases'])
    run(['fdtput', '-t', 's', tmp, '/aliases', 'serial0', BOARD_NODE])
    run(['fdtput', '-t', 's', tmp, '/aliases', 'serial1', OUR_NODE])
    os.remove(raw)
    os.replace(tmp, dest)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    cache, qemu = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.makedirs(cache, exist_ok=True)
    kernel = os.path.join(cache, 'vmlinuz')
    busybox = os.path.join(cache, 'busybox')
    initrd = os.path.join(cache, 'initramfs.cpio')
    dtb = os.path.join(cache, 'virt-pl011x2.dtb')
    with open(os.path.join(cache, '.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ensure_host_tools()
        if not (os.path.exists(kernel) and os.path.exists(busybox)):
            kdeb, bdeb = fetch_packages(os.path.join(cache, 'debs'))
            extract(kdeb, './boot/vmlinuz-*', kernel)
            extract(bdeb, './bin/busybox', busybox)
            run(['rm', '-rf', os.path.join(cache, 'debs')])
        # Rebuilt every time: init.sh may have changed, and it takes 10 ms.
        build_initramfs(busybox, initrd)
        if not os.path.exists(dtb):
            build_dtb(qemu, dtb)
    print(kernel)
    print(initrd)
    print(dtb)


if __name__ == '__main__':
    main()
