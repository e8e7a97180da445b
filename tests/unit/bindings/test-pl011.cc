/*
 * The C++ PL011 (hw-char-pl011.so) against the C reference
 * (hw-char-pl011-c.so), both loaded as modules into one process: after
 * the same register accesses, received bytes and breaks, their reads,
 * interrupt lines, transmitted bytes, log lines and migration bytes must
 * be identical. A smoke version of tests/diff's lockstep engine, plus the
 * luminary ID bytes and the post_load bounds check.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "chardev/char.h"
#include "exec/address-spaces.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "hw/sysbus.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"

#include <string>
#include <vector>

#include "bindings-test.h"
#include "check-defaults.h"
#include "qemu-cxx/bql.hh"

/* One UART under test: the device, its chardev and what it did. */
struct Uart {
    DeviceState *dev;
    Chardev *chr;
    hwaddr base;
    qemu_irq lines[6];
    std::string irqs; /* "L<line>=<level> " per qemu_set_irq call */
};

static void irq_handler(void *opaque, int n, int level)
{
    auto *u = static_cast<Uart *>(opaque);
    u->irqs += "L" + std::to_string(n) + "=" + std::to_string(level) + " ";
}

static void load_modules()
{
    const char *dir = getenv("QEMU_CXX_MODULE_DIR");
    ck_assert_ptr_nonnull(dir);
    for (const char *name : {"hw-char-pl011.so", "hw-char-pl011-c.so"}) {
        g_autofree char *path = g_build_filename(dir, name, nullptr);
        qemu_shim_module_load(path, &error_abort);
    }
}

static void setup()
{
    bindings_test::setup([] {
        load_modules();
        container_get(qdev_get_machine(), "/unattached");
        container_get(object_get_root(), "/chardevs");
        sysbus_get_default();
        get_system_memory();
    });
    qemu_mutex_lock_iothread();
}

static void teardown()
{
    qemu_mutex_unlock_iothread();
    bindings_test::check_no_leak();
}

static Uart *uart_new(const char *type, const char *chr_id, hwaddr base,
                      bool migrate_clk = true)
{
    auto *u = new Uart();
    g_autofree char *opts = g_strdup_printf("x-memory,id=%s", chr_id);
    u->chr = qemu_shim_chr_new_from_opts(opts, &error_abort);
    u->dev = qdev_new(type);
    qdev_prop_set_chr(u->dev, "chardev", u->chr);
    qdev_prop_set_bit(u->dev, "migrate-clk", migrate_clk);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(u->dev), &error_abort);
    sysbus_mmio_map(SYS_BUS_DEVICE(u->dev), 0, base);
    for (int i = 0; i < 6; i++) {
        u->lines[i] = qemu_allocate_irq(irq_handler, u, i);
        sysbus_connect_irq(SYS_BUS_DEVICE(u->dev), i, u->lines[i]);
    }
    u->base = base;
    return u;
}

static void uart_free(Uart *u)
{
    sysbus_mmio_unmap(SYS_BUS_DEVICE(u->dev), 0);
    object_unparent(OBJECT(u->dev));
    for (qemu_irq line : u->lines) { /* connecting parented it */
        object_unparent(OBJECT(line));
        qemu_free_irq(line);
    }
    qemu_shim_chr_remove(u->chr->label, &error_abort);
    delete u;
}

static uint64_t rd(Uart *u, hwaddr off, unsigned size = 4)
{
    uint64_t v = 0;
    address_space_read(&address_space_memory, u->base + off,
                       MEMTXATTRS_UNSPECIFIED, &v, size);
    return v;
}

static void wr(Uart *u, hwaddr off, uint64_t v, unsigned size = 4)
{
    address_space_write(&address_space_memory, u->base + off,
                        MEMTXATTRS_UNSPECIFIED, &v, size);
}

static std::string take_output(Uart *u)
{
    GByteArray *out = qemu_shim_chr_memory_take_output(u->chr);
    std::string s(reinterpret_cast<char *>(out->data), out->len);
    g_byte_array_unref(out);
    return s;
}

