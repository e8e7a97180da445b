/*
 * hw_error(): the fatal error of a device model. QEMU also dumps the CPU
 * state here; the shim has no CPU, so it prints the message and aborts.
 */
#include "qemu/osdep.h"
#include "hw/hw.h"

void hw_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "qemu: hardware error: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}
