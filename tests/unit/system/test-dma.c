/*
 * Unit tests for sysemu/dma.h: DMA into RAM goes straight to host memory,
 * DMA that leaves RAM is reported, dma_memory_set fills, and everything
 * takes QEMU 7.2's MemTxAttrs and returns a MemTxResult.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "sysemu/dma.h"
#include "exec/address-spaces.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qom/object.h"

#define TYPE_TEST_BOARD "test-dma-board"
OBJECT_DECLARE_SIMPLE_TYPE(TestBoard, TEST_BOARD)

struct TestBoard {
    Object parent_obj;
    MemoryRegion root;
    MemoryRegion ram;
    MemoryRegion mmio;
    uint32_t last_write;
    hwaddr last_addr;
};

static const TypeInfo test_board_info = {
    .name = TYPE_TEST_BOARD,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(TestBoard),
};

static uint64_t reg_read(void *opaque, hwaddr addr, unsigned size)
{
    (void)opaque;
    (void)size;
    return 0xa0 + addr;
}

static void reg_write(void *opaque, hwaddr addr, uint64_t data, unsigned size)
{
    TestBoard *b = opaque;

    (void)size;
    b->last_addr = addr;
    b->last_write = data;
}

static const MemoryRegionOps reg_ops = {
    .read = reg_read,
    .write = reg_write,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

#define RAM_BASE 0x40000000
#define RAM_SIZE 0x10000
#define MMIO_BASE 0x09000000

static size_t live_at_start;
static TestBoard *board;
static AddressSpace as;
static uint8_t *ram;

static void setup(void)
{
    get_system_memory();
    live_at_start = qemu_shim_live_objects();
    board = TEST_BOARD(object_new(TYPE_TEST_BOARD));
    memory_region_init(&board->root, OBJECT(board), "root", UINT64_MAX);
    memory_region_init_ram(&board->ram, OBJECT(board), "ram", RAM_SIZE,
                           &error_abort);
    memory_region_init_io(&board->mmio, OBJECT(board), &reg_ops, board,
                          "regs", 0x100);
    memory_region_add_subregion(&board->root, RAM_BASE, &board->ram);
    memory_region_add_subregion(&board->root, MMIO_BASE, &board->mmio);
    address_space_init(&as, &board->root, "dma-test");
    ram = memory_region_get_ram_ptr(&board->ram);
}

static void teardown(void)
{
    address_space_destroy(&as);
    memory_region_del_subregion(&board->root, &board->ram);
    memory_region_del_subregion(&board->root, &board->mmio);
    object_unref(OBJECT(board));
    ck_assert_uint_eq(qemu_shim_live_objects(), live_at_start);
}

START_TEST(test_dma_round_trip)
{
    uint8_t out[300], in[300];

    for (unsigned i = 0; i < sizeof(out); i++) {
        out[i] = i * 7;
    }
    ck_assert_uint_eq(dma_memory_write(&as, RAM_BASE + 0x101, out,
                                       sizeof(out), MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    ck_assert_mem_eq(ram + 0x101, out, sizeof(out));
    memset(in, 0, sizeof(in));
    ck_assert_uint_eq(dma_memory_read(&as, RAM_BASE + 0x101, in, sizeof(in),
                                      MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    ck_assert_mem_eq(in, out, sizeof(out));
    ck_assert_uint_eq(ram[0x100], 0);
    ck_assert_uint_eq(ram[0x101 + sizeof(out)], 0);
}
END_TEST

START_TEST(test_dma_rw_direction)
{
    uint8_t b = 0x5c;

    ck_assert_uint_eq(dma_memory_rw(&as, RAM_BASE, &b, 1,
                                    DMA_DIRECTION_FROM_DEVICE,
                                    MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    ck_assert_uint_eq(ram[0], 0x5c);
    ram[1] = 0x77;
    ck_assert_uint_eq(dma_memory_rw(&as, RAM_BASE + 1, &b, 1,
                                    DMA_DIRECTION_TO_DEVICE,
                                    MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    ck_assert_uint_eq(b, 0x77);
}
END_TEST

START_TEST(test_dma_set)
{
    ram[0x1ff] = 1;
    ram[0x200 + 1000] = 2;
    ck_assert_uint_eq(dma_memory_set(&as, RAM_BASE + 0x200, 0xee, 1000,
                                     MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    for (unsigned i = 0; i < 1000; i++) {
        ck_assert_uint_eq(ram[0x200 + i], 0xee);
    }
    ck_assert_uint_eq(ram[0x1ff], 1);
    ck_assert_uint_eq(ram[0x200 + 1000], 2);
}
END_TEST

START_TEST(test_dma_past_ram_end)
{
    uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    g_autofree char *log = NULL;

    /* 4 bytes land in RAM, 4 fall off its end. */
    qemu_shim_log_capture_start();
    ck_assert_uint_eq(dma_memory_write(&as, RAM_BASE + RAM_SIZE - 4, buf, 8,
                                       MEMTXATTRS_UNSPECIFIED),
                      MEMTX_DECODE_ERROR);
    log = qemu_shim_log_capture_take();
    ck_assert_mem_eq(ram + RAM_SIZE - 4, buf, 4);
    ck_assert_str_eq(log, "Invalid write at addr 0x40010000, size 4, "
                          "region '(null)', reason: rejected\n");

    /* Read back across the end: the rest reads as 0. */
    memset(buf, 0xff, sizeof(buf));
    qemu_set_log(0, &error_abort);
    ck_assert_uint_eq(dma_memory_read(&as, RAM_BASE + RAM_SIZE - 2, buf, 8,
                                      MEMTXATTRS_UNSPECIFIED),
                      MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(buf[0], 3);
    ck_assert_uint_eq(buf[1], 4);
    for (unsigned i = 2; i < 8; i++) {
        ck_assert_uint_eq(buf[i], 0);
    }
}
END_TEST

