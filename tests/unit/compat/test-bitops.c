/*
 * Unit tests for qemu/bitops.h, qemu/host-utils.h and qemu/units.h: bit
 * numbers and masks, bitmap operations across word boundaries, searches,
 * rotates, extract/deposit values and the asserts on fields that do not fit.
 */
#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/host-utils.h"
#include "qemu/units.h"
#include "hw/qdev-core.h"
#include "compat-test.h"

START_TEST(test_masks)
{
    ck_assert_uint_eq(BITS_PER_LONG, sizeof(long) * 8);
    ck_assert_uint_eq(BIT(0), 1);
    ck_assert_uint_eq(BIT(5), 0x20);
    ck_assert_uint_eq(BIT_ULL(40), UINT64_C(0x10000000000));
    ck_assert_uint_eq(BIT_MASK(BITS_PER_LONG + 3), 8);
    ck_assert_uint_eq(BIT_WORD(BITS_PER_LONG + 3), 1);
    ck_assert_uint_eq(BITS_TO_LONGS(0), 0);
    ck_assert_uint_eq(BITS_TO_LONGS(1), 1);
    ck_assert_uint_eq(BITS_TO_LONGS(BITS_PER_LONG), 1);
    ck_assert_uint_eq(BITS_TO_LONGS(BITS_PER_LONG + 1), 2);
    ck_assert_uint_eq(MAKE_64BIT_MASK(4, 8), 0xff0);
    ck_assert_uint_eq(MAKE_64BIT_MASK(0, 64), UINT64_MAX);
    ck_assert_uint_eq(MAKE_64BIT_MASK(63, 1), UINT64_C(1) << 63);
}
END_TEST

START_TEST(test_bitmap_ops)
{
    unsigned long map[BITS_TO_LONGS(130)] = { 0 };
    long top = 2 * BITS_PER_LONG + 1;

    set_bit(0, map);
    set_bit(BITS_PER_LONG, map);
    set_bit(top, map);
    ck_assert_uint_eq(map[0], 1);
    ck_assert_uint_eq(map[1], 1);
    ck_assert_uint_eq(map[2], 2);
    ck_assert_int_eq(test_bit(top, map), 1);
    ck_assert_int_eq(test_bit(top - 1, map), 0);

    clear_bit(BITS_PER_LONG, map);
    ck_assert_uint_eq(map[1], 0);
    change_bit(3, map);
    ck_assert_uint_eq(map[0], 9);
    change_bit(3, map);
    ck_assert_uint_eq(map[0], 1);

    ck_assert_int_eq(test_and_set_bit(7, map), 0);
    ck_assert_int_eq(test_and_set_bit(7, map), 1);
    ck_assert_int_eq(test_and_clear_bit(7, map), 1);
    ck_assert_int_eq(test_and_clear_bit(7, map), 0);
    ck_assert_int_eq(test_and_change_bit(9, map), 0);
    ck_assert_int_eq(test_and_change_bit(9, map), 1);
    ck_assert_uint_eq(map[0], 1);
}
END_TEST

/* DeviceClass::categories is a bitmap; QEMU devices set_bit() into it. */
START_TEST(test_device_categories)
{
    DeviceClass dc;

    memset(&dc, 0, sizeof(dc));
    set_bit(DEVICE_CATEGORY_MISC, dc.categories);
    set_bit(DEVICE_CATEGORY_WATCHDOG, dc.categories);
    ck_assert(test_bit(DEVICE_CATEGORY_MISC, dc.categories));
    ck_assert(!test_bit(DEVICE_CATEGORY_CPU, dc.categories));
    ck_assert_uint_eq(find_first_bit(dc.categories, DEVICE_CATEGORY_MAX),
                      DEVICE_CATEGORY_MISC);
    ck_assert_uint_eq(find_last_bit(dc.categories, DEVICE_CATEGORY_MAX),
                      DEVICE_CATEGORY_WATCHDOG);
}
END_TEST

