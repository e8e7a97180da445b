/*
 * qemu/log.hh - guest-error and unimplemented-feature logging.
 *
 * The RFC's next steps (logging). qemu::log_guest_error() and
 * qemu::log_unimp() are qemu_log_mask(LOG_GUEST_ERROR / LOG_UNIMP, ...)
 * with the format checked at compile time (std::format-style checking
 * needs C++20 <format>, which g++ 12 lacks, so this keeps printf's format
 * attribute). Upstream Rust has log_mask_ln!(Log::GuestError, ...).
 */
#ifndef QEMU_CXX_LOG_HH
#define QEMU_CXX_LOG_HH

#include "qemu/osdep.h"
#include "qemu/log.h"

#include <cstdarg>

namespace qemu {

namespace detail {

inline void vlog_mask(int mask, const char *fmt, va_list ap)
{
    if (!qemu_loglevel_mask(mask)) {
        return;
    }
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    qemu_log_mask(mask, "%s", msg);
}

} // namespace detail

/* The guest did something the device rejects (a bad offset, ...). */
[[gnu::format(printf, 1, 2)]] inline void log_guest_error(const char *fmt,
                                                           ...)
{
    va_list ap;
    va_start(ap, fmt);
    detail::vlog_mask(LOG_GUEST_ERROR, fmt, ap);
    va_end(ap);
}

/* The guest used a feature the model does not implement. */
[[gnu::format(printf, 1, 2)]] inline void log_unimp(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    detail::vlog_mask(LOG_UNIMP, fmt, ap);
    va_end(ap);
}

} // namespace qemu

#endif /* QEMU_CXX_LOG_HH */
