/*
 * libqemu-cxx: qemu::log_guest_error() and qemu::log_unimp() (qemu-cxx/log.hh).
 */
#include "qemu-cxx/log.hh"

#include <cstdarg>

namespace qemu {

static void vlog_mask(int mask, const char *fmt, va_list ap)
{
    if (!qemu_loglevel_mask(mask)) {
        return;
    }
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    qemu_log_mask(mask, "%s", msg);
}

void log_guest_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog_mask(LOG_GUEST_ERROR, fmt, ap);
    va_end(ap);
}

void log_unimp(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog_mask(LOG_UNIMP, fmt, ap);
    va_end(ap);
}

} // namespace qemu
