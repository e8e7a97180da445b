/*
 * The VMStateInfo of each basic field type: how many bytes, in which order.
 * All integers are big-endian, a bool is one byte, a buffer is raw bytes and
 * a timer is its be64 expiry time (-1 when not pending), as in QEMU 7.2.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "qemu/timer.h"
#include "vmstate-internal.h"

/* Each get/put has VMStateInfo's full signature, used or not. */
#define UNUSED G_GNUC_UNUSED

/* bool: QEMU writes 0 or 1; anything else in a stream is corruption. */

static int get_bool(QEMUFile *f, void *pv, size_t size UNUSED,
                    const VMStateField *field UNUSED)
{
    int v = qemu_get_byte(f);

    if (v > 1) {
        vmstate_info_set_reason("invalid bool value 0x%02x", v);
        return -EINVAL;
    }
    *(bool *)pv = v;
    return 0;
}

static int put_bool(QEMUFile *f, void *pv, size_t size UNUSED,
                    const VMStateField *field UNUSED,
                    JSONWriter *vmdesc UNUSED)
{
    qemu_put_byte(f, *(bool *)pv);
    return 0;
}

const VMStateInfo vmstate_info_bool = {
    .name = "bool",
    .get = get_bool,
    .put = put_bool,
};

/*
 * The integer types differ only in width and signedness; one pair of
 * accessors per width, the signed ones storing the same bits.
 */
#define VMSTATE_INT_INFO(_name, _type, _get, _put)                      \
    static int get_##_name(QEMUFile *f, void *pv, size_t size UNUSED,   \
                           const VMStateField *field UNUSED)            \
    {                                                                   \
        *(_type *)pv = (_type)_get(f);                                  \
        return 0;                                                       \
    }                                                                   \
    static int put_##_name(QEMUFile *f, void *pv, size_t size UNUSED,   \
                           const VMStateField *field UNUSED,            \
                           JSONWriter *vmdesc UNUSED)                   \
    {                                                                   \
        _put(f, *(_type *)pv);                                          \
        return 0;                                                       \
    }                                                                   \
    const VMStateInfo vmstate_info_##_name = {                          \
        .name = #_name,                                                 \
        .get = get_##_name,                                             \
        .put = put_##_name,                                             \
    };

VMSTATE_INT_INFO(int8, int8_t, qemu_get_byte, qemu_put_byte)
VMSTATE_INT_INFO(int16, int16_t, qemu_get_sbe16, qemu_put_sbe16)
VMSTATE_INT_INFO(int32, int32_t, qemu_get_sbe32, qemu_put_sbe32)
VMSTATE_INT_INFO(int64, int64_t, qemu_get_sbe64, qemu_put_sbe64)
VMSTATE_INT_INFO(uint8, uint8_t, qemu_get_byte, qemu_put_byte)
VMSTATE_INT_INFO(uint16, uint16_t, qemu_get_be16, qemu_put_be16)
VMSTATE_INT_INFO(uint32, uint32_t, qemu_get_be32, qemu_put_be32)
VMSTATE_INT_INFO(uint64, uint64_t, qemu_get_be64, qemu_put_be64)

/* The _equal types: the incoming value must match the one already there. */
#define VMSTATE_EQUAL_INFO(_name, _type, _get, _put, _fmt)              \
    static int get_##_name##_equal(QEMUFile *f, void *pv,               \
                                   size_t size UNUSED,                  \
                                   const VMStateField *field)           \
    {                                                                   \
        _type v = (_type)_get(f);                                       \
                                                                        \
        if (*(_type *)pv == v || vmstate_info_restoring()) {            \
            *(_type *)pv = v;                                           \
            return 0;                                                   \
        }                                                               \
        vmstate_info_set_reason("%" _fmt " != %" _fmt "%s%s",           \
                                *(_type *)pv, v,                        \
                                field->err_hint ? ": " : "",            \
                                field->err_hint ? field->err_hint : ""); \
        return -EINVAL;                                                 \
    }                                                                   \
    const VMStateInfo vmstate_info_##_name##_equal = {                  \
        .name = #_name " equal",                                        \
        .get = get_##_name##_equal,                                     \
        .put = put_##_name,                                             \
    };

VMSTATE_EQUAL_INFO(uint8, uint8_t, qemu_get_byte, qemu_put_byte, "x")
VMSTATE_EQUAL_INFO(uint16, uint16_t, qemu_get_be16, qemu_put_be16, "x")
VMSTATE_EQUAL_INFO(int32, int32_t, qemu_get_sbe32, qemu_put_sbe32, PRIx32)
VMSTATE_EQUAL_INFO(uint32, uint32_t, qemu_get_be32, qemu_put_be32, PRIx32)
VMSTATE_EQUAL_INFO(uint64, uint64_t, qemu_get_be64, qemu_put_be64, PRIx64)

