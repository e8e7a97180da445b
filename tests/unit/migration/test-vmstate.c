/*
 * Unit tests for migration/vmstate.h: the bytes of every field type checked
 * against hand-computed QEMU 7.2 wire bytes, subsections, version gating,
 * hooks, timers, and malformed streams that must fail and change nothing.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "qapi/error.h"
#include "qemu/timer.h"
#include <check.h>
#include "fake-clock.h"

/* ---- helpers ---- */

/* Save @opaque and check the bytes are exactly @expect. */
static void check_save(const VMStateDescription *vmsd, void *opaque,
                       const uint8_t *expect, size_t expect_len)
{
    QEMUFile *f = qemu_shim_file_new_output();
    Error *err = NULL;
    const uint8_t *data;
    size_t len;

    ck_assert_int_eq(qemu_shim_vmstate_save(f, vmsd, opaque, &err), 0);
    ck_assert_ptr_null(err);
    data = qemu_shim_file_output_data(f, &len);
    if (len != expect_len || memcmp(data, expect, len) != 0) {
        g_autofree char *got = g_strnfill(0, ' ');

        for (size_t i = 0; i < len; i++) {
            char *n = g_strdup_printf("%s %02x", got, data[i]);

            g_free(got);
            got = n;
        }
        ck_abort_msg("saved %zu bytes, expected %zu:%s", len, expect_len,
                     got);
    }
    ck_assert_int_eq(qemu_fclose(f), 0);
}

/* Load; on failure return the error text in *msg (caller frees). */
static int do_load(const VMStateDescription *vmsd, void *opaque,
                   const uint8_t *data, size_t len, int version_id,
                   char **msg, size_t *remaining)
{
    QEMUFile *f = qemu_shim_file_new_input(data, len);
    Error *err = NULL;
    int ret = qemu_shim_vmstate_load(f, vmsd, opaque, version_id, &err);

    ck_assert_int_eq(ret != 0, err != NULL);
    if (msg) {
        *msg = err ? g_strdup(error_get_pretty(err)) : NULL;
    }
    if (remaining) {
        *remaining = qemu_shim_file_input_remaining(f);
    }
    error_free(err);
    qemu_fclose(f);
    return ret;
}

/* A load that must fail with a message containing @needle. */
static void check_load_fails(const VMStateDescription *vmsd, void *opaque,
                             const uint8_t *data, size_t len, int version_id,
                             const char *needle)
{
    char *msg = NULL;

    ck_assert_int_lt(do_load(vmsd, opaque, data, len, version_id, &msg,
                             NULL), 0);
    ck_assert_msg(msg && strstr(msg, needle), "error '%s' lacks '%s'",
                  msg ? msg : "(none)", needle);
    g_free(msg);
}

/* ---- every scalar type ---- */

typedef struct Scalars {
    bool b;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
} Scalars;

static const VMStateDescription vmstate_scalars = {
    .name = "scalars",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(b, Scalars),
        VMSTATE_INT8(i8, Scalars),
        VMSTATE_INT16(i16, Scalars),
        VMSTATE_INT32(i32, Scalars),
        VMSTATE_INT64(i64, Scalars),
        VMSTATE_UINT8(u8, Scalars),
        VMSTATE_UINT16(u16, Scalars),
        VMSTATE_UINT32(u32, Scalars),
        VMSTATE_UINT64(u64, Scalars),
        VMSTATE_END_OF_LIST()
    },
};

static const uint8_t scalars_bytes[] = {
    0x01,                                           /* b = true */
    0xfe,                                           /* i8 = -2 */
    0xfe, 0xdc,                                     /* i16 = -292 */
    0x12, 0x34, 0x56, 0x78,                         /* i32 */
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd, /* i64 = -3 */
    0xab,                                           /* u8 */
    0xbe, 0xef,                                     /* u16 */
    0xde, 0xad, 0xbe, 0xef,                         /* u32 */
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, /* u64 */
};

static const Scalars scalars_value = {
    .b = true, .i8 = -2, .i16 = -292, .i32 = 0x12345678, .i64 = -3,
    .u8 = 0xab, .u16 = 0xbeef, .u32 = 0xdeadbeef, .u64 = 0x0102030405060708ULL,
};

START_TEST(test_scalars_layout)
{
    Scalars s = scalars_value;
    Scalars t;
    size_t remaining;

    check_save(&vmstate_scalars, &s, scalars_bytes, sizeof(scalars_bytes));

    memset(&t, 0, sizeof(t));
    ck_assert_int_eq(do_load(&vmstate_scalars, &t, scalars_bytes,
                             sizeof(scalars_bytes), 1, NULL, &remaining), 0);
    ck_assert_uint_eq(remaining, 0);
    ck_assert(t.b);
    ck_assert_int_eq(t.i8, -2);
    ck_assert_int_eq(t.i16, -292);
    ck_assert_int_eq(t.i32, 0x12345678);
    ck_assert_int_eq(t.i64, -3);
    ck_assert_uint_eq(t.u8, 0xab);
    ck_assert_uint_eq(t.u16, 0xbeef);
    ck_assert_uint_eq(t.u32, 0xdeadbeef);
    ck_assert_uint_eq(t.u64, 0x0102030405060708ULL);
}
END_TEST

