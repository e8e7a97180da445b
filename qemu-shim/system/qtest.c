/*
 * qtest_allowed: QEMU exports it (softmmu/qtest.c); false as in
 * qemu-system-arm run without -accel qtest.
 */
#include "qemu/osdep.h"
#include "sysemu/qtest.h"

bool qtest_allowed;
