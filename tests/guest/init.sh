#!/bin/sh
# The guest's /init (busybox ash): mounts what the scenarios read, then
# gives the host a shell on the UART under test. The kernel passes the
# command line's unknown key=value words as environment: uart= names that
# UART's tty (ttyAMA0 for the board's PL011, ttyAMA1 for ours).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
# The boot log is on the console; from here on the kernel must not print
# into the byte streams the host checksums (the printk level says errors
# only; dmesg still has everything).
echo 1 > /proc/sys/kernel/printk
# A break on the console port makes the next byte a SysRq key (it would eat
# the first letter of the host's next command); with SysRq off it does not.
echo 0 > /proc/sys/kernel/sysrq
echo "guest-init: up on ${uart:-?}"
cd /
exec setsid cttyhack sh -i