/* bool false is a single 0 byte; any byte above 1 is refused. */
START_TEST(test_bool_values)
{
    Scalars s = scalars_value;
    uint8_t bad[sizeof(scalars_bytes)];
    Scalars before;

    s.b = false;
    memcpy(bad, scalars_bytes, sizeof(bad));
    bad[0] = 0;
    check_save(&vmstate_scalars, &s, bad, sizeof(bad));

    bad[0] = 2;
    before = s;
    check_load_fails(&vmstate_scalars, &s, bad, sizeof(bad), 1,
                     "scalars:b: invalid bool value 0x02");
    ck_assert_mem_eq(&s, &before, sizeof(s));
}
END_TEST

/* ---- arrays, buffers and unused space ---- */

typedef struct Arrays {
    bool b[2];
    int8_t i8[2];
    int16_t i16[2];
    int32_t i32[2];
    int64_t i64[1];
    uint8_t u8[3];
    uint16_t u16[2];
    uint32_t u32[2];
    uint64_t u64[2];
    uint8_t buf[5];
    uint8_t part[4];
} Arrays;

static const VMStateDescription vmstate_arrays = {
    .name = "arrays",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL_ARRAY(b, Arrays, 2),
        VMSTATE_INT8_ARRAY(i8, Arrays, 2),
        VMSTATE_INT16_ARRAY(i16, Arrays, 2),
        VMSTATE_INT32_ARRAY(i32, Arrays, 2),
        VMSTATE_INT64_ARRAY(i64, Arrays, 1),
        VMSTATE_UINT8_ARRAY(u8, Arrays, 3),
        VMSTATE_UINT16_ARRAY(u16, Arrays, 2),
        VMSTATE_UINT32_ARRAY(u32, Arrays, 2),
        VMSTATE_UINT64_ARRAY(u64, Arrays, 2),
        VMSTATE_BUFFER(buf, Arrays),
        VMSTATE_UNUSED(3),
        VMSTATE_PARTIAL_BUFFER(part, Arrays, 2),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_arrays_layout)
{
    static const uint8_t expect[] = {
        0x01, 0x00,                                     /* b */
        0x7f, 0x80,                                     /* i8 */
        0x00, 0x01, 0xff, 0xff,                         /* i16 */
        0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0x00, 0x00, /* i32 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, /* i64 */
        0x0a, 0x0b, 0x0c,                               /* u8 */
        0x12, 0x34, 0x56, 0x78,                         /* u16 */
        0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, /* u32 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09,
        0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* u64 */
        'h', 'e', 'l', 'l', 'o',                        /* buf, raw */
        0x00, 0x00, 0x00,                               /* unused */
        0xaa, 0xbb,                                     /* part[0..1] */
    };
    Arrays a = {
        .b = { true, false }, .i8 = { 127, -128 }, .i16 = { 1, -1 },
        .i32 = { 2, INT32_MIN }, .i64 = { 256 }, .u8 = { 10, 11, 12 },
        .u16 = { 0x1234, 0x5678 }, .u32 = { 1, 0xffffffff },
        .u64 = { 9, 0x8000000000000000ULL }, .buf = { 'h', 'e', 'l', 'l', 'o' },
        .part = { 0xaa, 0xbb, 0xcc, 0xdd },
    };
    Arrays t;

    check_save(&vmstate_arrays, &a, expect, sizeof(expect));
    memset(&t, 0, sizeof(t));
    t.part[2] = 0xcc;
    t.part[3] = 0xdd;
    ck_assert_int_eq(do_load(&vmstate_arrays, &t, expect, sizeof(expect), 1,
                             NULL, NULL), 0);
#define CHECK_MEMBER(m) ck_assert_mem_eq(&t.m, &a.m, sizeof(a.m))
    CHECK_MEMBER(b);
    CHECK_MEMBER(i8);
    CHECK_MEMBER(i16);
    CHECK_MEMBER(i32);
    CHECK_MEMBER(i64);
    CHECK_MEMBER(u8);
    CHECK_MEMBER(u16);
    CHECK_MEMBER(u32);
    CHECK_MEMBER(u64);
    CHECK_MEMBER(buf);
    CHECK_MEMBER(part);
#undef CHECK_MEMBER
}
END_TEST

/* ---- structs and arrays of structs, inline ---- */

typedef struct Point {
    uint16_t x;
    bool on;
} Point;

typedef struct Shape {
    uint8_t kind;
    Point origin;
    Point corners[2];
} Shape;