static std::vector<uint8_t> save(Uart *u)
{
    QEMUFile *f = qemu_shim_file_new_output();
    const VMStateDescription *vmsd = DEVICE_GET_CLASS(u->dev)->vmsd;
    ck_assert_int_eq(qemu_shim_vmstate_save(f, vmsd, u->dev, &error_abort),
                     0);
    size_t len;
    const uint8_t *data = qemu_shim_file_output_data(f, &len);
    std::vector<uint8_t> v(data, data + len);
    qemu_fclose(f);
    return v;
}

static void run_main_loop()
{
    for (int i = 0; i < 8; i++) {
        main_loop_wait(1);
    }
}

/* One step applied to both UARTs; every observable must match. */
struct Pair {
    Uart *cxx, *c;
    std::string log_cxx, log_c;

    uint64_t read(hwaddr off, unsigned size = 4)
    {
        qemu_shim_log_capture_start();
        uint64_t a = rd(cxx, off, size);
        log_cxx += g_autofree_take();
        qemu_shim_log_capture_start();
        uint64_t b = rd(c, off, size);
        log_c += g_autofree_take();
        ck_assert_msg(a == b, "read 0x%x: C++ 0x%" PRIx64 " C 0x%" PRIx64,
                      unsigned(off), a, b);
        return a;
    }

    void write(hwaddr off, uint64_t v, unsigned size = 4)
    {
        qemu_shim_log_capture_start();
        wr(cxx, off, v, size);
        log_cxx += g_autofree_take();
        qemu_shim_log_capture_start();
        wr(c, off, v, size);
        log_c += g_autofree_take();
    }

    void input(const std::string &bytes)
    {
        for (Uart *u : {cxx, c}) {
            qemu_shim_chr_memory_push(
                u->chr, reinterpret_cast<const uint8_t *>(bytes.data()),
                bytes.size());
        }
        run_main_loop();
    }

    void brk()
    {
        for (Uart *u : {cxx, c}) {
            qemu_shim_chr_send_break(u->chr->label, &error_abort);
        }
        run_main_loop();
    }

    void check()
    {
        ck_assert_str_eq(cxx->irqs.c_str(), c->irqs.c_str());
        ck_assert(take_output(cxx) == take_output(c));
        ck_assert_str_eq(log_cxx.c_str(), log_c.c_str());
        ck_assert(save(cxx) == save(c));
        ck_assert_uint_eq(qemu_shim_chr_memory_pending(cxx->chr),
                          qemu_shim_chr_memory_pending(c->chr));
    }

    static std::string g_autofree_take()
    {
        g_autofree char *s = qemu_shim_log_capture_take();
        return s ? s : "";
    }
};

START_TEST(test_types_registered)
{
    ObjectClass *oc = object_class_by_name("pl011-cxx");
    ck_assert_ptr_nonnull(oc);
    ck_assert_ptr_nonnull(object_class_dynamic_cast(oc, TYPE_SYS_BUS_DEVICE));
    ObjectClass *lum = object_class_by_name("pl011_luminary-cxx");
    ck_assert_ptr_nonnull(lum);
    ck_assert_str_eq(object_class_get_name(object_class_get_parent(lum)),
                     "pl011-cxx");
    /* QEMU's own type names stay free, so the module loads into QEMU... */
    ck_assert_ptr_null(object_class_by_name("pl011"));
    ck_assert_ptr_null(object_class_by_name("pl011_luminary"));
    /* ...while the migration section keeps QEMU's name. */
    DeviceClass *dc = DEVICE_CLASS(oc);
    ck_assert_str_eq(dc->vmsd->name, "pl011");
    ck_assert_int_eq(dc->vmsd->version_id, 2);
    ck_assert_int_eq(dc->vmsd->minimum_version_id, 2);
    ck_assert_str_eq(dc->vmsd->subsections[0]->name, "pl011/clock");
}
END_TEST

