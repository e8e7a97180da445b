/*
 * Unit tests for the whole-state stream (migration/savevm.h) and VMState
 * registration: framing checked byte for byte, including against bytes
 * taken from a real qemu-system-arm 7.2 "-M virt" migration stream, and
 * every kind of bad stream rejected with all states left as they were.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"
#include "qapi/error.h"
#include <check.h>
#include "fake-clock.h"

/* ---- helpers ---- */

static GBytes *save_all(void)
{
    QEMUFile *f = qemu_shim_file_new_output();
    Error *err = NULL;
    const uint8_t *data;
    GBytes *b;
    size_t len;

    ck_assert_int_eq(qemu_shim_savevm_state(f, &err), 0);
    ck_assert_ptr_null(err);
    data = qemu_shim_file_output_data(f, &len);
    b = g_bytes_new(data, len);
    qemu_fclose(f);
    return b;
}

static int load_all(const uint8_t *data, size_t len, char **msg)
{
    QEMUFile *f = qemu_shim_file_new_input(data, len);
    Error *err = NULL;
    int ret = qemu_shim_loadvm_state(f, &err);

    ck_assert_int_eq(ret != 0, err != NULL);
    if (msg) {
        *msg = err ? g_strdup(error_get_pretty(err)) : NULL;
    }
    error_free(err);
    qemu_fclose(f);
    return ret;
}

static void check_load_fails(const uint8_t *data, size_t len,
                             const char *needle)
{
    char *msg = NULL;

    ck_assert_int_lt(load_all(data, len, &msg), 0);
    ck_assert_msg(msg && strstr(msg, needle), "error '%s' lacks '%s'",
                  msg ? msg : "(none)", needle);
    g_free(msg);
}

static void check_bytes(GBytes *b, const uint8_t *expect, size_t len)
{
    gsize got;
    const uint8_t *data = (const uint8_t *)g_bytes_get_data(b, &got);

    ck_assert_uint_eq(got, len);
    ck_assert_mem_eq(data, expect, len);
}

/* A byte string built piece by piece, for hand-made streams. */
static GByteArray *stream_new(void)
{
    return g_byte_array_new();
}

static void put(GByteArray *s, const void *p, size_t n)
{
    g_byte_array_append(s, (const guint8 *)p, (guint)n);
}

static void put8(GByteArray *s, uint8_t v)
{
    put(s, &v, 1);
}

static void put32(GByteArray *s, uint32_t v)
{
    uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };

    put(s, b, 4);
}

static void put_str(GByteArray *s, const char *str)
{
    put8(s, (uint8_t)strlen(str));
    put(s, str, strlen(str));
}

/*
 * The first 61 bytes of "migrate" on qemu-system-arm 7.2 -M virt: magic,
 * version 3, QEMU_VM_CONFIGURATION with the machine "virt-7.2" and the
 * configuration/target-page-bits subsection (12).
 */
static const uint8_t qemu_virt_header[] = {
    0x51, 0x45, 0x56, 0x4d, 0x00, 0x00, 0x00, 0x03,
    0x07, 0x00, 0x00, 0x00, 0x08, 'v', 'i', 'r', 't', '-', '7', '.', '2',
    0x05, 0x1e, 'c', 'o', 'n', 'f', 'i', 'g', 'u', 'r', 'a', 't', 'i', 'o',
    'n', '/', 't', 'a', 'r', 'g', 'e', 't', '-', 'p', 'a', 'g', 'e', '-',
    'b', 'i', 't', 's', 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0c,
};

/*
 * The end of a stream: QEMU_VM_EOF, then QEMU_VM_VMDESCRIPTION with the
 * JSON description of @devices (a JSON array body), as QEMU writes it.
 */
static void put_end(GByteArray *s, int page_size, const char *devices)
{
    g_autofree char *json = g_strdup_printf(
        "{\"page_size\": %d, \"devices\": [%s]}", page_size, devices);

    put8(s, QEMU_VM_EOF);
    put8(s, QEMU_VM_VMDESCRIPTION);
    put32(s, (uint32_t)strlen(json));
    put(s, json, strlen(json));
}

static GByteArray *stream_with_header(void)
{
    GByteArray *s = stream_new();

    put(s, qemu_virt_header, sizeof(qemu_virt_header));
    return s;
}