static const VMStateDescription vmstate_point = {
    .name = "point",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(x, Point),
        VMSTATE_BOOL(on, Point),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_shape = {
    .name = "shape",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(kind, Shape),
        VMSTATE_STRUCT(origin, Shape, 0, vmstate_point, Point),
        VMSTATE_STRUCT_ARRAY(corners, Shape, 2, 0, vmstate_point, Point),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_struct_layout)
{
    static const uint8_t expect[] = {
        0x07,
        0x01, 0x02, 0x01,       /* origin */
        0x00, 0x03, 0x00,       /* corners[0] */
        0xff, 0xff, 0x01,       /* corners[1] */
    };
    Shape s = {
        .kind = 7, .origin = { 0x102, true },
        .corners = { { 3, false }, { 0xffff, true } },
    };
    Shape t;

    check_save(&vmstate_shape, &s, expect, sizeof(expect));
    memset(&t, 0, sizeof(t));
    ck_assert_int_eq(do_load(&vmstate_shape, &t, expect, sizeof(expect), 1,
                             NULL, NULL), 0);
    ck_assert_uint_eq(t.origin.x, 0x102);
    ck_assert(t.corners[1].on);
    ck_assert_uint_eq(t.corners[1].x, 0xffff);
    ck_assert_uint_eq(t.corners[0].x, 3);
}
END_TEST

/* A stream cut inside an element of a struct array. */
START_TEST(test_struct_truncated)
{
    static const uint8_t data[] = { 0x07, 0x01, 0x02, 0x01, 0x00, 0x03 };
    Shape s = { .kind = 1 };
    Shape before = s;

    check_load_fails(&vmstate_shape, &s, data, sizeof(data), 1,
                     "Failed to load shape:corners: Failed to load point:on:"
                     " the stream ends early");
    ck_assert_mem_eq(&s, &before, sizeof(s));
}
END_TEST

/* ---- subsections ---- */

typedef struct Dev {
    uint32_t reg;
    bool has_extra;
    uint16_t extra;
    bool has_deep;
    uint8_t deep;
    int pre_loads, post_loads, pre_saves, post_saves;
    int loaded_version;
    bool reject;
} Dev;

static bool extra_needed(void *opaque)
{
    return ((Dev *)opaque)->has_extra;
}

static bool deep_needed(void *opaque)
{
    return ((Dev *)opaque)->has_deep;
}

static const VMStateDescription vmstate_dev_extra_deep = {
    .name = "dev/extra/deep",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = deep_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(deep, Dev),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_dev_extra = {
    .name = "dev/extra",
    .version_id = 2,
    .minimum_version_id = 2,
    .needed = extra_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(extra, Dev),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_dev_extra_deep,
        NULL
    },
};

static int dev_pre_load(void *opaque)
{
    ((Dev *)opaque)->pre_loads++;
    return 0;
}

static int dev_post_load(void *opaque, int version_id)
{
    Dev *d = (Dev *)opaque;

    d->post_loads++;
    d->loaded_version = version_id;
    return d->reg == 0xbad ? -EINVAL : 0;
}

static int dev_pre_save(void *opaque)
{
    ((Dev *)opaque)->pre_saves++;
    return ((Dev *)opaque)->reject ? -EPERM : 0;
}

static int dev_post_save(void *opaque)
{
    ((Dev *)opaque)->post_saves++;
    return 0;
}

static const VMStateDescription vmstate_dev = {
    .name = "dev",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_load = dev_pre_load,
    .post_load = dev_post_load,
    .pre_save = dev_pre_save,
    .post_save = dev_post_save,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(reg, Dev),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_dev_extra,
        NULL
    },
};

static const uint8_t dev_plain[] = { 0x00, 0x00, 0x12, 0x34 };

static const uint8_t dev_with_extra[] = {
    0x00, 0x00, 0x12, 0x34,
    0x05, 0x09, 'd', 'e', 'v', '/', 'e', 'x', 't', 'r', 'a',
    0x00, 0x00, 0x00, 0x02,
    0xca, 0xfe,
};

static const uint8_t dev_with_deep[] = {
    0x00, 0x00, 0x12, 0x34,
    0x05, 0x09, 'd', 'e', 'v', '/', 'e', 'x', 't', 'r', 'a',
    0x00, 0x00, 0x00, 0x02,
    0xca, 0xfe,
    0x05, 0x0e, 'd', 'e', 'v', '/', 'e', 'x', 't', 'r', 'a', '/',
    'd', 'e', 'e', 'p',
    0x00, 0x00, 0x00, 0x01,
    0x42,
};

START_TEST(test_subsection_absent)
{
    Dev d = { .reg = 0x1234, .extra = 0xcafe };
    Dev t = { .extra = 0x1111 };

    check_save(&vmstate_dev, &d, dev_plain, sizeof(dev_plain));
    ck_assert_int_eq(d.pre_saves, 1);
    ck_assert_int_eq(d.post_saves, 1);

    ck_assert_int_eq(do_load(&vmstate_dev, &t, dev_plain, sizeof(dev_plain),
                             1, NULL, NULL), 0);
    ck_assert_uint_eq(t.reg, 0x1234);
    ck_assert_uint_eq(t.extra, 0x1111);     /* no subsection: untouched */
}
END_TEST