START_TEST(test_find_bits)
{
    unsigned long map[3] = { 0 };
    unsigned long size = 3 * BITS_PER_LONG;

    ck_assert_uint_eq(find_first_bit(map, size), size);
    ck_assert_uint_eq(find_last_bit(map, size), size);
    ck_assert_uint_eq(find_first_zero_bit(map, size), 0);

    set_bit(5, map);
    set_bit(BITS_PER_LONG + 2, map);
    set_bit(size - 1, map);
    ck_assert_uint_eq(find_first_bit(map, size), 5);
    ck_assert_uint_eq(find_next_bit(map, size, 5), 5);
    ck_assert_uint_eq(find_next_bit(map, size, 6), BITS_PER_LONG + 2);
    ck_assert_uint_eq(find_next_bit(map, size, BITS_PER_LONG + 3), size - 1);
    ck_assert_uint_eq(find_next_bit(map, size, size), size);
    ck_assert_uint_eq(find_next_bit(map, size, size + 10), size);
    ck_assert_uint_eq(find_last_bit(map, size), size - 1);
    /* A set bit beyond @size does not count. */
    ck_assert_uint_eq(find_next_bit(map, size - 1, 6), BITS_PER_LONG + 2);
    ck_assert_uint_eq(find_next_bit(map, BITS_PER_LONG + 2, 6),
                      BITS_PER_LONG + 2);
    ck_assert_uint_eq(find_last_bit(map, size - 1), BITS_PER_LONG + 2);
    ck_assert_uint_eq(find_last_bit(map, 5), 5);
    ck_assert_uint_eq(find_last_bit(map, 6), 5);

    map[0] = ~0UL;
    ck_assert_uint_eq(find_first_zero_bit(map, size), BITS_PER_LONG);
    ck_assert_uint_eq(find_next_zero_bit(map, size, BITS_PER_LONG + 2),
                      BITS_PER_LONG + 3);
    map[1] = map[2] = ~0UL;
    ck_assert_uint_eq(find_first_zero_bit(map, size), size);
    ck_assert_uint_eq(find_first_zero_bit(map, 10), 10);
}
END_TEST

START_TEST(test_rotates)
{
    ck_assert_uint_eq(rol8(0x81, 1), 0x03);
    ck_assert_uint_eq(ror8(0x81, 1), 0xc0);
    ck_assert_uint_eq(rol16(0x8001, 4), 0x0018);
    ck_assert_uint_eq(ror16(0x8001, 4), 0x1800);
    ck_assert_uint_eq(rol32(0x80000001, 1), 0x00000003);
    ck_assert_uint_eq(ror32(0x80000001, 1), 0xc0000000);
    ck_assert_uint_eq(rol32(0x12345678, 0), 0x12345678);
    ck_assert_uint_eq(rol32(0x12345678, 32), 0x12345678);
    ck_assert_uint_eq(rol32(0x12345678, 8), 0x34567812);
    ck_assert_uint_eq(ror32(0x12345678, 8), 0x78123456);
    ck_assert_uint_eq(rol64(UINT64_C(0x8000000000000001), 4), 0x18);
    ck_assert_uint_eq(ror64(UINT64_C(0x0123456789abcdef), 16),
                      UINT64_C(0xcdef0123456789ab));
    ck_assert_uint_eq(ror64(1, 0), 1);
}
END_TEST

START_TEST(test_extract)
{
    ck_assert_uint_eq(extract32(0x12345678, 0, 32), 0x12345678);
    ck_assert_uint_eq(extract32(0x12345678, 4, 8), 0x67);
    ck_assert_uint_eq(extract32(0x80000000, 31, 1), 1);
    ck_assert_uint_eq(extract8(0xa5, 4, 4), 0xa);
    ck_assert_uint_eq(extract16(0xbeef, 8, 8), 0xbe);
    ck_assert_uint_eq(extract64(UINT64_C(0xfedcba9876543210), 32, 32),
                      0xfedcba98);
    ck_assert_uint_eq(extract64(UINT64_MAX, 0, 64), UINT64_MAX);

    ck_assert_int_eq(sextract32(0x00000f00, 8, 4), -1);
    ck_assert_int_eq(sextract32(0x00000700, 8, 4), 7);
    ck_assert_int_eq(sextract32(0x80000000, 0, 32), INT32_MIN);
    ck_assert_int_eq(sextract8(0x80, 4, 4), -8);
    ck_assert_int_eq(sextract16(0x0180, 7, 2), -1);
    ck_assert_int_eq(sextract64(UINT64_C(0x8000000000000000), 60, 4), -8);
    ck_assert_int_eq(sextract64(UINT64_C(0x123), 0, 12), 0x123);
}
END_TEST

START_TEST(test_deposit)
{
    ck_assert_uint_eq(deposit32(0xffffffff, 8, 8, 0), 0xffff00ff);
    ck_assert_uint_eq(deposit32(0, 8, 8, 0x1ab), 0xab00);   /* field only */
    ck_assert_uint_eq(deposit32(0x12345678, 0, 32, 0xcafe), 0xcafe);
    ck_assert_uint_eq(deposit32(0, 31, 1, 1), 0x80000000);
    ck_assert_uint_eq(deposit64(0, 32, 16, 0xffffffff),
                      UINT64_C(0x0000ffff00000000));
    ck_assert_uint_eq(deposit64(UINT64_MAX, 60, 4, 0),
                      UINT64_C(0x0fffffffffffffff));
}
END_TEST

/* A field outside its word is a programming error: assert, as QEMU does. */
START_TEST(test_extract_out_of_range)
{
    volatile int start = 30;

    extract32(1, start, 4);
}
END_TEST