/* ---- a small device ---- */

typedef struct Dev {
    uint32_t reg;
    bool hidden;
} Dev;

static bool dev_needed(void *opaque)
{
    return !((Dev *)opaque)->hidden;
}

static const VMStateDescription vmstate_dev = {
    .name = "dev",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = dev_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(reg, Dev),
        VMSTATE_END_OF_LIST()
    },
};

/* The description of a "dev" section. */
static char *dev_desc(const char *name, uint32_t instance)
{
    return g_strdup_printf("{\"name\": \"%s\", \"instance_id\": %u, "
                           "\"vmsd_name\": \"dev\", \"version\": 1, "
                           "\"fields\": [{\"name\": \"reg\", "
                           "\"type\": \"uint32\", \"size\": 4}]}",
                           name, instance);
}

static void put_dev_section(GByteArray *s, uint32_t section_id,
                            uint32_t instance, uint32_t reg)
{
    put8(s, QEMU_VM_SECTION_FULL);
    put32(s, section_id);
    put_str(s, "dev");
    put32(s, instance);
    put32(s, 1);
    put32(s, reg);
    put8(s, QEMU_VM_SECTION_FOOTER);
    put32(s, section_id);
}

/* ---- framing ---- */

START_TEST(test_stream_framing)
{
    Dev a = { .reg = 0x11223344 }, b = { .reg = 0x55667788 };
    GByteArray *expect = stream_with_header();
    GBytes *got;

    ck_assert_int_eq(vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY,
                                      &vmstate_dev, &a), 0);
    ck_assert_int_eq(vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY,
                                      &vmstate_dev, &b), 0);

    put_dev_section(expect, 0, 0, 0x11223344);
    put_dev_section(expect, 1, 1, 0x55667788);
    {
        g_autofree char *d0 = dev_desc("dev", 0);
        g_autofree char *d1 = dev_desc("dev", 1);
        g_autofree char *devices = g_strdup_printf("%s, %s", d0, d1);

        put_end(expect, 4096, devices);
    }

    got = save_all();
    check_bytes(got, expect->data, expect->len);
    g_bytes_unref(got);
    g_byte_array_free(expect, TRUE);
}
END_TEST

START_TEST(test_empty_stream_matches_qemu_header)
{
    GBytes *got = save_all();
    GByteArray *expect = stream_with_header();

    put_end(expect, 4096, "");
    check_bytes(got, expect->data, expect->len);
    g_bytes_unref(got);
    ck_assert_int_eq(load_all(expect->data, expect->len, NULL), 0);
    g_byte_array_free(expect, TRUE);
}
END_TEST

/* A machine at its minimum page size sends no page-bits subsection. */
START_TEST(test_machine_setting)
{
    static const uint8_t expect[] = {
        0x51, 0x45, 0x56, 0x4d, 0x00, 0x00, 0x00, 0x03,
        0x07, 0x00, 0x00, 0x00, 0x0b,
        'l', 'm', '3', 's', '6', '9', '6', '5', 'e', 'v', 'b',
    };
    GByteArray *stream = stream_new();
    GBytes *got;

    put(stream, expect, sizeof(expect));
    put_end(stream, 1024, "");
    qemu_shim_savevm_set_machine("lm3s6965evb", 10, 10);
    ck_assert_str_eq(qemu_shim_savevm_get_machine(), "lm3s6965evb");
    got = save_all();
    check_bytes(got, stream->data, stream->len);
    g_bytes_unref(got);
    ck_assert_int_eq(load_all(stream->data, stream->len, NULL), 0);
    g_byte_array_free(stream, TRUE);

    /* the virt stream names another machine and page size */
    check_load_fails(qemu_virt_header, sizeof(qemu_virt_header),
                     "Machine type received is 'virt-7.2' and local is"
                     " 'lm3s6965evb'");
}
END_TEST

/* ---- the PL011 section, as qemu-system-arm 7.2 writes it ---- */

typedef struct FakePL011 {
    uint32_t readbuff, flags, lcr, rsr, cr, dmacr, int_enabled, int_level;
    uint32_t read_fifo[16];
    uint32_t ilpr, ibrd, fbrd, ifl;
    int32_t read_pos, read_count, read_trigger;
    FakeClock *clk;
    bool migrate_clk;
} FakePL011;