START_TEST(test_subsection_present)
{
    Dev d = { .reg = 0x1234, .has_extra = true, .extra = 0xcafe };
    Dev t = { 0 };

    check_save(&vmstate_dev, &d, dev_with_extra, sizeof(dev_with_extra));
    ck_assert_int_eq(do_load(&vmstate_dev, &t, dev_with_extra,
                             sizeof(dev_with_extra), 1, NULL, NULL), 0);
    ck_assert_uint_eq(t.reg, 0x1234);
    ck_assert_uint_eq(t.extra, 0xcafe);
}
END_TEST

START_TEST(test_subsection_nested)
{
    Dev d = {
        .reg = 0x1234, .has_extra = true, .extra = 0xcafe,
        .has_deep = true, .deep = 0x42,
    };
    Dev t = { 0 };
    size_t remaining;

    check_save(&vmstate_dev, &d, dev_with_deep, sizeof(dev_with_deep));
    ck_assert_int_eq(do_load(&vmstate_dev, &t, dev_with_deep,
                             sizeof(dev_with_deep), 1, NULL, &remaining), 0);
    ck_assert_uint_eq(remaining, 0);
    ck_assert_uint_eq(t.extra, 0xcafe);
    ck_assert_uint_eq(t.deep, 0x42);
}
END_TEST

/* Hooks: pre_load before the fields, post_load after the subsections. */
START_TEST(test_hooks)
{
    Dev t = { 0 };

    ck_assert_int_eq(do_load(&vmstate_dev, &t, dev_with_extra,
                             sizeof(dev_with_extra), 1, NULL, NULL), 0);
    /* one load, plus the snapshot taken before it (a save) */
    ck_assert_int_eq(t.pre_loads, 1);
    ck_assert_int_eq(t.post_loads, 1);
    ck_assert_int_eq(t.loaded_version, 1);
    ck_assert_int_eq(t.pre_saves, 1);
    ck_assert_int_eq(t.post_saves, 1);
}
END_TEST

START_TEST(test_pre_save_fails)
{
    Dev d = { .reg = 1, .reject = true };
    QEMUFile *f = qemu_shim_file_new_output();
    Error *err = NULL;

    ck_assert_int_eq(qemu_shim_vmstate_save(f, &vmstate_dev, &d, &err),
                     -EPERM);
    ck_assert_str_eq(error_get_pretty(err), "dev: pre_save failed: -1");
    ck_assert_int_eq(d.post_saves, 0);
    error_free(err);
    qemu_fclose(f);
}
END_TEST

START_TEST(test_post_load_rejects)
{
    static const uint8_t data[] = {
        0x00, 0x00, 0x0b, 0xad,
        0x05, 0x09, 'd', 'e', 'v', '/', 'e', 'x', 't', 'r', 'a',
        0x00, 0x00, 0x00, 0x02,
        0x99, 0x99,
    };
    Dev d = { .reg = 0x77, .extra = 0x55 };

    check_load_fails(&vmstate_dev, &d, data, sizeof(data), 1,
                     "dev: post_load rejected the state");
    /* fields and the subsection the stream brought are both put back */
    ck_assert_uint_eq(d.reg, 0x77);
    ck_assert_uint_eq(d.extra, 0x55);
}
END_TEST

START_TEST(test_unknown_subsection)
{
    static const uint8_t data[] = {
        0x00, 0x00, 0x00, 0x09,
        0x05, 0x09, 'd', 'e', 'v', '/', 'b', 'o', 'g', 'u', 's',
        0x00, 0x00, 0x00, 0x01,
    };
    Dev d = { .reg = 0x77 };

    check_load_fails(&vmstate_dev, &d, data, sizeof(data), 1,
                     "dev: unknown subsection 'dev/bogus'");
    ck_assert_uint_eq(d.reg, 0x77);
}
END_TEST

START_TEST(test_subsection_version_too_new)
{
    uint8_t data[sizeof(dev_with_extra)];
    Dev d = { .reg = 0x77, .extra = 0x55 };

    memcpy(data, dev_with_extra, sizeof(data));
    data[18] = 3;                       /* dev/extra version 3 > 2 */
    check_load_fails(&vmstate_dev, &d, data, sizeof(data), 1,
                     "dev/extra: incoming version_id 3 is too new for local"
                     " version_id 2");
    ck_assert_uint_eq(d.reg, 0x77);
    data[18] = 1;                       /* below the minimum 2 */
    check_load_fails(&vmstate_dev, &d, data, sizeof(data), 1,
                     "dev/extra: incoming version_id 1 is too old for local"
                     " minimum version_id 2");
    ck_assert_uint_eq(d.extra, 0x55);
}
END_TEST

/*
 * A subsection name that is not ours belongs to an enclosing description:
 * the load stops there and leaves it in the stream.
 */
START_TEST(test_foreign_subsection_left_alone)
{
    static const uint8_t data[] = {
        0x00, 0x00, 0x00, 0x09,
        0x05, 0x07, 'o', 't', 'h', 'e', 'r', '/', 'x',
    };
    Dev d = { 0 };
    size_t remaining;

    ck_assert_int_eq(do_load(&vmstate_dev, &d, data, sizeof(data), 1, NULL,
                             &remaining), 0);
    ck_assert_uint_eq(d.reg, 9);
    ck_assert_uint_eq(remaining, 9);
}
END_TEST

