/*
 * The C Property table of test-properties-c.h; the C++ builder must
 * produce the same entries.
 */
#include "qemu/osdep.h"
#include "qemu/units.h"
#include "hw/qdev-properties-system.h"
#include "test-properties-c.h"

Property test_props_c[] = {
    DEFINE_PROP_BOOL("foo", TestPropsC, foo, true),
    DEFINE_PROP_UINT8("u8", TestPropsC, u8, 7),
    DEFINE_PROP_UINT16("u16", TestPropsC, u16, 1000),
    DEFINE_PROP_UINT32("u32", TestPropsC, u32, 70000),
    DEFINE_PROP_UINT64("u64", TestPropsC, u64, 1ull << 40),
    DEFINE_PROP_INT32("i32", TestPropsC, i32, -5),
    DEFINE_PROP_INT64("i64", TestPropsC, i64, -(1ll << 40)),
    DEFINE_PROP_SIZE("size", TestPropsC, size, 4 * KiB),
    DEFINE_PROP_STRING("str", TestPropsC, str),
    DEFINE_PROP_CHR("chardev", TestPropsC, chr),
    DEFINE_PROP_LINK("link", TestPropsC, link, TYPE_TEST_PROPS_TARGET,
                     Object *),
    DEFINE_PROP_BOOL("migrate-clk", TestPropsC, conf.migrate_clk, true),
    DEFINE_PROP_END_OF_LIST(),
};