static bool pl011_clock_needed(void *opaque)
{
    return ((FakePL011 *)opaque)->migrate_clk;
}

static const VMStateDescription vmstate_fake_pl011_clock = {
    .name = "pl011/clock",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = pl011_clock_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT_POINTER_V(clk, FakePL011, 0, vmstate_fake_clock,
                                 FakeClock),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_fake_pl011 = {
    .name = "pl011",
    .version_id = 2,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(readbuff, FakePL011),
        VMSTATE_UINT32(flags, FakePL011),
        VMSTATE_UINT32(lcr, FakePL011),
        VMSTATE_UINT32(rsr, FakePL011),
        VMSTATE_UINT32(cr, FakePL011),
        VMSTATE_UINT32(dmacr, FakePL011),
        VMSTATE_UINT32(int_enabled, FakePL011),
        VMSTATE_UINT32(int_level, FakePL011),
        VMSTATE_UINT32_ARRAY(read_fifo, FakePL011, 16),
        VMSTATE_UINT32(ilpr, FakePL011),
        VMSTATE_UINT32(ibrd, FakePL011),
        VMSTATE_UINT32(fbrd, FakePL011),
        VMSTATE_UINT32(ifl, FakePL011),
        VMSTATE_INT32(read_pos, FakePL011),
        VMSTATE_INT32(read_count, FakePL011),
        VMSTATE_INT32(read_trigger, FakePL011),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_fake_pl011_clock,
        NULL
    },
};

/*
 * The pl011 section of that same stream (section id 9 there, 0 here) for
 * the PL011 at reset: flags 0x90, cr 0x300, ifl 0x12, read_trigger 1, the
 * clock subsection with period 0 and no muldiv.
 */
static GByteArray *qemu_pl011_section(uint32_t section_id)
{
    GByteArray *s = stream_new();
    uint32_t regs[8] = { 0, 0x90, 0, 0, 0x300, 0, 0, 0 };
    int i;

    put8(s, QEMU_VM_SECTION_FULL);
    put32(s, section_id);
    put_str(s, "pl011");
    put32(s, 0);                        /* instance */
    put32(s, 2);                        /* version */
    for (i = 0; i < 8; i++) {
        put32(s, regs[i]);
    }
    for (i = 0; i < 16; i++) {
        put32(s, 0);
    }
    put32(s, 0);                        /* ilpr */
    put32(s, 0);
    put32(s, 0);
    put32(s, 0x12);                     /* ifl */
    put32(s, 0);
    put32(s, 0);
    put32(s, 1);                        /* read_trigger */
    put8(s, QEMU_VM_SUBSECTION);
    put_str(s, "pl011/clock");
    put32(s, 1);
    put32(s, 0);                        /* period, be64 */
    put32(s, 0);
    put8(s, QEMU_VM_SECTION_FOOTER);
    put32(s, section_id);
    return s;
}

/* The pl011 entry of that stream's JSON description, verbatim. */
static const char qemu_pl011_desc[] =
    "{\"name\": \"pl011\", \"instance_id\": 0, \"vmsd_name\": \"pl011\", "
    "\"version\": 2, \"fields\": ["
    "{\"name\": \"readbuff\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"flags\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"lcr\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"rsr\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"cr\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"dmacr\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"int_enabled\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"int_level\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"read_fifo\", \"array_len\": 16, \"type\": \"uint32\", "
    "\"size\": 4}, "
    "{\"name\": \"ilpr\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"ibrd\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"fbrd\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"ifl\", \"type\": \"uint32\", \"size\": 4}, "
    "{\"name\": \"read_pos\", \"type\": \"int32\", \"size\": 4}, "
    "{\"name\": \"read_count\", \"type\": \"int32\", \"size\": 4}, "
    "{\"name\": \"read_trigger\", \"type\": \"int32\", \"size\": 4}], "
    "\"subsections\": [{\"vmsd_name\": \"pl011/clock\", \"version\": 1, "
    "\"fields\": [{\"name\": \"clk\", \"type\": \"struct\", "
    "\"struct\": {\"vmsd_name\": \"clock\", \"version\": 0, "
    "\"fields\": [{\"name\": \"period\", \"type\": \"uint64\", "
    "\"size\": 8}]}, \"size\": 8}]}]}";