/* Every prefix of a valid stream fails and leaves the state as it was. */
START_TEST(test_truncated_everywhere)
{
    const size_t fields_len = sizeof(dev_plain);

    for (size_t len = 0; len < sizeof(dev_with_deep); len++) {
        Dev d = { .reg = 0x77, .extra = 0x55, .deep = 0x33 };
        char *msg = NULL;
        int ret = do_load(&vmstate_dev, &d, dev_with_deep, len, 1, &msg,
                          NULL);

        if (len == fields_len || len == sizeof(dev_with_extra)) {
            /* a stream may end where an optional subsection would start */
            ck_assert_int_eq(ret, 0);
            continue;
        }
        ck_assert_msg(ret < 0, "prefix of %zu bytes loaded", len);
        ck_assert_msg(strstr(msg, "ends"), "prefix %zu: '%s'", len, msg);
        ck_assert_uint_eq(d.reg, 0x77);
        ck_assert_uint_eq(d.extra, 0x55);
        ck_assert_uint_eq(d.deep, 0x33);
        g_free(msg);
    }
}
END_TEST

/* The public QEMU entry points: same result, errors on stderr. */
START_TEST(test_public_api)
{
    QEMUFile *f = qemu_shim_file_new_output();
    Dev d = { .reg = 0x1234 };
    QEMUFile *in;
    const uint8_t *data;
    size_t len;

    ck_assert_int_eq(vmstate_save_state(f, &vmstate_dev, &d, NULL), 0);
    data = qemu_shim_file_output_data(f, &len);
    ck_assert_uint_eq(len, sizeof(dev_plain));
    ck_assert_mem_eq(data, dev_plain, len);

    in = qemu_shim_file_new_input(data, len);
    d.reg = 0;
    ck_assert_int_eq(vmstate_load_state(in, &vmstate_dev, &d, 1), 0);
    ck_assert_uint_eq(d.reg, 0x1234);
    qemu_fclose(in);

    in = qemu_shim_file_new_input(data, 2);
    ck_assert_int_lt(vmstate_load_state(in, &vmstate_dev, &d, 1), 0);
    ck_assert_int_eq(qemu_file_get_error(in), -EIO);
    ck_assert_uint_eq(d.reg, 0x1234);
    qemu_fclose(in);
    qemu_fclose(f);
}
END_TEST

/* ---- versions ---- */

typedef struct Versioned {
    uint32_t a, b, c;
    bool gate;
    uint8_t gated;
} Versioned;

static bool gate_open(void *opaque, int version_id)
{
    return ((Versioned *)opaque)->gate && version_id >= 2;
}

static const VMStateDescription vmstate_versioned = {
    .name = "versioned",
    .version_id = 3,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(a, Versioned),
        VMSTATE_UINT32_V(b, Versioned, 2),
        VMSTATE_UINT32_V(c, Versioned, 3),
        VMSTATE_BOOL(gate, Versioned),
        VMSTATE_UINT8_TEST(gated, Versioned, gate_open),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_version_gating)
{
    static const uint8_t v3[] = {
        0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x01, 0x44,
    };
    static const uint8_t v2[] = { 0, 0, 0, 1, 0, 0, 0, 2, 0x00 };
    static const uint8_t v1[] = { 0, 0, 0, 1, 0x01 };
    Versioned v = { 1, 2, 3, true, 0x44 };
    Versioned t = { 9, 9, 9, false, 9 };

    check_save(&vmstate_versioned, &v, v3, sizeof(v3));

    /* version 2 has no c; the gate is read before the gated field */
    ck_assert_int_eq(do_load(&vmstate_versioned, &t, v2, sizeof(v2), 2, NULL,
                             NULL), 0);
    ck_assert_uint_eq(t.a, 1);
    ck_assert_uint_eq(t.b, 2);
    ck_assert_uint_eq(t.c, 9);
    ck_assert_uint_eq(t.gated, 9);

    /* version 1: a only, and the gate is closed below version 2 */
    t = (Versioned){ 9, 9, 9, false, 9 };
    ck_assert_int_eq(do_load(&vmstate_versioned, &t, v1, sizeof(v1), 1, NULL,
                             NULL), 0);
    ck_assert_uint_eq(t.a, 1);
    ck_assert_uint_eq(t.b, 9);
    ck_assert(t.gate);
    ck_assert_uint_eq(t.gated, 9);
}
END_TEST

START_TEST(test_version_limits)
{
    static const uint8_t v3[] = {
        0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0x00,
    };
    Versioned t = { 9, 9, 9, false, 9 };
    Versioned before = t;

    check_load_fails(&vmstate_versioned, &t, v3, sizeof(v3), 4,
                     "versioned: incoming version_id 4 is too new for local"
                     " version_id 3");
    check_load_fails(&vmstate_versioned, &t, v3, sizeof(v3), 0,
                     "versioned: incoming version_id 0 is too old for local"
                     " minimum version_id 1");
    ck_assert_mem_eq(&t, &before, sizeof(t));
}
END_TEST

