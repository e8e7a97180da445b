/*
 * qemu/error-report.h - QEMU 7.2's messages for humans on stderr:
 * "PROGNAME: MSG", "PROGNAME: warning: MSG", "PROGNAME: info: MSG".
 * PROGNAME is g_get_prgname(), or "qemu" when the program set none.
 */
#ifndef QEMU_ERROR_REPORT_H
#define QEMU_ERROR_REPORT_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

/* Print text as is (no prefix, no newline added). */
void error_vprintf(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
void error_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

void error_vreport(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
void warn_vreport(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
void info_vreport(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);

void error_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void warn_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void info_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * qemu-shim only, for the harness: while @sink is set, the *_report()
 * functions append their line ("MSG", "warning: MSG"; lines separated by
 * '\n', no program name) to @sink instead of printing it. NULL prints
 * again. Returns the previous sink. Main thread only.
 */
GString *qemu_shim_error_report_capture(GString *sink);

/* Report only if *@printed is false, then set it; returns true if printed. */
bool error_report_once_cond(bool *printed, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
bool warn_report_once_cond(bool *printed, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* Report at most once per call site. */
#define error_report_once(fmt, ...)                                     \
    ({                                                                  \
        static bool print_once_;                                        \
        error_report_once_cond(&print_once_, fmt, ## __VA_ARGS__);      \
    })

#define warn_report_once(fmt, ...)                                      \
    ({                                                                  \
        static bool print_once_;                                        \
        warn_report_once_cond(&print_once_, fmt, ## __VA_ARGS__);       \
    })

/* The program name used as the message prefix. */
const char *error_get_progname(void);

/*
 * -msg timestamp=on: messages, and the log backend's trace lines, start
 * with a time ("PID@SEC.USEC:" for trace lines). Off by default, as in 7.2.
 */
extern bool message_with_timestamp;

/*
 * qemu-shim only, QEMU's Location in short: where the message comes from,
 * printed between "PROGNAME:" and the message as QEMU prints it: for an
 * option, qemu_shim_error_set_location(" -trace foo: "); for line 4 of a
 * file, qemu_shim_error_set_location("FILE:4: "). NULL: none (" ").
 * Returns the previous location, for the caller to restore (and g_free).
 */
char *qemu_shim_error_set_location(const char *loc);

G_END_DECLS

#endif /* QEMU_ERROR_REPORT_H */