START_TEST(test_pl011_section_matches_qemu)
{
    FakeClock clk = { 0, 1, 1 };
    FakePL011 s = {
        .flags = 0x90, .cr = 0x300, .ifl = 0x12, .read_trigger = 1,
        .clk = &clk, .migrate_clk = true,
    };
    GByteArray *expect = stream_with_header();
    GByteArray *section = qemu_pl011_section(0);
    GBytes *got;

    ck_assert_uint_eq(section->len, 173);   /* as in the QEMU stream */
    put(expect, section->data, section->len);
    put_end(expect, 4096, qemu_pl011_desc);

    ck_assert_int_eq(vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY,
                                      &vmstate_fake_pl011, &s), 0);
    got = save_all();
    check_bytes(got, expect->data, expect->len);

    /* and QEMU's section loads back */
    s.flags = 0;
    s.read_trigger = 7;
    clk.period = 99;
    ck_assert_int_eq(load_all(expect->data, expect->len, NULL), 0);
    ck_assert_uint_eq(s.flags, 0x90);
    ck_assert_int_eq(s.read_trigger, 1);
    ck_assert_uint_eq(clk.period, 0);

    g_bytes_unref(got);
    g_byte_array_free(section, TRUE);
    g_byte_array_free(expect, TRUE);
}
END_TEST

/* ---- the JSON description of arrays ---- */

typedef struct Pt {
    uint16_t x;
} Pt;

typedef struct Arr {
    Pt pts[2];
    uint8_t vals[2];
} Arr;

static const VMStateDescription vmstate_pt = {
    .name = "pt",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(x, Pt),
        VMSTATE_END_OF_LIST()
    },
};

static bool always(void *opaque, int version_id)
{
    (void)opaque;
    (void)version_id;
    return true;
}

static const VMStateDescription vmstate_arr = {
    .name = "arr",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT_ARRAY(pts, Arr, 2, 0, vmstate_pt, Pt),
        VMSTATE_ARRAY_TEST(vals, Arr, 2, always, vmstate_info_uint8, uint8_t),
        VMSTATE_END_OF_LIST()
    },
};

/*
 * An array whose elements all look alike is described once, with its
 * length; one with a field_exists test gets an entry per element.
 */
START_TEST(test_vmdesc_arrays)
{
    Arr a = { { { 1 }, { 2 } }, { 3, 4 } };
    GByteArray *expect = stream_with_header();
    GBytes *got;

    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_arr, &a);
    put8(expect, QEMU_VM_SECTION_FULL);
    put32(expect, 0);
    put_str(expect, "arr");
    put32(expect, 0);
    put32(expect, 1);
    put(expect, "\0\1\0\2\3\4", 6);
    put8(expect, QEMU_VM_SECTION_FOOTER);
    put32(expect, 0);
    put_end(expect, 4096,
            "{\"name\": \"arr\", \"instance_id\": 0, \"vmsd_name\": \"arr\", "
            "\"version\": 1, \"fields\": ["
            "{\"name\": \"pts\", \"array_len\": 2, \"type\": \"struct\", "
            "\"struct\": {\"vmsd_name\": \"pt\", \"version\": 1, "
            "\"fields\": [{\"name\": \"x\", \"type\": \"uint16\", "
            "\"size\": 2}]}, \"size\": 2}, "
            "{\"name\": \"vals\", \"index\": 0, \"type\": \"uint8\", "
            "\"size\": 1}, "
            "{\"name\": \"vals\", \"index\": 1, \"type\": \"uint8\", "
            "\"size\": 1}]}");
    got = save_all();
    check_bytes(got, expect->data, expect->len);
    g_bytes_unref(got);
    g_byte_array_free(expect, TRUE);
}
END_TEST

/* ---- round trip, registration ---- */

START_TEST(test_round_trip)
{
    Dev a = { .reg = 1 }, b = { .reg = 2 };
    GBytes *saved;
    gsize len;
    const uint8_t *data;

    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_dev, &a);
    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_dev, &b);
    saved = save_all();
    a.reg = 100;
    b.reg = 200;
    data = (const uint8_t *)g_bytes_get_data(saved, &len);
    ck_assert_int_eq(load_all(data, len, NULL), 0);
    ck_assert_uint_eq(a.reg, 1);
    ck_assert_uint_eq(b.reg, 2);
    g_bytes_unref(saved);
}
END_TEST