START_TEST(test_device_surface)
{
    Uart *u = uart_new("pl011-cxx", "s0", 0x1000);
    SysBusDevice *sbd = SYS_BUS_DEVICE(u->dev);
    MemoryRegion *mr = sysbus_mmio_get_region(sbd, 0);
    ck_assert_str_eq(memory_region_name(mr), "pl011");
    ck_assert_uint_eq(memory_region_size(mr), 0x1000);
    ck_assert(sysbus_has_irq(sbd, 5) && !sysbus_has_irq(sbd, 6));
    ck_assert_ptr_nonnull(qdev_get_clock_in(u->dev, "clk"));
    ck_assert(object_property_get_bool(OBJECT(u->dev), "migrate-clk",
                                       &error_abort));
    uart_free(u);
}
END_TEST

/* migrate-clk's default (on) is what both types read after init. */
START_TEST(test_defaults_after_construction)
{
    for (const char *t : {"pl011-cxx", "pl011_luminary-cxx", "pl011-c"}) {
        ck_assert_int_eq(bindings_test::check_defaults(t), 1);
    }
}
END_TEST

START_TEST(test_id_bytes)
{
    static const uint8_t arm[] = {0x11, 0x10, 0x14, 0x00,
                                  0x0d, 0xf0, 0x05, 0xb1};
    static const uint8_t lum[] = {0x11, 0x00, 0x18, 0x01,
                                  0x0d, 0xf0, 0x05, 0xb1};
    Uart *a = uart_new("pl011-cxx", "i0", 0x1000);
    Uart *l = uart_new("pl011_luminary-cxx", "i1", 0x2000);
    for (int i = 0; i < 8; i++) {
        ck_assert_uint_eq(rd(a, 0xfe0 + 4 * i), arm[i]);
        ck_assert_uint_eq(rd(l, 0xfe0 + 4 * i), lum[i]);
    }
    uart_free(a);
    uart_free(l);
}
END_TEST

/* The same scenario on (C++ type, C type); everything must agree. */
static void lockstep(const char *cxx_type, const char *c_type, bool clk)
{
    Pair p{uart_new(cxx_type, "a", 0x1000, clk),
           uart_new(c_type, "b", 0x2000, clk), "", ""};

    for (hwaddr off = 0; off < 0x1000; off += 4) {
        p.read(off);
    }
    p.check();
    p.write(0x38, 0x7ff);               /* IMSC: all */
    p.write(0x00, 'h');                 /* TX */
    p.write(0x00, 0x169, 1);            /* narrow, high bits dropped */
    p.write(0x44, 0x20);                /* ICR TX */
    p.input("xy");                      /* FEN clear: one byte only */
    p.check();
    p.read(0x18);
    p.read(0x00);
    p.read(0x00);                       /* empty: stale slot */
    p.read(0x04);
    p.write(0x2c, 0x10);                /* FEN on */
    p.input("0123456789abcdefghij");    /* 16 taken, rest pending */
    p.check();
    for (int i = 0; i < 18; i++) {
        p.read(0x00);
        p.read(0x18);
        p.read(0x3c);
    }
    p.check();
    p.brk();                            /* 0x400 into the FIFO */
    p.read(0x00);
    p.read(0x04);
    p.write(0x04, 0);
    p.write(0x2c, 0x11);                /* BRK on: ioctl */
    p.write(0x2c, 0x00);                /* FEN toggle keeps flags */
    p.read(0x18);
    p.write(0x31, 0x01, 1);             /* writeb: zero-extended into CR */
    p.read(0x30);
    p.write(0x34, 0x3f);
    p.write(0x24, 0xffffffff);          /* IBRD, FBRD: zero divisor */
    p.write(0x28, 0);
    p.write(0x48, 3);                   /* LOG_UNIMP DMA */
    p.write(0x3c, 1);                   /* bad offsets */
    p.read(0x44);
    p.write(0xfe0, 1);
    p.read(0x1000 - 4, 2);
    p.read(0x00, 8);
    p.check();
    uart_free(p.cxx);
    uart_free(p.c);
}

START_TEST(test_lockstep_pl011)
{
    qemu_set_log(LOG_GUEST_ERROR | LOG_UNIMP, &error_abort);
    lockstep("pl011-cxx", "pl011-c", true);
}
END_TEST

START_TEST(test_lockstep_luminary_no_clock_subsection)
{
    qemu_set_log(LOG_GUEST_ERROR | LOG_UNIMP, &error_abort);
    lockstep("pl011_luminary-cxx", "pl011_luminary-c", false);
}
END_TEST

