/*
 * libqemu-cxx: the report of a BqlCell borrow conflict (qemu-cxx/bql.hh).
 */
#include "qemu-cxx/bql.hh"
#include "qemu-cxx/trampoline.hh"

namespace qemu::detail {

void borrow_conflict(const char *what, const char *file, unsigned line,
                     const char *function) noexcept
{
    const Callback *c = exchange_callback(nullptr);
    fprintf(stderr, "qemu: BqlCell: %s:%u: in %s: %s", file, line, function,
            what);
    if (c) {
        fprintf(stderr, " in %s callback '%s'",
                c->obj ? object_get_typename(c->obj) : "(unknown type)",
                c->name);
    }
    fprintf(stderr, "\n");
    fflush(stderr);
    abort();
}

} // namespace qemu::detail