/* Sections are matched by name and instance, not by section id or order. */
START_TEST(test_load_matches_by_idstr)
{
    Dev a = { 0 }, b = { 0 };
    GByteArray *s = stream_with_header();

    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_dev, &a);
    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_dev, &b);
    put_dev_section(s, 41, 1, 0xbb);
    put_dev_section(s, 40, 0, 0xaa);
    put8(s, QEMU_VM_EOF);
    ck_assert_int_eq(load_all(s->data, s->len, NULL), 0);
    ck_assert_uint_eq(a.reg, 0xaa);
    ck_assert_uint_eq(b.reg, 0xbb);
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(test_not_needed_section_skipped)
{
    Dev a = { .reg = 5, .hidden = true };
    GByteArray *expect = stream_with_header();
    GBytes *got;

    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_dev, &a);
    put_end(expect, 4096, "");
    got = save_all();
    check_bytes(got, expect->data, expect->len);
    g_bytes_unref(got);
    g_byte_array_free(expect, TRUE);
}
END_TEST

static const VMStateDescription vmstate_blocker = {
    .name = "blocker",
    .unmigratable = 1,
};

START_TEST(test_unmigratable_blocks_save)
{
    int dummy;
    QEMUFile *f = qemu_shim_file_new_output();
    Error *err = NULL;
    size_t len;

    vmstate_register(NULL, 0, &vmstate_blocker, &dummy);
    ck_assert_int_eq(qemu_shim_savevm_state(f, &err), -EINVAL);
    ck_assert_str_eq(error_get_pretty(err),
                     "State blocked by non-migratable device 'blocker'");
    qemu_shim_file_output_data(f, &len);
    ck_assert_uint_eq(len, 0);
    error_free(err);
    qemu_fclose(f);
}
END_TEST

static const VMStateDescription vmstate_urgent = {
    .name = "urgent",
    .version_id = 1,
    .priority = MIG_PRI_IOMMU,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(reg, Dev),
        VMSTATE_END_OF_LIST()
    },
};

/* Higher priority sections come first; ids are in registration order. */
START_TEST(test_priority_order)
{
    Dev a = { .reg = 1 }, b = { .reg = 2 };
    GByteArray *expect = stream_with_header();
    GBytes *got;

    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_dev, &a);
    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_urgent, &b);

    put8(expect, QEMU_VM_SECTION_FULL);
    put32(expect, 1);
    put_str(expect, "urgent");
    put32(expect, 0);
    put32(expect, 1);
    put32(expect, 2);
    put8(expect, QEMU_VM_SECTION_FOOTER);
    put32(expect, 1);
    put_dev_section(expect, 0, 0, 1);
    {
        g_autofree char *d0 = dev_desc("dev", 0);
        g_autofree char *devices = g_strdup_printf(
            "{\"name\": \"urgent\", \"instance_id\": 0, "
            "\"vmsd_name\": \"urgent\", \"version\": 1, "
            "\"fields\": [{\"name\": \"reg\", \"type\": \"uint32\", "
            "\"size\": 4}]}, %s", d0);

        put_end(expect, 4096, devices);
    }

    got = save_all();
    check_bytes(got, expect->data, expect->len);
    g_bytes_unref(got);
    g_byte_array_free(expect, TRUE);
}
END_TEST

START_TEST(test_register_instances)
{
    Dev a = { 0 }, b = { 0 }, c = { 0 };
    Error *err = NULL;
    GBytes *got;

    ck_assert_int_eq(vmstate_register(NULL, 3, &vmstate_dev, &a), 0);
    /* ANY takes the next after the highest taken */
    ck_assert_int_eq(vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY,
                                      &vmstate_dev, &b), 0);
    ck_assert_int_eq(qemu_shim_vmstate_register_with_id(NULL, 3, &vmstate_dev,
                                                        &c, &err), -1);
    ck_assert_str_eq(error_get_pretty(err),
                     "VMState section 'dev' instance 3 is already registered");
    error_free(err);

    /* after unregistering, only b's section (instance 4) remains */
    vmstate_unregister(NULL, &vmstate_dev, &a);
    a.reg = 0;
    b.reg = 0x44;
    got = save_all();
    {
        GByteArray *expect = stream_with_header();

        g_autofree char *d4 = dev_desc("dev", 4);

        put_dev_section(expect, 1, 4, 0x44);
        put_end(expect, 4096, d4);
        check_bytes(got, expect->data, expect->len);
        g_byte_array_free(expect, TRUE);
    }
    g_bytes_unref(got);
}
END_TEST

