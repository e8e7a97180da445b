/*
 * Human-readable messages on stderr (qemu/error-report.h), prefixed with
 * the program name like QEMU 7.2's error_report() outside the monitor.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"

typedef enum {
    REPORT_TYPE_ERROR,
    REPORT_TYPE_WARNING,
    REPORT_TYPE_INFO,
} report_type;

const char *error_get_progname(void)
{
    const char *name = g_get_prgname();

    return name ? name : "qemu";
}

void error_vprintf(const char *fmt, va_list ap)
{
    vfprintf(stderr, fmt, ap);
}

void error_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vprintf(fmt, ap);
    va_end(ap);
}

static GString *capture;
static char *location;          /* qemu_shim_error_set_location() */

bool message_with_timestamp;

char *qemu_shim_error_set_location(const char *loc)
{
    char *old = location;

    location = g_strdup(loc);
    return old;
}

GString *qemu_shim_error_report_capture(GString *sink)
{
    GString *old = capture;

    capture = sink;
    return old;
}

G_GNUC_PRINTF(2, 0)
static void vreport(report_type type, const char *fmt, va_list ap)
{
    /* One fprintf per line keeps lines whole when several processes log. */
    g_autofree char *raw = g_strdup_vprintf(fmt, ap);
    g_autoptr(GString) msg = g_string_sized_new(strlen(raw));
    const char *kind = type == REPORT_TYPE_WARNING ? "warning: "
                     : type == REPORT_TYPE_INFO ? "info: " : "";

    /*
     * Messages echo names and paths a peer or a file supplied: a control
     * byte among them (a newline, an escape sequence) must not forge
     * lines or drive the terminal, so it is printed as \xNN.
     */
    for (const char *p = raw; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            g_string_append_printf(msg, "\\x%02x", (unsigned char)*p);
        } else {
            g_string_append_c(msg, *p);
        }
    }
    if (capture) {
        g_string_append_printf(capture, "%s%s%s", capture->len ? "\n" : "",
                               kind, msg->str);
        return;
    }
    if (message_with_timestamp) {
        /* As 7.2's real_time_iso8601(): UTC, microseconds. */
        g_autoptr(GDateTime) now = g_date_time_new_now_utc();
        g_autofree char *stamp = g_date_time_format_iso8601(now);

        fprintf(stderr, "%s ", stamp);
    }
    fprintf(stderr, "%s:%s%s%s\n", error_get_progname(),
            location ? location : " ", kind, msg->str);
}

void error_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_TYPE_ERROR, fmt, ap);
}

void warn_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_TYPE_WARNING, fmt, ap);
}

void info_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_TYPE_INFO, fmt, ap);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_TYPE_ERROR, fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_TYPE_WARNING, fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_TYPE_INFO, fmt, ap);
    va_end(ap);
}

bool error_report_once_cond(bool *printed, const char *fmt, ...)
{
    va_list ap;

    if (*printed) {
        return false;
    }
    *printed = true;
    va_start(ap, fmt);
    vreport(REPORT_TYPE_ERROR, fmt, ap);
    va_end(ap);
    return true;
}

bool warn_report_once_cond(bool *printed, const char *fmt, ...)
{
    va_list ap;

    if (*printed) {
        return false;
    }
    *printed = true;
    va_start(ap, fmt);
    vreport(REPORT_TYPE_WARNING, fmt, ap);
    va_end(ap);
    return true;
}
