/*
 * libqemu-cxx: the type-independent part of the Property tables
 * (qemu-cxx/properties.hh).
 */
#include "qemu-cxx/properties.hh"

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

/* The bytes a property's field takes, by its PropertyInfo; 0: unknown. */
static size_t field_size(const PropertyInfo *info)
{
    if (info == &qdev_prop_bool || info == &qdev_prop_uint8) {
        return 1;
    } else if (info == &qdev_prop_uint16) {
        return 2;
    } else if (info == &qdev_prop_uint32 || info == &qdev_prop_int32) {
        return 4;
    } else if (info == &qdev_prop_uint64 || info == &qdev_prop_int64 ||
               info == &qdev_prop_size) {
        return 8;
    } else if (info == &qdev_prop_string || info == &qdev_prop_link) {
        return sizeof(void *);
    } else if (info == &qdev_prop_chr) {
        return sizeof(::CharBackend);
    }
    return 0;
}

SavedProperties::SavedProperties(const ::Object *obj,
                                 const Property *table) noexcept
    : table_(table), bytes_(g_byte_array_new())
{
    auto *base = reinterpret_cast<const uint8_t *>(obj);
    for (const Property *p = table; p->name; p++) {
        g_byte_array_append(bytes_, base + p->offset, field_size(p->info));
    }
}

SavedProperties::~SavedProperties()
{
    g_byte_array_unref(bytes_);
}

void SavedProperties::check(::Object *obj) const noexcept
{
    auto *base = reinterpret_cast<uint8_t *>(obj);
    const uint8_t *saved = bytes_->data;
    for (const Property *p = table_; p->name; p++) {
        size_t size = field_size(p->info);
        if (memcmp(base + p->offset, saved, size) != 0) {
            fprintf(stderr, "qemu: %s: the constructor changed property "
                    "'%s', whose %s qdev stores before instance_init (a "
                    "property field takes no initializer)\n",
                    object_get_typename(obj), p->name,
                    p->set_default ? "default" : "value");
            fflush(stderr);
            abort();
        }
        memcpy(base + p->offset, saved, size);
        saved += size;
    }
}

} // namespace qemu::detail