static char *fake_get_id(VMStateIf *obj)
{
    return obj ? g_strdup("0000:00:01.0") : NULL;
}

/* A VMStateIf names the section "<id>/<vmsd name>", as PCI devices get. */
START_TEST(test_vmstate_if_id)
{
    Dev a = { .reg = 9 };
    VMStateIf *obj = (VMStateIf *)&a;
    Error *err = NULL;
    GByteArray *expect = stream_with_header();
    GBytes *got;

    ck_assert_int_eq(vmstate_register_with_alias_id(obj, 0, &vmstate_dev, &a,
                                                    -1, 0, &err), -1);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err),
                                 "no VMStateIf implementation"));
    error_free(err);

    qemu_shim_vmstate_set_if_id(fake_get_id);
    ck_assert_int_eq(vmstate_register(obj, VMSTATE_INSTANCE_ID_ANY,
                                      &vmstate_dev, &a), 0);
    put8(expect, QEMU_VM_SECTION_FULL);
    put32(expect, 0);
    put_str(expect, "0000:00:01.0/dev");
    put32(expect, 0);
    put32(expect, 1);
    put32(expect, 9);
    put8(expect, QEMU_VM_SECTION_FOOTER);
    put32(expect, 0);
    {
        g_autofree char *d0 = dev_desc("0000:00:01.0/dev", 0);

        put_end(expect, 4096, d0);
    }
    got = save_all();
    check_bytes(got, expect->data, expect->len);
    g_bytes_unref(got);
    g_byte_array_free(expect, TRUE);
}
END_TEST

START_TEST(test_idstr_too_long)
{
    Dev a = { 0 };
    char *id = g_strnfill(260, 'x');
    Error *err = NULL;

    ck_assert_int_eq(qemu_shim_vmstate_register_with_id(id, 0, &vmstate_dev,
                                                        &a, &err), -1);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err),
                                 "Path too long for VMState"));
    error_free(err);
    g_free(id);
}
END_TEST

/* ---- bad streams: rejected, and every device left as it was ---- */

typedef struct Pair {
    Dev a, b;
} Pair;

static Pair *setup_pair(void)
{
    static Pair p;

    p.a = (Dev){ .reg = 0xa };
    p.b = (Dev){ .reg = 0xb };
    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_dev, &p.a);
    vmstate_register(NULL, VMSTATE_INSTANCE_ID_ANY, &vmstate_dev, &p.b);
    return &p;
}

static void check_pair_unchanged(Pair *p)
{
    ck_assert_uint_eq(p->a.reg, 0xa);
    ck_assert_uint_eq(p->b.reg, 0xb);
}

