/*
 * libqemu-cxx: the Property table of a properties() that is not constexpr,
 * built at run time, the messages of a mistake, and the check that a
 * constructor left the properties alone (qemu-cxx/properties.hh).
 */
#include "qemu-cxx/properties.hh"

namespace qemu::detail {

void bad_properties(const char *name, const char *what) noexcept
{
    fprintf(stderr, "qemu: property '%s': %s\n", name ? name : "(unnamed)",
            what);
    abort();
}

/* The run-time copies of PropertyList's operations (see its comment). */
void PropertyList::copy_at_run_time(const PropertyList &other) noexcept
{
    copy(other);
}

void PropertyList::clear_at_run_time() noexcept
{
    delete[] props_;
}

void PropertyList::add_at_run_time(const Property &format, const char *name,
                                   ptrdiff_t offset, bool link,
                                   const char *link_type) noexcept
{
    add_here(format, name, offset, link, link_type);
}

void PropertyList::move_by_at_run_time(ptrdiff_t offset) noexcept
{
    move_by_here(offset);
}

Property *PropertyList::release() const noexcept
{
    Property *table = g_new0(Property, size());
    emit(table);
    return table;
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
