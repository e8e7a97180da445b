/*
 * qemu-cxx/dma.hh - DMA through an address space, the transaction result
 * checked.
 *
 * The RFC's next steps (DMA; PL011 has none, the test device uses it).
 * dma_memory_read/write return a MemTxResult that C code often ignores;
 * here they return qemu::Result<void>, so a decode error cannot be
 * dropped silently ([[nodiscard]]), and the Error names the address and
 * the kind of failure. memtx_read() keeps the bare MemTxResult for
 * devices that report it to the guest
 * (memtx_write() likewise).
 */
#ifndef QEMU_CXX_DMA_HH
#define QEMU_CXX_DMA_HH

#include "qemu/osdep.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "sysemu/dma.h"

#include <span>
#include <string>

#include "qemu-cxx/error.hh"

namespace qemu {

class AddressSpace {
public:
    /* The guest's system memory (QEMU's address_space_memory). */
    static AddressSpace &memory() noexcept
    {
        return *reinterpret_cast<AddressSpace *>(&address_space_memory);
    }

    /* Read guest memory at @addr into @buf. */
    [[nodiscard]] Result<> read(dma_addr_t addr, std::span<uint8_t> buf,
                                MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED)
    {
        return check(dma_memory_read(&as_, addr, buf.data(), buf.size(),
                                     attrs), "read", addr, buf.size());
    }

    /* Write @buf to guest memory at @addr. */
    [[nodiscard]] Result<> write(dma_addr_t addr, std::span<const uint8_t> buf,
                                 MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED)
    {
        return check(dma_memory_write(&as_, addr, buf.data(), buf.size(),
                                      attrs), "write", addr, buf.size());
    }

    /* The same with the bare MemTxResult, for devices that report it. */
    [[nodiscard]] MemTxResult memtx_read(dma_addr_t addr,
                                         std::span<uint8_t> buf) noexcept
    {
        return dma_memory_read(&as_, addr, buf.data(), buf.size(),
                               MEMTXATTRS_UNSPECIFIED);
    }

    [[nodiscard]] MemTxResult memtx_write(dma_addr_t addr,
                                          std::span<const uint8_t> buf) noexcept
    {
        return dma_memory_write(&as_, addr, buf.data(), buf.size(),
                                MEMTXATTRS_UNSPECIFIED);
    }

    ::AddressSpace *as_ptr() noexcept
    {
        return &as_;
    }

    AddressSpace(const AddressSpace &) = delete;
    AddressSpace &operator=(const AddressSpace &) = delete;

private:
    static Result<> check(MemTxResult r, const char *what, dma_addr_t addr,
                          size_t len)
    {
        if (r == MEMTX_OK) {
            return {};
        }
        const char *why = (r & MEMTX_DECODE_ERROR) ? "nothing mapped"
                          : (r & MEMTX_ACCESS_ERROR) ? "access denied"
                          : "device error";
        return failure(std::string("DMA ") + what + " of " +
                       std::to_string(len) + " bytes at 0x" +
                       to_hex(addr) + " failed: " + why);
    }

    static std::string to_hex(uint64_t v)
    {
        char buf[17];
        snprintf(buf, sizeof(buf), "%" PRIx64, v);
        return buf;
    }

    AddressSpace() = default;
    ::AddressSpace as_;
};

static_assert(sizeof(AddressSpace) == sizeof(::AddressSpace) &&
                  std::is_standard_layout_v<AddressSpace>,
              "qemu::AddressSpace is a view of the C struct");

} // namespace qemu

#endif /* QEMU_CXX_DMA_HH */
