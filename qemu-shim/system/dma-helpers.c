/*
 * system/dma-helpers.c - the out-of-line part of sysemu/dma.h.
 */
#include "qemu/osdep.h"
#include "sysemu/dma.h"

MemTxResult dma_memory_set(AddressSpace *as, dma_addr_t addr, uint8_t c,
                           dma_addr_t len, MemTxAttrs attrs)
{
    dma_barrier(as, DMA_DIRECTION_FROM_DEVICE);
    return address_space_set(as, addr, c, len, attrs);
}