/*
 * The RX line rises outside the device's borrow: a line handler that
 * reads the device back (as a board's interrupt controller model may)
 * sees the new flags instead of aborting on an aliased borrow.
 */
static uint64_t fr_seen;
static void reading_handler(void *opaque, int, int level)
{
    if (level) {
        fr_seen = rd(static_cast<Uart *>(opaque), 0x18);
    }
}

START_TEST(test_irq_raised_outside_the_borrow)
{
    Uart *u = uart_new("pl011-cxx", "r0", 0x1000);
    qemu_irq line = qemu_allocate_irq(reading_handler, u, 1);
    sysbus_connect_irq(SYS_BUS_DEVICE(u->dev), 1, line);
    wr(u, 0x38, 0x10);
    qemu_shim_chr_memory_push(u->chr, reinterpret_cast<const uint8_t *>("q"),
                              1);
    run_main_loop();
    ck_assert_uint_eq(fr_seen & 0x10, 0);   /* RXFE clear: a byte waits */
    ck_assert_uint_eq(rd(u, 0x00), 'q');
    object_unparent(OBJECT(line));
    qemu_free_irq(line);
    uart_free(u);
}
END_TEST

START_TEST(test_migration_round_trip_and_bounds)
{
    Uart *a = uart_new("pl011-cxx", "m0", 0x1000);
    wr(a, 0x38, 0x10);
    qemu_shim_chr_memory_push(a->chr, reinterpret_cast<const uint8_t *>("z"),
                              1);
    run_main_loop();
    std::vector<uint8_t> bytes = save(a);
    ck_assert_uint_eq(bytes.size() > 124, true);

    Uart *b = uart_new("pl011-cxx", "m1", 0x2000);
    const VMStateDescription *vmsd = DEVICE_GET_CLASS(b->dev)->vmsd;
    QEMUFile *f = qemu_shim_file_new_input(bytes.data(), bytes.size());
    ck_assert_int_eq(qemu_shim_vmstate_load(f, vmsd, b->dev, 2,
                                            &error_abort), 0);
    qemu_fclose(f);
    ck_assert(save(b) == bytes);
    ck_assert_uint_eq(rd(b, 0x00), 'z');

    /* read_pos (the i32 at byte 112) out of range: rejected, unchanged. */
    std::vector<uint8_t> bad = bytes;
    bad[112 + 3] = 16;
    Error *err = nullptr;
    f = qemu_shim_file_new_input(bad.data(), bad.size());
    ck_assert_int_ne(qemu_shim_vmstate_load(f, vmsd, b->dev, 2, &err), 0);
    qemu_fclose(f);
    ck_assert_ptr_nonnull(err);
    error_free(err);
    uart_free(a);
    uart_free(b);
}
END_TEST

/* State is touched only with the BQL: an MMIO access without it aborts. */
START_TEST(test_access_without_bql_aborts)
{
    Uart *u = uart_new("pl011-cxx", "n0", 0x1000);
    qemu_mutex_unlock_iothread();
    rd(u, 0x18);
}
END_TEST

int main()
{
    Suite *s = suite_create("bindings-pl011");
    TCase *tc = tcase_create("pl011");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_types_registered);
    tcase_add_test(tc, test_device_surface);
    tcase_add_test(tc, test_defaults_after_construction);
    tcase_add_test(tc, test_id_bytes);
    tcase_add_test(tc, test_lockstep_pl011);
    tcase_add_test(tc, test_lockstep_luminary_no_clock_subsection);
    tcase_add_test(tc, test_migration_round_trip_and_bounds);
    tcase_add_test(tc, test_irq_raised_outside_the_borrow);
    suite_add_tcase(s, tc);

    TCase *abort_tc = tcase_create("bql");
    tcase_add_checked_fixture(abort_tc, setup, nullptr);
    tcase_add_test_raise_signal(abort_tc, test_access_without_bql_aborts,
                                SIGABRT);
    suite_add_tcase(s, abort_tc);
    return bindings_test::run(s);
}
