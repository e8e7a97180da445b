/*
 * The C reference PL011: QEMU 7.2's PL011 written the way a QEMU C device
 * is written, against the shim's C API. It is the yardstick the C++ PL011
 * in pl011.cc is measured against, so its types carry a "-c" suffix and
 * both can live in one process. Behaviour: shared/docs/pl011.md.
 */
#ifndef HW_CHAR_PL011_REF_H
#define HW_CHAR_PL011_REF_H

#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "chardev/char-fe.h"
#include "qom/object.h"

#ifndef PL011_REF_TRACE_MUTANT
#define TYPE_PL011_REF "pl011-c"
#define TYPE_PL011_LUMINARY_REF "pl011_luminary-c"
#else
/* tests/pl011: a copy whose events differ (no pl011_put_fifo_full) */
#define TYPE_PL011_REF "pl011-c-trace-mutant"
#define TYPE_PL011_LUMINARY_REF "pl011_luminary-c-trace-mutant"
#endif
OBJECT_DECLARE_SIMPLE_TYPE(PL011RefState, PL011_REF)

#define PL011_FIFO_DEPTH 16

struct PL011RefState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    uint32_t readbuff;
    uint32_t flags;
    uint32_t lcr;
    uint32_t rsr;
    uint32_t cr;
    uint32_t dmacr;
    uint32_t int_enabled;
    uint32_t int_level;
    uint32_t read_fifo[PL011_FIFO_DEPTH];
    uint32_t ilpr;
    uint32_t ibrd;
    uint32_t fbrd;
    uint32_t ifl;
    int read_pos;
    int read_count;
    int read_trigger;
    CharBackend chr;
    qemu_irq irq[6];
    Clock *clk;
    bool migrate_clk;
    const unsigned char *id;
};

#endif /* HW_CHAR_PL011_REF_H */
