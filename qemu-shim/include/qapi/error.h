/*
 * qapi/error.h - QEMU 7.2's Error object: how functions report failure to
 * their caller through an Error ** argument, with &error_abort and
 * &error_fatal as the "cannot fail" and "exit on failure" destinations.
 */
#ifndef QAPI_ERROR_H
#define QAPI_ERROR_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

/* The QMP error classes of QEMU 7.2's qapi/error.json. */
typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING_CAP,
    ERROR_CLASS__MAX
} ErrorClass;

/* The human-readable message of @err. */
const char *error_get_pretty(const Error *err);

/* The QMP class of @err. */
ErrorClass error_get_class(const Error *err);

/*
 * Create an error with a printf-style message and store it in *@errp.
 * @errp NULL: the error is dropped. &error_abort: print it with its source
 * location and abort. &error_fatal: print it and exit(1). Otherwise *@errp
 * must be NULL.
 */
#define error_setg(errp, fmt, ...)                                      \
    error_setg_internal((errp), __FILE__, __LINE__, __func__,           \
                        (fmt), ## __VA_ARGS__)
void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

/* Like error_setg(), with ": " and strerror(@os_error) appended. */
#define error_setg_errno(errp, os_error, fmt, ...)                      \
    error_setg_errno_internal((errp), __FILE__, __LINE__, __func__,     \
                              (os_error), (fmt), ## __VA_ARGS__)
void error_setg_errno_internal(Error **errp, const char *fname, int line,
                               const char *func, int os_error,
                               const char *fmt, ...)
    G_GNUC_PRINTF(6, 7);

/* Like error_setg(), with an error class other than the generic one. */
#define error_set(errp, err_class, fmt, ...)                            \
    error_set_internal((errp), __FILE__, __LINE__, __func__,            \
                       (err_class), (fmt), ## __VA_ARGS__)
void error_set_internal(Error **errp, const char *src, int line,
                        const char *func, ErrorClass err_class,
                        const char *fmt, ...)
    G_GNUC_PRINTF(6, 7);

/* "Could not open '@filename'" with strerror(@os_errno) appended. */
#define error_setg_file_open(errp, os_errno, filename)                  \
    error_setg_file_open_internal((errp), __FILE__, __LINE__, __func__, \
                                  (os_errno), (filename))
void error_setg_file_open_internal(Error **errp, const char *src, int line,
                                   const char *func, int os_errno,
                                   const char *filename);

/*
 * Move @local_err into *@dst_errp: with the same treatment of NULL,
 * &error_abort and &error_fatal as error_setg(). If *@dst_errp already
 * holds an error, @local_err is freed (the first error wins).
 */
void error_propagate(Error **dst_errp, Error *local_err);

/* error_propagate(), with a printf-style prefix prepended to the message. */
void error_propagate_prepend(Error **dst_errp, Error *local_err,
                             const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* Prepend a printf-style prefix to the message of *@errp, if any. */
void error_prepend(Error *const *errp, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
void error_vprepend(Error *const *errp, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);

/*
 * Append a printf-style hint to *@errp, printed after the message by
 * error_report_err(). Needs ERRP_GUARD() when @errp is a parameter.
 */
void error_append_hint(Error *const *errp, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* A deep copy of @err (message, class, hint and source location). */
Error *error_copy(const Error *err);

/* Free @err; NULL is allowed. */
void error_free(Error *err);

/* Free *@errp and clear it; abort if there is no error to free. */
void error_free_or_abort(Error **errp);

/* Print @err (and its hint) with error_report() / warn_report(), free it. */
void error_report_err(Error *err);
void warn_report_err(Error *err);

/* Like error_report_err() / warn_report_err() with a prefix prepended. */
void error_reportf_err(Error *err, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
void warn_reportf_err(Error *err, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/*
 * Shim-only: the source location where @err was created (the C++
 * bindings turn it into an exception's location).
 */
const char *qemu_shim_error_file(const Error *err);
int qemu_shim_error_line(const Error *err);
const char *qemu_shim_error_func(const Error *err);
/* Shim-only: the hint appended to @err, or NULL. */
const char *qemu_shim_error_hint(const Error *err);

/* Pass &error_abort to treat any error as a programming error. */
extern Error *error_abort;

/* Pass &error_fatal to print any error and exit(1). */
extern Error *error_fatal;

/* Pass &error_warn to print any error as a warning and carry on. */
extern Error *error_warn;

/*
 * ERRP_GUARD(): at the start of a function that takes Error **errp, makes
 * errp safe to dereference (*errp) and to use with error_prepend() and
 * error_append_hint(), even when the caller passed NULL or &error_fatal.
 * Any error is propagated to the caller's errp when the function returns.
 */
typedef struct ErrorPropagator {
    Error *local_err;
    Error **errp;
} ErrorPropagator;

static inline void error_propagator_cleanup(ErrorPropagator *prop)
{
    error_propagate(prop->errp, prop->local_err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ErrorPropagator, error_propagator_cleanup)

#define ERRP_GUARD()                                                    \
    g_auto(ErrorPropagator) _auto_errp_prop = { NULL, errp };           \
    do {                                                                \
        if (!errp || errp == &error_fatal) {                            \
            errp = &_auto_errp_prop.local_err;                          \
        }                                                               \
    } while (0)

G_END_DECLS

#endif /* QAPI_ERROR_H */
