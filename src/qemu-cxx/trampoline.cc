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

static thread_local const Callback *current_callback;

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