/* int32 le: the incoming value must lie in 0 .. the current value. */
static int get_int32_le(QEMUFile *f, void *pv, size_t size UNUSED,
                        const VMStateField *field UNUSED)
{
    int32_t *cur = (int32_t *)pv;
    int32_t loaded = qemu_get_sbe32(f);

    if ((loaded >= 0 && loaded <= *cur) || vmstate_info_restoring()) {
        *cur = loaded;
        return 0;
    }
    vmstate_info_set_reason("invalid value %" PRId32
                            " expecting positive value <= %" PRId32,
                            loaded, *cur);
    return -EINVAL;
}

const VMStateInfo vmstate_info_int32_le = {
    .name = "int32 le",
    .get = get_int32_le,
    .put = put_int32,
};

/* Stands in for a NULL element of an array of pointers. */
static int get_nullptr(QEMUFile *f, void *pv UNUSED, size_t size UNUSED,
                       const VMStateField *field UNUSED)
{
    int v = qemu_get_byte(f);

    if (v == VMS_NULLPTR_MARKER) {
        return 0;
    }
    vmstate_info_set_reason("expected the NULL pointer marker, got 0x%02x", v);
    return -EINVAL;
}

static int put_nullptr(QEMUFile *f, void *pv, size_t size UNUSED,
                       const VMStateField *field UNUSED,
                       JSONWriter *vmdesc UNUSED)
{
    if (pv) {
        return -EINVAL;
    }
    qemu_put_byte(f, VMS_NULLPTR_MARKER);
    return 0;
}

const VMStateInfo vmstate_info_nullptr = {
    .name = "nullptr",
    .get = get_nullptr,
    .put = put_nullptr,
};

static int get_buffer(QEMUFile *f, void *pv, size_t size,
                      const VMStateField *field UNUSED)
{
    qemu_get_buffer(f, (uint8_t *)pv, size);
    return 0;
}

static int put_buffer(QEMUFile *f, void *pv, size_t size,
                      const VMStateField *field UNUSED,
                      JSONWriter *vmdesc UNUSED)
{
    qemu_put_buffer(f, (const uint8_t *)pv, size);
    return 0;
}

const VMStateInfo vmstate_info_buffer = {
    .name = "buffer",
    .get = get_buffer,
    .put = put_buffer,
};

/* Space that once held a field: zeros out, skipped in. */
static int get_unused_buffer(QEMUFile *f, void *pv UNUSED, size_t size,
                             const VMStateField *field UNUSED)
{
    uint8_t buf[256];

    while (size > 0) {
        size_t n = MIN(sizeof(buf), size);

        qemu_get_buffer(f, buf, n);
        size -= n;
    }
    return 0;
}

static int put_unused_buffer(QEMUFile *f, void *pv UNUSED, size_t size,
                             const VMStateField *field UNUSED,
                             JSONWriter *vmdesc UNUSED)
{
    static const uint8_t zeros[256];

    while (size > 0) {
        size_t n = MIN(sizeof(zeros), size);

        qemu_put_buffer(f, zeros, n);
        size -= n;
    }
    return 0;
}

const VMStateInfo vmstate_info_unused_buffer = {
    .name = "unused_buffer",
    .get = get_unused_buffer,
    .put = put_unused_buffer,
};

/* A timer travels as its deadline; loading re-arms or stops it. */
static int get_timer(QEMUFile *f, void *pv, size_t size UNUSED,
                     const VMStateField *field UNUSED)
{
    QEMUTimer *ts = (QEMUTimer *)pv;
    int64_t expire_time = qemu_get_sbe64(f);

    if (qemu_file_get_error(f)) {
        return 0;       /* truncated: leave the timer alone */
    }
    if (expire_time != -1) {
        timer_mod_ns(ts, expire_time);
    } else {
        timer_del(ts);
    }
    return 0;
}

static int put_timer(QEMUFile *f, void *pv, size_t size UNUSED,
                     const VMStateField *field UNUSED,
                     JSONWriter *vmdesc UNUSED)
{
    QEMUTimer *ts = (QEMUTimer *)pv;

    qemu_put_be64(f, timer_pending(ts) ? timer_expire_time_ns(ts) : UINT64_MAX);
    return 0;
}

const VMStateInfo vmstate_info_timer = {
    .name = "timer",
    .get = get_timer,
    .put = put_timer,
};
