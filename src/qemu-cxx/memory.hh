/*
 * qemu-cxx/memory.hh - qemu::MemoryRegion: the memory API's regions as QOM
 * objects, for mapping and for finding a device's MMIO region.
 *
 * Part of the RFC's "next steps" (MemoryRegion). A MemoryRegion usually
 * lives inside its owner's state; this wrapper gives typed access to an
 * existing one. Issue 7 generates MemoryRegionOps from member functions
 * on top of it.
 *
 * Example (compiled and run as a test): src/examples/device.cc
 */
#ifndef QEMU_CXX_MEMORY_HH
#define QEMU_CXX_MEMORY_HH

#include "qemu/osdep.h"
#include "exec/memory.h"
#include "exec/address-spaces.h"

#include <string_view>

#include "qemu-cxx/object-core.hh"

namespace qemu {

template <typename Self>
class MemoryRegionMethods : public ObjectMethods<Self> {
public:
    template <typename S>
    using Methods = MemoryRegionMethods<S>;

    uint64_t size() const noexcept
    {
        return memory_region_size(mr());
    }

    std::string_view name() const noexcept
    {
        const char *n = memory_region_name(mr());
        return n ? n : "";
    }

    /* The object whose state holds this region, if any (borrowed). */
    Object *owner() const noexcept
    {
        return Object::from_ptr(memory_region_owner(mr()));
    }

    void add_subregion(hwaddr offset, Self &sub) noexcept
    {
        memory_region_add_subregion(mr(), offset, sub.as_ptr());
    }

    void add_subregion_overlap(hwaddr offset, Self &sub,
                               int priority) noexcept
    {
        memory_region_add_subregion_overlap(mr(), offset, sub.as_ptr(),
                                            priority);
    }

    void del_subregion(Self &sub) noexcept
    {
        memory_region_del_subregion(mr(), sub.as_ptr());
    }

protected:
    MemoryRegionMethods() = default;
    ~MemoryRegionMethods() = default;

    ::MemoryRegion *mr() const noexcept
    {
        return reinterpret_cast<::MemoryRegion *>(this->obj());
    }
};

class MemoryRegion : public MemoryRegionMethods<MemoryRegion> {
    QEMU_CXX_WRAPPER(MemoryRegion, ::MemoryRegion);
};

/* The root of the guest's address space (QEMU's get_system_memory()). */
inline MemoryRegion &system_memory() noexcept
{
    return *MemoryRegion::from_ptr(get_system_memory());
}

} // namespace qemu

QEMU_CXX_DECLARE_SIMPLE_TYPE(qemu::MemoryRegion, TYPE_MEMORY_REGION,
                             qemu::Object, parent_obj);

#endif /* QEMU_CXX_MEMORY_HH */