/* ---- checks and validation ---- */

typedef struct Checked {
    uint32_t size;
    int32_t level;
    int32_t limit;
    uint8_t ok;
} Checked;

static bool checked_valid(void *opaque, int version_id)
{
    (void)version_id;
    return ((Checked *)opaque)->ok < 4;
}

static const VMStateDescription vmstate_checked = {
    .name = "checked",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_EQUAL(size, Checked, "size is a property"),
        VMSTATE_INT32_POSITIVE_LE(level, Checked),
        VMSTATE_UINT8(ok, Checked),
        VMSTATE_VALIDATE("ok below 4", checked_valid),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_equal_and_le)
{
    static const uint8_t good[] = { 0, 0, 0, 16, 0, 0, 0, 5, 3 };
    static const uint8_t bad_size[] = { 0, 0, 0, 17, 0, 0, 0, 5, 3 };
    static const uint8_t bad_level[] = { 0, 0, 0, 16, 0, 0, 0, 9, 3 };
    static const uint8_t negative[] = {
        0, 0, 0, 16, 0xff, 0xff, 0xff, 0xff, 3,
    };
    static const uint8_t invalid[] = { 0, 0, 0, 16, 0, 0, 0, 5, 4 };
    Checked c = { .size = 16, .level = 5, .ok = 3 };
    Checked before;

    check_save(&vmstate_checked, &c, good, sizeof(good));
    c.level = 8;
    before = c;
    check_load_fails(&vmstate_checked, &c, bad_size, sizeof(bad_size), 1,
                     "checked:size: 10 != 11: size is a property");
    check_load_fails(&vmstate_checked, &c, bad_level, sizeof(bad_level), 1,
                     "invalid value 9 expecting positive value <= 8");
    check_load_fails(&vmstate_checked, &c, negative, sizeof(negative), 1,
                     "invalid value -1");
    check_load_fails(&vmstate_checked, &c, invalid, sizeof(invalid), 1,
                     "Input validation failed: checked/ok below 4");
    ck_assert_mem_eq(&c, &before, sizeof(c));

    ck_assert_int_eq(do_load(&vmstate_checked, &c, good, sizeof(good), 1,
                             NULL, NULL), 0);
    ck_assert_int_eq(c.level, 5);
}
END_TEST

/* ---- variable arrays: counts from the stream are bounded ---- */

typedef struct Fifo {
    int32_t count;
    Point items[3];
    uint32_t nblob;
    uint16_t *blob;
    uint32_t len;
    uint8_t *name;
} Fifo;

static const VMStateDescription vmstate_fifo = {
    .name = "fifo",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_INT32(count, Fifo),
        VMSTATE_STRUCT_VARRAY_INT32(items, Fifo, count, 0, vmstate_point,
                                    Point),
        VMSTATE_UINT32(nblob, Fifo),
        VMSTATE_VARRAY_UINT32_ALLOC(blob, Fifo, nblob, 0, vmstate_info_uint16,
                                    uint16_t),
        VMSTATE_UINT32(len, Fifo),
        VMSTATE_VBUFFER_ALLOC_UINT32(name, Fifo, 0, NULL, len),
        VMSTATE_END_OF_LIST()
    },
};

static void fifo_free(Fifo *f)
{
    g_free(f->blob);
    g_free(f->name);
}

START_TEST(test_varray_layout)
{
    static const uint8_t expect[] = {
        0, 0, 0, 2,
        0x00, 0x05, 0x01,
        0x00, 0x06, 0x00,
        0, 0, 0, 2, 0xaa, 0xbb, 0xcc, 0xdd,
        0, 0, 0, 3, 'a', 'b', 'c',
    };
    uint16_t blob[2] = { 0xaabb, 0xccdd };
    Fifo f = {
        .count = 2, .items = { { 5, true }, { 6, false }, { 7, true } },
        .nblob = 2, .blob = blob, .len = 3, .name = (uint8_t *)"abc",
    };
    Fifo t = { 0 };

    check_save(&vmstate_fifo, &f, expect, sizeof(expect));
    ck_assert_int_eq(do_load(&vmstate_fifo, &t, expect, sizeof(expect), 1,
                             NULL, NULL), 0);
    ck_assert_int_eq(t.count, 2);
    ck_assert_uint_eq(t.items[1].x, 6);
    ck_assert_uint_eq(t.items[2].x, 0);
    ck_assert_uint_eq(t.blob[1], 0xccdd);
    ck_assert_mem_eq(t.name, "abc", 3);
    fifo_free(&t);
}
END_TEST

