/*
 * qemu-cxx/log.hh - guest-error and unimplemented-feature logging.
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

#include "qemu-cxx/api.hh"

namespace qemu {

/* In libqemu-cxx (log.cc): varargs functions would not inline anyway. */
[[gnu::format(printf, 1, 2)]] QEMU_CXX_API void
log_guest_error(const char *fmt, ...);

[[gnu::format(printf, 1, 2)]] QEMU_CXX_API void log_unimp(const char *fmt,
                                                          ...);

} // namespace qemu

#endif /* QEMU_CXX_LOG_HH */
