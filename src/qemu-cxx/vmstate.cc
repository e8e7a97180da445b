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

/* The run-time copies of VMStateTree's operations (see its comment). */
void VMStateTree::copy_at_run_time(const VMStateTree &other) noexcept
{
    copy(other);
}

void VMStateTree::clear_at_run_time() noexcept
{
    clear();
}

void VMStateTree::add_field_at_run_time(const char *name, size_t offset,
                                        int version,
                                        const VMStateFormat &format) noexcept
{
    add_field_here(name, offset, version, format);
}

void VMStateTree::add_unused_at_run_time(size_t size, int version) noexcept
{
    add_unused_here(size, version);
}

void VMStateTree::add_inline_at_run_time(const VMStateTree &content,
                                         size_t offset, int version) noexcept
{
    add_inline_here(content, offset, version);
}

void VMStateTree::add_subsection_at_run_time(const VMStateTree &sub) noexcept
{
    add_subsection_here(sub);
}

void VMStateTree::move_by_at_run_time(size_t offset) noexcept
{
    move_by_here(offset);
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