START_TEST(test_varray_count_out_of_bounds)
{
    static const uint8_t too_many[] = {
        0, 0, 0, 4, 0, 1, 1, 0, 2, 1, 0, 3, 1, 0, 4, 1,
    };
    static const uint8_t negative[] = { 0xff, 0xff, 0xff, 0xff };
    Fifo f = { .count = 1, .items = { { 5, true } } };
    Fifo before = f;

    check_load_fails(&vmstate_fifo, &f, too_many, sizeof(too_many), 1,
                     "fifo/items: element count 4 exceeds the array's 3"
                     " elements");
    check_load_fails(&vmstate_fifo, &f, negative, sizeof(negative), 1,
                     "fifo/items: invalid element count -1");
    ck_assert_mem_eq(&f, &before, sizeof(f));
}
END_TEST

/* A huge count or size from the stream is refused before allocating. */
START_TEST(test_alloc_bounded_by_input)
{
    static const uint8_t huge_count[] = {
        0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0, 0,
    };
    static const uint8_t huge_size[] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 'a',
    };
    static const uint8_t negative_size[] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 'a',
    };
    Fifo f = { 0 };

    check_load_fails(&vmstate_fifo, &f, huge_count, sizeof(huge_count), 1,
                     "fifo/blob: 2147483647 elements of 2 bytes do not fit"
                     " in the 2 bytes left in the stream");
    check_load_fails(&vmstate_fifo, &f, huge_size, sizeof(huge_size), 1,
                     "fifo/name: 1 elements of 2147483647 bytes do not fit");
    check_load_fails(&vmstate_fifo, &f, negative_size, sizeof(negative_size),
                     1, "fifo/name: invalid buffer size -1");
    ck_assert_ptr_null(f.blob);
    fifo_free(&f);
}
END_TEST

/* Saving refuses a count beyond the array too, rather than overread. */
START_TEST(test_varray_save_out_of_bounds)
{
    Fifo f = { .count = 5 };
    QEMUFile *out = qemu_shim_file_new_output();
    Error *err = NULL;

    ck_assert_int_lt(qemu_shim_vmstate_save(out, &vmstate_fifo, &f, &err), 0);
    ck_assert_str_eq(error_get_pretty(err), "fifo/items: element count 5"
                     " exceeds the array's 3 elements");
    error_free(err);
    qemu_fclose(out);
}
END_TEST

/*
 * A pointer VARRAY written by hand without VMS_ALLOC or a capacity: the
 * stream would choose how much to write through the pointer. Refused.
 */
static const VMStateDescription vmstate_unbounded = {
    .name = "unbounded",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(nblob, Fifo),
        {
            .name = "blob",
            .offset = offsetof(Fifo, blob),
            .size = sizeof(uint16_t),
            .num_offset = offsetof(Fifo, nblob),
            .info = &vmstate_info_uint16,
            .flags = (enum VMStateFlags)(VMS_VARRAY_UINT32 | VMS_POINTER),
        },
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_unbounded_varray_refused)
{
    static const uint8_t data[] = { 0, 0, 0, 9, 0, 1, 0, 2 };
    uint16_t blob[1] = { 7 };
    Fifo f = { .nblob = 1, .blob = blob };

    check_load_fails(&vmstate_unbounded, &f, data, sizeof(data), 1,
                     "unbounded/blob: cannot load a variable-sized field"
                     " without a capacity (.num) or VMS_ALLOC");
    ck_assert_uint_eq(f.nblob, 1);
    ck_assert_uint_eq(blob[0], 7);
}
END_TEST

/* ---- timers ---- */

typedef struct Timed {
    QEMUTimer *tp;
    QEMUTimer embedded;
    QEMUTimer *arr[2];
} Timed;

static const VMStateDescription vmstate_timed = {
    .name = "timed",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_TIMER_PTR(tp, Timed),
        VMSTATE_TIMER(embedded, Timed),
        VMSTATE_TIMER_PTR_ARRAY(arr, Timed, 2),
        VMSTATE_END_OF_LIST()
    },
};

static void timer_cb(void *opaque)
{
    (void)opaque;
}

START_TEST(test_timers)
{
    static const uint8_t expect[] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8,     /* 1000 */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,     /* not pending */
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,     /* arr[0] */
        0x30,                                               /* arr[1] NULL */
    };
    static const uint8_t swapped[] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0xd0,     /* 2000 */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0x30,
    };
    Timed t = { 0 };

    t.tp = timer_new_ns(QEMU_CLOCK_VIRTUAL, timer_cb, NULL);
    timer_init_ns(&t.embedded, QEMU_CLOCK_VIRTUAL, timer_cb, NULL);
    t.arr[0] = timer_new_ns(QEMU_CLOCK_VIRTUAL, timer_cb, NULL);

    timer_mod_ns(t.tp, 1000);
    timer_mod_ns(t.arr[0], 0x100000000LL);
    check_save(&vmstate_timed, &t, expect, sizeof(expect));

    ck_assert_int_eq(do_load(&vmstate_timed, &t, swapped, sizeof(swapped), 1,
                             NULL, NULL), 0);
    ck_assert(!timer_pending(t.tp));
    ck_assert(timer_pending(&t.embedded));
    ck_assert_uint_eq(timer_expire_time_ns(&t.embedded), 2000);
    ck_assert(!timer_pending(t.arr[0]));

    /* a bad NULL marker fails and re-arms the timers as they were */
    {
        uint8_t bad[sizeof(swapped)];

        memcpy(bad, expect, sizeof(bad));
        bad[sizeof(bad) - 1] = 0x31;
        check_load_fails(&vmstate_timed, &t, bad, sizeof(bad), 1,
                         "expected the NULL pointer marker, got 0x31");
        ck_assert(!timer_pending(t.tp));
        ck_assert_uint_eq(timer_expire_time_ns(&t.embedded), 2000);
    }

    timer_free(t.tp);
    timer_del(&t.embedded);
    timer_free(t.arr[0]);
}
END_TEST

