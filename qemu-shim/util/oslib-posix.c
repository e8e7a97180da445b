/*
 * What QEMU 7.2's util/oslib-posix.c provides that the shim needs.
 */
#include "qemu/osdep.h"
#include <sys/syscall.h>

int qemu_get_thread_id(void)
{
    return (int)syscall(SYS_gettid);
}