START_TEST(test_dma_to_mmio)
{
    uint32_t val = 0x12345678;
    uint8_t buf[2];

    /* DMA to a device's registers goes through its ops like any access. */
    ck_assert_uint_eq(dma_memory_write(&as, MMIO_BASE + 8, &val, 4,
                                       MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    ck_assert_uint_eq(board->last_addr, 8);
    ck_assert_uint_eq(board->last_write, 0x12345678);
    ck_assert_uint_eq(dma_memory_read(&as, MMIO_BASE + 4, buf, 1,
                                      MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    ck_assert_uint_eq(buf[0], 0xa4);
}
END_TEST

START_TEST(test_dma_valid)
{
    qemu_set_log(0, &error_abort);
    ck_assert(dma_memory_valid(&as, RAM_BASE, RAM_SIZE,
                               DMA_DIRECTION_FROM_DEVICE,
                               MEMTXATTRS_UNSPECIFIED));
    ck_assert(!dma_memory_valid(&as, RAM_BASE + RAM_SIZE - 1, 2,
                                DMA_DIRECTION_TO_DEVICE,
                                MEMTXATTRS_UNSPECIFIED));
}
END_TEST

START_TEST(test_dma_system_memory)
{
    uint8_t buf[4] = { 9, 8, 7, 6 };
    uint8_t back[4];

    /* The machine's RAM in address_space_memory, as a board maps it. */
    memory_region_del_subregion(&board->root, &board->ram);
    memory_region_add_subregion(get_system_memory(), RAM_BASE, &board->ram);
    ck_assert_uint_eq(dma_memory_write(&address_space_memory, RAM_BASE + 12,
                                       buf, 4, MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    ck_assert_mem_eq(ram + 12, buf, 4);
    ck_assert_uint_eq(dma_memory_read(&address_space_memory, RAM_BASE + 12,
                                      back, 4, MEMTXATTRS_UNSPECIFIED),
                      MEMTX_OK);
    ck_assert_mem_eq(back, buf, 4);
    memory_region_del_subregion(get_system_memory(), &board->ram);
    memory_region_add_subregion(&board->root, RAM_BASE, &board->ram);
}
END_TEST

static Suite *dma_suite(void)
{
    Suite *s = suite_create("dma");
    TCase *tc = tcase_create("dma");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_dma_round_trip);
    tcase_add_test(tc, test_dma_rw_direction);
    tcase_add_test(tc, test_dma_set);
    tcase_add_test(tc, test_dma_past_ram_end);
    tcase_add_test(tc, test_dma_to_mmio);
    tcase_add_test(tc, test_dma_valid);
    tcase_add_test(tc, test_dma_system_memory);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    module_call_init(MODULE_INIT_QOM);
    type_register_static(&test_board_info);
    qemu_set_log(LOG_GUEST_ERROR, &error_abort);

    sr = srunner_create(dma_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
