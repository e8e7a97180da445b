/*
 * libqemu-cxx: the VMState tables of a vmstate() that is not constexpr,
 * built at run time, and the messages of a mistake (qemu-cxx/vmstate.hh).
 */
#include "qemu-cxx/vmstate.hh"

namespace qemu::detail {

void bad_vmstate(const char *name, const char *what) noexcept
{
    fprintf(stderr, "qemu: VMState '%s': %s\n", name ? name : "(unnamed)",
            what);
    abort();
}

const VMStateDescription *VMStateTree::release() const noexcept
{
    Size size = this->size();
    Tables t{ g_new0(VMStateField, size.fields),
              g_new0(VMStateDescription, size.descriptions),
              g_new0(const VMStateDescription *, size.subsections) };
    emit(t, t);
    return t.descriptions;
}

int hook_failed(const Error &err, const char *who, const char *hook) noexcept
{
    std::string_view msg = err.message();
    error_report("%s: %s: %.*s", who, hook, int(msg.size()), msg.data());
    return -EINVAL;
}

} // namespace qemu::detail
