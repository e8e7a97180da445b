/*
 * sysemu/dma.h - DMA from devices into an address space, with QEMU 7.2's
 * signatures: every call takes MemTxAttrs and returns a MemTxResult. The
 * shim has one thread and no IOMMU, so dma_barrier() is a no-op and
 * dma_memory_rw is address_space_rw.
 */
#ifndef DMA_H
#define DMA_H

#include "qemu/osdep.h"
#include "exec/memory.h"
#include "exec/address-spaces.h"

G_BEGIN_DECLS

typedef uint64_t dma_addr_t;

#define DMA_ADDR_BITS 64
#define DMA_ADDR_FMT "%" PRIx64

typedef enum {
    DMA_DIRECTION_TO_DEVICE = 0,    /* the device reads guest memory */
    DMA_DIRECTION_FROM_DEVICE = 1,  /* the device writes guest memory */
} DMADirection;

static inline void dma_barrier(AddressSpace *as, DMADirection dir)
{
    (void)as;
    (void)dir;
}

/* True if every byte of the range can be accessed in direction @dir. */
static inline bool dma_memory_valid(AddressSpace *as, dma_addr_t addr,
                                    dma_addr_t len, DMADirection dir,
                                    MemTxAttrs attrs)
{
    return address_space_access_valid(as, addr, len,
                                      dir == DMA_DIRECTION_FROM_DEVICE,
                                      attrs);
}

static inline MemTxResult dma_memory_rw_relaxed(AddressSpace *as,
                                                dma_addr_t addr, void *buf,
                                                dma_addr_t len,
                                                DMADirection dir,
                                                MemTxAttrs attrs)
{
    return address_space_rw(as, addr, attrs, buf, len,
                            dir == DMA_DIRECTION_FROM_DEVICE);
}

static inline MemTxResult dma_memory_read_relaxed(AddressSpace *as,
                                                  dma_addr_t addr, void *buf,
                                                  dma_addr_t len)
{
    return dma_memory_rw_relaxed(as, addr, buf, len,
                                 DMA_DIRECTION_TO_DEVICE,
                                 MEMTXATTRS_UNSPECIFIED);
}

static inline MemTxResult dma_memory_write_relaxed(AddressSpace *as,
                                                   dma_addr_t addr,
                                                   const void *buf,
                                                   dma_addr_t len)
{
    return dma_memory_rw_relaxed(as, addr, (void *)buf, len,
                                 DMA_DIRECTION_FROM_DEVICE,
                                 MEMTXATTRS_UNSPECIFIED);
}

static inline MemTxResult dma_memory_rw(AddressSpace *as, dma_addr_t addr,
                                        void *buf, dma_addr_t len,
                                        DMADirection dir, MemTxAttrs attrs)
{
    dma_barrier(as, dir);
    return dma_memory_rw_relaxed(as, addr, buf, len, dir, attrs);
}

/* Device reads @len bytes of guest memory at @addr into @buf. */
static inline MemTxResult dma_memory_read(AddressSpace *as, dma_addr_t addr,
                                          void *buf, dma_addr_t len,
                                          MemTxAttrs attrs)
{
    return dma_memory_rw(as, addr, buf, len, DMA_DIRECTION_TO_DEVICE, attrs);
}

/* Device writes @len bytes of @buf to guest memory at @addr. */
static inline MemTxResult dma_memory_write(AddressSpace *as, dma_addr_t addr,
                                           const void *buf, dma_addr_t len,
                                           MemTxAttrs attrs)
{
    return dma_memory_rw(as, addr, (void *)buf, len,
                         DMA_DIRECTION_FROM_DEVICE, attrs);
}

/* Device fills @len bytes of guest memory at @addr with @c. */
MemTxResult dma_memory_set(AddressSpace *as, dma_addr_t addr, uint8_t c,
                           dma_addr_t len, MemTxAttrs attrs);

G_END_DECLS

#endif /* DMA_H */
