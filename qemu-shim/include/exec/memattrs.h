/*
 * exec/memattrs.h - the attributes every memory transaction carries and the
 * MemTxResult a transaction returns, with QEMU 7.2's fields and values.
 */
#ifndef MEMATTRS_H
#define MEMATTRS_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

typedef struct MemTxAttrs {
    /* Set by bus masters that give no attributes (MEMTXATTRS_UNSPECIFIED). */
    unsigned int unspecified:1;
    /* Arm TrustZone secure access. */
    unsigned int secure:1;
    /* Unprivileged access. */
    unsigned int user:1;
    /* The access must reach RAM: any other region rejects it. */
    unsigned int memory:1;
    /* Requester ID, e.g. for MSI. */
    unsigned int requester_id:16;
    /* Invert the endianness of the access. */
    unsigned int byte_swap:1;
    /* Reserved for the target's TLB. */
    unsigned int target_tlb_bit0:1;
    unsigned int target_tlb_bit1:1;
    unsigned int target_tlb_bit2:1;
} MemTxAttrs;

/*
 * All attributes clear except "unspecified". C++ has no compound literals,
 * so there the macro calls a shim-only helper instead.
 */
#ifdef __cplusplus
static inline MemTxAttrs qemu_shim_memtxattrs_unspecified(void)
{
    MemTxAttrs attrs = {};
    attrs.unspecified = 1;
    return attrs;
}
#define MEMTXATTRS_UNSPECIFIED (qemu_shim_memtxattrs_unspecified())
#else
#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs) { .unspecified = 1 })
#endif

/*
 * Zero is success; anything else is a failure. Results of the pieces of a
 * split access are ORed together.
 */
#define MEMTX_OK 0
#define MEMTX_ERROR             (1U << 0) /* the device returned an error */
#define MEMTX_DECODE_ERROR      (1U << 1) /* nothing at that address */
#define MEMTX_ACCESS_ERROR      (1U << 2) /* access denied by attributes */
typedef uint32_t MemTxResult;

G_END_DECLS

#endif /* MEMATTRS_H */
