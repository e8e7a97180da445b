/*
 * libqemu-cxx: the type-independent part of the VMState tables
 * (qemu-cxx/vmstate.hh).
 */
#include "qemu-cxx/vmstate.hh"

namespace qemu::detail {

[[noreturn]] static void bad_vmstate(const char *name, const char *what)
{
    fprintf(stderr, "qemu: VMState '%s': %s\n", name ? name : "(unnamed)",
            what);
    abort();
}

VMStateBuilder::VMStateBuilder(const char *name) noexcept
    : fields_(g_array_new(true, true, sizeof(VMStateField))),
      subsections_(g_ptr_array_new())
{
    c_.name = name;
}

VMStateBuilder::VMStateBuilder(const VMStateBuilder &other) noexcept
    : c_(other.c_), fields_(g_array_copy(other.fields_)),
      subsections_(g_ptr_array_copy(other.subsections_, nullptr, nullptr))
{
}

VMStateBuilder::~VMStateBuilder()
{
    g_array_unref(fields_);
    g_ptr_array_unref(subsections_);
}

void VMStateBuilder::add_field(const char *name, size_t offset, int version,
                               const VMStateFormat &format) noexcept
{
    VMStateField f{};
    f.name = name;
    f.offset = offset;
    f.version_id = version;
    f.size = format.size;
    f.num = format.num;
    f.info = format.info;
    f.flags = format.flags;
    f.vmsd = format.vmsd ? format.vmsd() : nullptr;
    g_array_append_val(fields_, f);
}

void VMStateBuilder::add_unused(size_t size, int version) noexcept
{
    VMStateField f{};
    f.name = "unused";
    f.size = size;
    f.info = &vmstate_info_unused_buffer;
    f.flags = VMS_BUFFER;
    f.version_id = version;
    g_array_append_val(fields_, f);
}

void VMStateBuilder::add_inline(const VMStateBuilder &content, size_t offset,
                                int version) noexcept
{
    const VMStateDescription &d = content.c_;
    if (content.subsections_->len || d.pre_save || d.post_save ||
        d.pre_load || d.post_load || d.needed || d.version_id ||
        d.minimum_version_id) {
        bad_vmstate(d.name, "the content of a BqlCell is listed in its "
                    "owner's description: it has no hooks, versions or "
                    "subsections of its own (give them to the owner's)");
    }
    for (unsigned i = 0; i < content.fields_->len; i++) {
        VMStateField f = g_array_index(content.fields_, VMStateField, i);
        f.offset += offset;
        f.version_id = std::max(f.version_id, version);
        g_array_append_val(fields_, f);
    }
}

void VMStateBuilder::add_subsection(const VMStateBuilder &sub) noexcept
{
    size_t len = strlen(c_.name);
    /* QEMU skips a subsection that does not carry the prefix. */
    if (strncmp(sub.c_.name, c_.name, len) != 0 || sub.c_.name[len] != '/') {
        bad_vmstate(sub.c_.name, "a subsection's name must start with its "
                    "parent's and a '/'");
    }
    g_ptr_array_add(subsections_,
                    const_cast<VMStateDescription *>(sub.release()));
}

const VMStateDescription *VMStateBuilder::release() const noexcept
{
    if (!c_.name || !*c_.name) {
        bad_vmstate(c_.name, "a description needs a name");
    }
    if (c_.minimum_version_id > c_.version_id) {
        bad_vmstate(c_.name, "minimum_version_id is above version_id");
    }
    for (unsigned i = 0; i < fields_->len; i++) {
        if (g_array_index(fields_, VMStateField, i).version_id >
            c_.version_id) {
            bad_vmstate(c_.name, "a field's version_id is above the "
                        "description's");
        }
    }
    VMStateDescription *d = g_new(VMStateDescription, 1);
    *d = c_;
    /* Zero-terminated: the copy ends with VMSTATE_END_OF_LIST. */
    d->fields = reinterpret_cast<VMStateField *>(
        g_array_free(g_array_copy(fields_), false));
    if (subsections_->len) {
        GPtrArray *subs = g_ptr_array_copy(subsections_, nullptr, nullptr);
        g_ptr_array_add(subs, nullptr);
        d->subsections = reinterpret_cast<VMStateDescription **>(
            g_ptr_array_free(subs, false));
    }
    return d;
}

int hook_failed(const Error &err, const char *who, const char *hook) noexcept
{
    std::string_view msg = err.message();
    error_report("%s: %s: %.*s", who, hook, int(msg.size()), msg.data());
    return -EINVAL;
}

} // namespace qemu::detail
