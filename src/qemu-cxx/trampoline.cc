/*
 * libqemu-cxx: what guard() (qemu-cxx/trampoline.hh) does when an exception
 * escapes device code.
 */
#include "qemu-cxx/trampoline.hh"
#include "qapi/error.h"

#include <exception>

namespace qemu::detail {

void exception_escaped(const char *type_name, const char *callback) noexcept
{
    const char *what = nullptr;
    try {
        throw;
    } catch (const std::exception &e) {
        what = e.what();    /* lives on: guard()'s handler still holds it */
    } catch (...) {
    }
    fprintf(stderr, "qemu: C++ exception escaped from %s callback '%s': %s\n",
            type_name ? type_name : "(unknown type)", callback,
            what ? what : "(not a std::exception)");
    fflush(stderr);
    abort();
}

void exception_to_error(::Object *obj, const char *callback,
                        ::Error **errp) noexcept
{
    const char *what = nullptr;
    try {
        throw;
    } catch (const std::exception &e) {
        what = e.what();
    } catch (...) {
    }
    error_setg(errp, "%s: %s: C++ exception: %s",
               obj ? object_get_typename(obj) : "(unknown type)", callback,
               what ? what : "(not a std::exception)");
}

/*
 * Static TLS (initial-exec), not the dynamic TLS a dlopen()ed library gets
 * by default: the pointer fits glibc's surplus for libraries loaded late,
 * and gcc 12's LeakSanitizer crashes at exit walking a dlopen()ed
 * library's dynamic TLS under glibc 2.36 ("Tracer caught signal 11"),
 * which the ASan build of the qtest and diff tests of the test device hit.
 */
static thread_local const Callback *current_callback
    [[gnu::tls_model("initial-exec")]];

const Callback *exchange_callback(const Callback *c) noexcept
{
    const Callback *old = current_callback;
    current_callback = c;
    return old;
}

void exception_escaped(::Object *obj, const char *callback) noexcept
{
    exception_escaped(obj ? object_get_typename(obj) : nullptr, callback);
}

} // namespace qemu::detail
