/*
 * libqemu-cxx: the type-independent part of the Property tables
 * (qemu/properties.hh).
 */
#include "qemu/properties.hh"

namespace qemu::detail {

[[noreturn]] static void bad_properties(const char *name, const char *what)
{
    fprintf(stderr, "qemu: property '%s': %s\n", name ? name : "(unnamed)",
            what);
    abort();
}

PropertiesBuilder::PropertiesBuilder() noexcept
    : props_(g_array_new(true, true, sizeof(Property)))
{
}

PropertiesBuilder::PropertiesBuilder(const PropertiesBuilder &other) noexcept
    : props_(g_array_copy(other.props_))
{
}

PropertiesBuilder::~PropertiesBuilder()
{
    g_array_unref(props_);
}

void PropertiesBuilder::add(const Property &format, const char *name,
                            ptrdiff_t offset, const char *link_type) noexcept
{
    Property p = format;
    p.name = name;
    p.offset = offset;
    p.link_type = link_type;
    g_array_append_val(props_, p);
}

Property *PropertiesBuilder::release() const noexcept
{
    for (unsigned i = 0; i < props_->len; i++) {
        const Property &p = g_array_index(props_, Property, i);
        if (!p.name || !*p.name) {
            bad_properties(p.name, "a property needs a name");
        }
        if (p.info == &qdev_prop_link && (!p.link_type || !*p.link_type)) {
            bad_properties(p.name, "a link needs a QOM type");
        }
        for (unsigned j = 0; j < i; j++) {
            if (!strcmp(g_array_index(props_, Property, j).name, p.name)) {
                bad_properties(p.name, "declared twice");
            }
        }
    }
    /* Zero-terminated: the copy ends with DEFINE_PROP_END_OF_LIST. */
    return reinterpret_cast<Property *>(
        g_array_free(g_array_copy(props_), false));
}

} // namespace qemu::detail
