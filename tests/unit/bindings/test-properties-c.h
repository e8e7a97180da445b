/*
 * The C side of the Property builder tests: a device state with a field
 * of every property type the builder supports, and its Property table
 * written with the DEFINE_PROP_* macros, as a QEMU 7.2 C device would.
 */
#ifndef TESTS_UNIT_BINDINGS_TEST_PROPERTIES_C_H
#define TESTS_UNIT_BINDINGS_TEST_PROPERTIES_C_H

#include "qemu/osdep.h"
#include "chardev/char-fe.h"
#include "hw/sysbus.h"
#include "hw/qdev-properties.h"

G_BEGIN_DECLS

/* What the link property accepts. */
#define TYPE_TEST_PROPS_TARGET TYPE_DEVICE

typedef struct TestPropsC {
    SysBusDevice parent_obj;
    bool foo;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int32_t i32;
    int64_t i64;
    uint64_t size;
    char *str;
    CharBackend chr;
    Object *link;
    struct {
        bool migrate_clk;
    } conf;
} TestPropsC;

extern Property test_props_c[];

G_END_DECLS

#endif /* TESTS_UNIT_BINDINGS_TEST_PROPERTIES_C_H */