START_TEST(test_unknown_section_rejected)
{
    Pair *p = setup_pair();
    GByteArray *s = stream_with_header();

    put_dev_section(s, 0, 0, 0x1111);       /* loads first... */
    put8(s, QEMU_VM_SECTION_FULL);          /* ...then a stranger */
    put32(s, 10);
    put_str(s, "pl031");
    put32(s, 0);
    put32(s, 1);
    put32(s, 0x12345678);
    check_load_fails(s->data, s->len, "Unknown savevm section or instance"
                     " 'pl031' 0");
    check_pair_unchanged(p);                /* ...and is undone */
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(test_unknown_instance_rejected)
{
    Pair *p = setup_pair();
    GByteArray *s = stream_with_header();

    put_dev_section(s, 0, 2, 0x1111);
    put8(s, QEMU_VM_EOF);
    check_load_fails(s->data, s->len, "Unknown savevm section or instance"
                     " 'dev' 2");
    check_pair_unchanged(p);
    g_byte_array_free(s, TRUE);
}
END_TEST

/* The start of a real QEMU stream: its RAM section is named in the error. */
START_TEST(test_qemu_ram_section_rejected)
{
    static const uint8_t ram_start[] = {
        0x01, 0x00, 0x00, 0x00, 0x02, 0x03, 'r', 'a', 'm',
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
        0x00, 0x00, 0x00, 0x00, 0x09, 0x02, 0x20, 0x04,
    };
    Pair *p = setup_pair();
    GByteArray *s = stream_with_header();

    put(s, ram_start, sizeof(ram_start));
    check_load_fails(s->data, s->len, "Unknown savevm section or instance"
                     " 'ram' 0");
    check_pair_unchanged(p);
    g_byte_array_free(s, TRUE);
}
END_TEST

/* A known name in an iterative (START) section is refused all the same. */
START_TEST(test_iterative_section_rejected)
{
    Pair *p = setup_pair();
    GByteArray *s = stream_with_header();

    put8(s, QEMU_VM_SECTION_START);
    put32(s, 0);
    put_str(s, "dev");
    put32(s, 0);
    put32(s, 1);
    check_load_fails(s->data, s->len, "Section 'dev' is iterative");
    check_pair_unchanged(p);
    g_byte_array_free(s, TRUE);

    s = stream_with_header();
    put8(s, QEMU_VM_SECTION_PART);
    put32(s, 7);
    check_load_fails(s->data, s->len, "Unknown savevm section 7");
    g_byte_array_free(s, TRUE);

    s = stream_with_header();
    put8(s, QEMU_VM_COMMAND);
    check_load_fails(s->data, s->len, "QEMU_VM_COMMAND");
    g_byte_array_free(s, TRUE);

    s = stream_with_header();
    put8(s, 0x42);
    check_load_fails(s->data, s->len, "Unknown savevm section type 66");
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(test_bad_header)
{
    Pair *p = setup_pair();
    uint8_t buf[sizeof(qemu_virt_header) + 1];

    memcpy(buf, qemu_virt_header, sizeof(qemu_virt_header));
    buf[sizeof(qemu_virt_header)] = QEMU_VM_EOF;

    buf[0] = 'X';
    check_load_fails(buf, sizeof(buf), "Not a migration stream");
    buf[0] = 0x51;
    buf[7] = 2;
    check_load_fails(buf, sizeof(buf), "SaveVM v2 format is obsolete");
    buf[7] = 4;
    check_load_fails(buf, sizeof(buf), "Unsupported migration stream version");
    buf[7] = 3;
    buf[8] = QEMU_VM_SECTION_FULL;
    check_load_fails(buf, sizeof(buf), "Configuration section missing");
    buf[8] = QEMU_VM_CONFIGURATION;
    buf[20] = '1';                              /* "virt-7.1" */
    check_load_fails(buf, sizeof(buf), "Machine type received is 'virt-7.1'"
                     " and local is 'virt-7.2'");
    buf[20] = '2';
    buf[sizeof(qemu_virt_header) - 1] = 16;     /* 64 KiB pages */
    check_load_fails(buf, sizeof(buf), "Received TARGET_PAGE_BITS is 16 but"
                     " local is 12");
    check_load_fails(buf, 3, "Not a migration stream");
    check_load_fails(buf, 5, "The migration stream ends inside its header");
    check_pair_unchanged(p);
}
END_TEST

/* Without the page-bits subsection the source had the minimum, 10. */
START_TEST(test_config_without_page_bits)
{
    static const uint8_t data[] = {
        0x51, 0x45, 0x56, 0x4d, 0x00, 0x00, 0x00, 0x03,
        0x07, 0x00, 0x00, 0x00, 0x08, 'v', 'i', 'r', 't', '-', '7', '.', '2',
        0x00,
    };

    check_load_fails(data, sizeof(data), "Received TARGET_PAGE_BITS is 10 but"
                     " local is 12");
}
END_TEST

/* A machine-name length from the stream cannot make us overread. */
START_TEST(test_config_name_too_long)
{
    static const uint8_t data[] = {
        0x51, 0x45, 0x56, 0x4d, 0x00, 0x00, 0x00, 0x03,
        0x07, 0xff, 0xff, 0xff, 0xf0, 'v', 'i', 'r', 't',
    };

    check_load_fails(data, sizeof(data), "configuration/name");
}
END_TEST

START_TEST(test_bad_footer)
{
    Pair *p = setup_pair();
    GByteArray *s = stream_with_header();

    put_dev_section(s, 5, 0, 0x1111);
    s->data[s->len - 1] = 6;                    /* footer id 6, header 5 */
    put8(s, QEMU_VM_EOF);
    check_load_fails(s->data, s->len, "Mismatched section id in footer for"
                     " dev - read 0x6 expected 0x5");
    check_pair_unchanged(p);

    s->data[s->len - 6] = 0x7f;                 /* not a footer mark */
    check_load_fails(s->data, s->len, "Missing section footer for dev");
    check_pair_unchanged(p);
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(test_section_version_too_new)
{
    Pair *p = setup_pair();
    GByteArray *s = stream_with_header();

    put_dev_section(s, 0, 1, 0x1111);
    s->data[sizeof(qemu_virt_header) + 1 + 4 + 4 + 4 + 3] = 2;
    put8(s, QEMU_VM_EOF);
    check_load_fails(s->data, s->len, "savevm: unsupported version 2 for"
                     " 'dev' v1");
    check_pair_unchanged(p);
    g_byte_array_free(s, TRUE);
}
END_TEST

/* Every prefix of a valid stream is rejected with nothing changed. */
START_TEST(test_truncated_everywhere)
{
    Pair *p = setup_pair();
    GByteArray *s = stream_with_header();

    put_dev_section(s, 0, 0, 0x1111);
    put_dev_section(s, 1, 1, 0x2222);
    put8(s, QEMU_VM_EOF);
    for (guint len = 0; len < s->len; len++) {
        char *msg = NULL;

        ck_assert_msg(load_all(s->data, len, &msg) < 0,
                      "a prefix of %u bytes loaded", len);
        check_pair_unchanged(p);
        g_free(msg);
    }
    ck_assert_int_eq(load_all(s->data, s->len, NULL), 0);
    ck_assert_uint_eq(p->a.reg, 0x1111);
    ck_assert_uint_eq(p->b.reg, 0x2222);
    g_byte_array_free(s, TRUE);
}
END_TEST

/* QEMU's JSON description after EOF is skipped, whole or cut short. */
START_TEST(test_vmdescription_skipped)
{
    Pair *p = setup_pair();
    GByteArray *s = stream_with_header();

    put_dev_section(s, 0, 0, 0x1111);
    put8(s, QEMU_VM_EOF);
    put8(s, QEMU_VM_VMDESCRIPTION);
    put32(s, 2);
    put(s, "{}", 2);
    ck_assert_int_eq(load_all(s->data, s->len, NULL), 0);
    ck_assert_uint_eq(p->a.reg, 0x1111);
    ck_assert_int_eq(load_all(s->data, s->len - 1, NULL), 0);
    g_byte_array_free(s, TRUE);
}
END_TEST

static Suite *savevm_suite(void)
{
    Suite *s = suite_create("savevm");
    TCase *tc = tcase_create("framing");

    tcase_add_test(tc, test_stream_framing);
    tcase_add_test(tc, test_empty_stream_matches_qemu_header);
    tcase_add_test(tc, test_machine_setting);
    tcase_add_test(tc, test_pl011_section_matches_qemu);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_load_matches_by_idstr);
    tcase_add_test(tc, test_not_needed_section_skipped);
    tcase_add_test(tc, test_vmdescription_skipped);
    tcase_add_test(tc, test_vmdesc_arrays);
    suite_add_tcase(s, tc);

    tc = tcase_create("registration");
    tcase_add_test(tc, test_unmigratable_blocks_save);
    tcase_add_test(tc, test_priority_order);
    tcase_add_test(tc, test_register_instances);
    tcase_add_test(tc, test_vmstate_if_id);
    tcase_add_test(tc, test_idstr_too_long);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed");
    tcase_add_test(tc, test_unknown_section_rejected);
    tcase_add_test(tc, test_unknown_instance_rejected);
    tcase_add_test(tc, test_qemu_ram_section_rejected);
    tcase_add_test(tc, test_iterative_section_rejected);
    tcase_add_test(tc, test_bad_header);
    tcase_add_test(tc, test_config_without_page_bits);
    tcase_add_test(tc, test_config_name_too_long);
    tcase_add_test(tc, test_bad_footer);
    tcase_add_test(tc, test_section_version_too_new);
    tcase_add_test(tc, test_truncated_everywhere);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(savevm_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
