/*
 * qemu-cxx/mmio.hh - qemu::IoRegion, an MMIO MemoryRegion whose read and
 * write are member functions.
 *
 * The RFC's next steps (MemoryRegion callbacks). The device writes
 *
 *   uint64_t read(hwaddr offset, unsigned size);
 *   void write(hwaddr offset, uint64_t value, unsigned size);
 *
 * and, in its constructor, iomem.init<&Dev::read, &Dev::write>(*this,
 * "name", size); the MemoryRegionOps table is generated at compile time,
 * one per device type, with the access sizes and endianness given as a
 * constexpr qemu::MmioConfig (the defaults are QEMU's: no limits, native
 * endian). Upstream Rust builds the ops with a MemoryRegionOpsBuilder at
 * run time; here they are constants.
 */
#ifndef QEMU_CXX_MMIO_HH
#define QEMU_CXX_MMIO_HH

#include "qemu/osdep.h"
#include "exec/memory.h"

#include <type_traits>

#include "qemu-cxx/memory.hh"
#include "qemu-cxx/trampoline.hh"
#include "qemu-cxx/type.hh"

namespace qemu {

/* MemoryRegionOps' constants; 0 means QEMU's default. */
struct MmioConfig {
    device_endian endianness = DEVICE_NATIVE_ENDIAN;
    unsigned valid_min = 0, valid_max = 0;
    bool valid_unaligned = false;
    unsigned impl_min = 0, impl_max = 0;
    bool impl_unaligned = false;
};

class IoRegion {
public:
    IoRegion() noexcept = default;
    IoRegion(const IoRegion &) = delete;
    IoRegion &operator=(const IoRegion &) = delete;

    /* Make this an MMIO region of @size bytes named @name, owned by @owner. */
    template <auto Read, auto Write, MmioConfig Config = MmioConfig{},
              typename T>
    void init(T &owner, const char *name, uint64_t size) noexcept
    {
        static_assert(exact_method<Read, T, uint64_t, hwaddr, unsigned>,
                      "qemu: the read callback must be declared as "
                      "uint64_t T::read(hwaddr offset, unsigned size) "
                      "const");
        static_assert(exact_method<Write, T, void, hwaddr, uint64_t,
                                   unsigned>,
                      "qemu: the write callback must be declared as void "
                      "T::write(hwaddr offset, uint64_t value, unsigned "
                      "size) const");
        memory_region_init_io(&mr_, object_ptr(owner),
                              &Ops<T, Read, Write, Config>::ops, &owner,
                              name, size);
    }

    MemoryRegion &region() noexcept
    {
        return *MemoryRegion::from_ptr(&mr_);
    }

    ::MemoryRegion *as_ptr() noexcept
    {
        return &mr_;
    }

private:
    /*
     * The C callbacks, one pair per device type and member function. They
     * are flattened so that the device's read/write (and what it calls
     * inside the module) compile into the one function QEMU's dispatch
     * calls, as a C device's static pl011_read() does; that needs the
     * module's hidden visibility (qemu_cxx_dep), since an exported member
     * function could be interposed and is never inlined.
     */
    template <typename T, auto Read, auto Write, MmioConfig Config>
    struct QEMU_CXX_LOCAL Ops {
        [[gnu::flatten]] static uint64_t read(void *opaque, hwaddr addr,
                                              unsigned size) noexcept
        {
            const T &t = *static_cast<const T *>(opaque);
            return guard(object_ptr(t), "read", [&] {
                return uint64_t((t.*Read)(addr, size));
            });
        }

        [[gnu::flatten]] static void write(void *opaque, hwaddr addr,
                                           uint64_t value,
                                           unsigned size) noexcept
        {
            const T &t = *static_cast<const T *>(opaque);
            guard(object_ptr(t), "write",
                  [&] { (t.*Write)(addr, value, size); });
        }

        static constexpr MemoryRegionOps make() noexcept
        {
            MemoryRegionOps o = {};
            o.read = read;
            o.write = write;
            o.endianness = Config.endianness;
            o.valid.min_access_size = Config.valid_min;
            o.valid.max_access_size = Config.valid_max;
            o.valid.unaligned = Config.valid_unaligned;
            o.impl.min_access_size = Config.impl_min;
            o.impl.max_access_size = Config.impl_max;
            o.impl.unaligned = Config.impl_unaligned;
            return o;
        }

        static constexpr MemoryRegionOps ops = make();
    };

    ::MemoryRegion mr_;
};

static_assert(sizeof(IoRegion) == sizeof(::MemoryRegion) &&
                  std::is_standard_layout_v<IoRegion>,
              "IoRegion is a C MemoryRegion field and nothing else");

} // namespace qemu

#endif /* QEMU_CXX_MMIO_HH */
