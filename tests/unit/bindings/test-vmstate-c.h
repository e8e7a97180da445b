/*
 * The C side of the VMState builder tests: a state with one field of every
 * kind the C++ builder supports, and its description written with the
 * shim's VMSTATE_* macros, as a QEMU 7.2 C device would.
 */
#ifndef TESTS_UNIT_BINDINGS_TEST_VMSTATE_C_H
#define TESTS_UNIT_BINDINGS_TEST_VMSTATE_C_H

#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "hw/clock.h"
#include "migration/vmstate.h"

G_BEGIN_DECLS

typedef struct VmsInner {
    uint16_t a;
    int32_t b;
} VmsInner;

/* A register block without a description of its own. */
typedef struct VmsRegs {
    uint32_t cr;
    uint8_t lcr;
} VmsRegs;

typedef struct VmsAll {
    bool b;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    bool ab[3];
    uint8_t au8[5];
    uint16_t au16[3];
    uint32_t au32[4];
    uint64_t au64[2];
    int8_t ai8[3];
    int16_t ai16[2];
    int32_t ai32[2];
    int64_t ai64[2];
    VmsInner inner;
    VmsInner inners[2];
    VmsRegs state;
    Clock *clk;
    QEMUTimer *timer;
    QEMUTimer *timers[2];
    uint32_t since2;
} VmsAll;

/* Version 2; every field in the order above, then 4 unused bytes. */
extern const VMStateDescription vms_c_all;
extern const VMStateDescription vms_c_inner;

/* The subsection tests: a state whose "extra" part is sent when needed. */
typedef struct VmsSub {
    uint32_t base;
    bool send_extra;
    uint16_t extra;
} VmsSub;

extern const VMStateDescription vms_c_sub;

G_END_DECLS

#endif /* TESTS_UNIT_BINDINGS_TEST_VMSTATE_C_H */