START_TEST(test_deposit_zero_length)
{
    volatile int length = 0;

    deposit64(1, 0, length, 0);
}
END_TEST

START_TEST(test_host_utils)
{
    ck_assert_int_eq(clz32(0), 32);
    ck_assert_int_eq(clz32(1), 31);
    ck_assert_int_eq(clz64(0), 64);
    ck_assert_int_eq(clz64(UINT64_C(1) << 40), 23);
    ck_assert_int_eq(clo32(0xf0000000), 4);
    ck_assert_int_eq(clo64(UINT64_MAX), 64);
    ck_assert_int_eq(ctz32(0), 32);
    ck_assert_int_eq(ctz32(0x100), 8);
    ck_assert_int_eq(ctz64(0), 64);
    ck_assert_int_eq(cto32(0x7), 3);
    ck_assert_int_eq(cto64(UINT64_MAX), 64);
    ck_assert_int_eq(clrsb32(0xffff0000), 15);
    ck_assert_int_eq(clrsb64(1), 62);
    ck_assert_int_eq(ctpop8(0xff), 8);
    ck_assert_int_eq(ctpop16(0x8001), 2);
    ck_assert_int_eq(ctpop32(0xf0f0f0f0), 16);
    ck_assert_int_eq(ctpop64(UINT64_MAX), 64);
    ck_assert_int_eq(ctzl(0), (int)BITS_PER_LONG);
    ck_assert_int_eq(clzl(1), (int)BITS_PER_LONG - 1);
    ck_assert_int_eq(ctpopl(~0UL), (int)BITS_PER_LONG);

    ck_assert_uint_eq(revbit8(0x01), 0x80);
    ck_assert_uint_eq(revbit16(0x0003), 0xc000);
    ck_assert_uint_eq(revbit32(0x12345678), 0x1e6a2c48);
    ck_assert_uint_eq(revbit64(1), UINT64_C(1) << 63);

    /* (2^63 * 10) / 20 overflows 64 bits in the middle. */
    ck_assert_uint_eq(muldiv64(UINT64_C(1) << 63, 10, 20), UINT64_C(1) << 62);
    ck_assert_uint_eq(muldiv64(1000000000, 3, 7), 428571428);

    {
        uint64_t lo, hi;

        mulu64(&lo, &hi, UINT64_MAX, UINT64_MAX);
        ck_assert_uint_eq(lo, 1);
        ck_assert_uint_eq(hi, UINT64_MAX - 1);
        muls64(&lo, &hi, -1, 5);
        ck_assert_uint_eq(lo, (uint64_t)-5);
        ck_assert_uint_eq(hi, UINT64_MAX);
    }

    ck_assert(is_power_of_2(1));
    ck_assert(is_power_of_2(UINT64_C(1) << 63));
    ck_assert(!is_power_of_2(0));
    ck_assert(!is_power_of_2(6));
    ck_assert_uint_eq(pow2floor(0), 0);
    ck_assert_uint_eq(pow2floor(1), 1);
    ck_assert_uint_eq(pow2floor(1000), 512);
    ck_assert_uint_eq(pow2ceil(0), 1);
    ck_assert_uint_eq(pow2ceil(1), 1);
    ck_assert_uint_eq(pow2ceil(1000), 1024);
    ck_assert_uint_eq(pow2ceil(1024), 1024);
    ck_assert_uint_eq(pow2ceil((UINT64_C(1) << 63) + 1), 0);
}
END_TEST

START_TEST(test_units)
{
    ck_assert_int_eq(KiB, 1024);
    ck_assert_int_eq(4 * KiB, S_4KiB);
    ck_assert_int_eq(MiB, S_1MiB);
    ck_assert_int_eq(GiB, S_1GiB);
    ck_assert_int_eq(4 * GiB, S_4GiB);
    ck_assert_int_eq(TiB, INT64_C(1) << 40);
    ck_assert_int_eq(PiB, INT64_C(1) << 50);
    ck_assert_int_eq(EiB, INT64_C(1) << 60);
#if S_64KiB != 65536
#error S_64KiB must be usable in #if
#endif
}
END_TEST

static Suite *bitops_suite(void)
{
    Suite *s = suite_create("bitops");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_masks);
    tcase_add_test(tc, test_bitmap_ops);
    tcase_add_test(tc, test_device_categories);
    tcase_add_test(tc, test_find_bits);
    tcase_add_test(tc, test_rotates);
    tcase_add_test(tc, test_extract);
    tcase_add_test(tc, test_deposit);
    tcase_add_test_raise_signal(tc, test_extract_out_of_range, SIGABRT);
    tcase_add_test_raise_signal(tc, test_deposit_zero_length, SIGABRT);
    tcase_add_test(tc, test_host_utils);
    tcase_add_test(tc, test_units);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return compat_test_run(bitops_suite());
}