/* ---- a clock-shaped field (fake-clock.h), as hw/core's vmstate_clock ---- */

typedef struct Clocked {
    uint32_t reg;
    FakeClock *clk;
} Clocked;

static const VMStateDescription vmstate_clocked = {
    .name = "clocked",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(reg, Clocked),
        VMSTATE_STRUCT_POINTER_V(clk, Clocked, 0, vmstate_fake_clock,
                                 FakeClock),
        VMSTATE_END_OF_LIST()
    },
};

/* A struct's subsection sits right after the struct's fields. */
START_TEST(test_struct_pointer_with_subsection)
{
    static const uint8_t expect[] = {
        0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x27, 0x10,
        0x05, 0x0c, 'c', 'l', 'o', 'c', 'k', '/', 'm', 'u', 'l', 'd', 'i', 'v',
        0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x03,
        0x00, 0x00, 0x00, 0x02,
    };
    FakeClock clk = { 10000, 3, 2 }, clk2 = { 0, 1, 1 };
    Clocked c = { 1, &clk }, t = { 0, &clk2 };

    check_save(&vmstate_clocked, &c, expect, sizeof(expect));
    ck_assert_int_eq(do_load(&vmstate_clocked, &t, expect, sizeof(expect), 1,
                             NULL, NULL), 0);
    ck_assert_uint_eq(clk2.period, 10000);
    ck_assert_uint_eq(clk2.multiplier, 3);
    ck_assert_uint_eq(clk2.divider, 2);

    /* a failed load also undoes the muldiv the stream brought */
    clk2 = (FakeClock){ 5, 1, 1 };
    {
        uint8_t bad[sizeof(expect) - 1];

        memcpy(bad, expect, sizeof(bad));
        check_load_fails(&vmstate_clocked, &t, bad, sizeof(bad), 1,
                         "the stream ends early");
    }
    ck_assert_uint_eq(clk2.period, 5);
    ck_assert_uint_eq(clk2.multiplier, 1);
    ck_assert_uint_eq(clk2.divider, 1);
}
END_TEST

/* A NULL pointer where data is expected is an error, never a crash. */
START_TEST(test_null_struct_pointer)
{
    Clocked c = { 1, NULL };
    QEMUFile *f = qemu_shim_file_new_output();
    Error *err = NULL;

    ck_assert_int_lt(qemu_shim_vmstate_save(f, &vmstate_clocked, &c, &err), 0);
    ck_assert_str_eq(error_get_pretty(err), "clocked/clk: NULL pointer");
    error_free(err);
    qemu_fclose(f);
}
END_TEST

static Suite *vmstate_suite(void)
{
    Suite *s = suite_create("vmstate");
    TCase *tc = tcase_create("layout");

    tcase_add_test(tc, test_scalars_layout);
    tcase_add_test(tc, test_bool_values);
    tcase_add_test(tc, test_arrays_layout);
    tcase_add_test(tc, test_struct_layout);
    tcase_add_test(tc, test_varray_layout);
    tcase_add_test(tc, test_timers);
    tcase_add_test(tc, test_struct_pointer_with_subsection);
    suite_add_tcase(s, tc);

    tc = tcase_create("subsections");
    tcase_add_test(tc, test_subsection_absent);
    tcase_add_test(tc, test_subsection_present);
    tcase_add_test(tc, test_subsection_nested);
    tcase_add_test(tc, test_hooks);
    tcase_add_test(tc, test_public_api);
    tcase_add_test(tc, test_foreign_subsection_left_alone);
    suite_add_tcase(s, tc);

    tc = tcase_create("versions");
    tcase_add_test(tc, test_version_gating);
    tcase_add_test(tc, test_version_limits);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed");
    tcase_add_test(tc, test_struct_truncated);
    tcase_add_test(tc, test_pre_save_fails);
    tcase_add_test(tc, test_post_load_rejects);
    tcase_add_test(tc, test_unknown_subsection);
    tcase_add_test(tc, test_subsection_version_too_new);
    tcase_add_test(tc, test_truncated_everywhere);
    tcase_add_test(tc, test_equal_and_le);
    tcase_add_test(tc, test_varray_count_out_of_bounds);
    tcase_add_test(tc, test_alloc_bounded_by_input);
    tcase_add_test(tc, test_varray_save_out_of_bounds);
    tcase_add_test(tc, test_unbounded_varray_refused);
    tcase_add_test(tc, test_null_struct_pointer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vmstate_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
