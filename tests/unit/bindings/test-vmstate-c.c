/*
 * The C descriptions of test-vmstate-c.h, written the way a QEMU 7.2 C
 * device writes them; the C++ builder must produce the same tables and
 * the same bytes.
 */
#include "qemu/osdep.h"
#include "test-vmstate-c.h"

const VMStateDescription vms_c_inner = {
    .name = "vms/inner",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT16(a, VmsInner),
        VMSTATE_INT32(b, VmsInner),
        VMSTATE_END_OF_LIST()
    },
};

const VMStateDescription vms_c_all = {
    .name = "vms",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_BOOL(b, VmsAll),
        VMSTATE_UINT8(u8, VmsAll),
        VMSTATE_UINT16(u16, VmsAll),
        VMSTATE_UINT32(u32, VmsAll),
        VMSTATE_UINT64(u64, VmsAll),
        VMSTATE_INT8(i8, VmsAll),
        VMSTATE_INT16(i16, VmsAll),
        VMSTATE_INT32(i32, VmsAll),
        VMSTATE_INT64(i64, VmsAll),
        VMSTATE_BOOL_ARRAY(ab, VmsAll, 3),
        VMSTATE_UINT8_ARRAY(au8, VmsAll, 5),
        VMSTATE_UINT16_ARRAY(au16, VmsAll, 3),
        VMSTATE_UINT32_ARRAY(au32, VmsAll, 4),
        VMSTATE_UINT64_ARRAY(au64, VmsAll, 2),
        VMSTATE_INT8_ARRAY(ai8, VmsAll, 3),
        VMSTATE_INT16_ARRAY(ai16, VmsAll, 2),
        VMSTATE_INT32_ARRAY(ai32, VmsAll, 2),
        VMSTATE_INT64_ARRAY(ai64, VmsAll, 2),
        VMSTATE_STRUCT(inner, VmsAll, 1, vms_c_inner, VmsInner),
        VMSTATE_STRUCT_ARRAY(inners, VmsAll, 2, 1, vms_c_inner, VmsInner),
        VMSTATE_UINT32(state.cr, VmsAll),
        VMSTATE_UINT8(state.lcr, VmsAll),
        VMSTATE_CLOCK(clk, VmsAll),
        VMSTATE_TIMER_PTR(timer, VmsAll),
        VMSTATE_TIMER_PTR_ARRAY(timers, VmsAll, 2),
        VMSTATE_UINT32_V(since2, VmsAll, 2),
        VMSTATE_UNUSED(4),
        VMSTATE_END_OF_LIST()
    },
};

static bool vms_c_sub_needed(void *opaque)
{
    return ((VmsSub *)opaque)->send_extra;
}

static const VMStateDescription vms_c_sub_extra = {
    .name = "vms-sub/extra",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = vms_c_sub_needed,
    .fields = (VMStateField[]) {
        VMSTATE_UINT16(extra, VmsSub),
        VMSTATE_END_OF_LIST()
    },
};

const VMStateDescription vms_c_sub = {
    .name = "vms-sub",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(base, VmsSub),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vms_c_sub_extra,
        NULL
    },
};
