/*
 * Unit tests for qemu/bswap.h: byte swaps, the cpu_to_* / *_to_cpu
 * conversions checked against the bytes they leave in memory, and the
 * ld*_p / st*_p accessors of every width and byte order at unaligned
 * addresses, including their sign extension.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "compat-test.h"

START_TEST(test_bswap)
{
    uint16_t h = 0x1234;
    uint32_t w = 0x12345678;
    uint64_t q = UINT64_C(0x0123456789abcdef);

    ck_assert_uint_eq(bswap16(0x1234), 0x3412);
    ck_assert_uint_eq(bswap32(0x12345678), 0x78563412);
    ck_assert_uint_eq(bswap64(UINT64_C(0x0123456789abcdef)),
                      UINT64_C(0xefcdab8967452301));
    bswap16s(&h);
    bswap32s(&w);
    bswap64s(&q);
    ck_assert_uint_eq(h, 0x3412);
    ck_assert_uint_eq(w, 0x78563412);
    ck_assert_uint_eq(q, UINT64_C(0xefcdab8967452301));
}
END_TEST

/* The in-memory bytes of a value converted to each byte order. */
START_TEST(test_cpu_conversions)
{
    uint32_t le = cpu_to_le32(0x11223344);
    uint32_t be = cpu_to_be32(0x11223344);
    uint16_t be16 = cpu_to_be16(0xa1b2);
    uint64_t le64 = cpu_to_le64(UINT64_C(0x0102030405060708));
    const uint8_t le_bytes[] = { 0x44, 0x33, 0x22, 0x11 };
    const uint8_t be_bytes[] = { 0x11, 0x22, 0x33, 0x44 };
    const uint8_t be16_bytes[] = { 0xa1, 0xb2 };
    const uint8_t le64_bytes[] = { 8, 7, 6, 5, 4, 3, 2, 1 };
    uint16_t s = 0x0102;

    ck_assert_mem_eq(&le, le_bytes, 4);
    ck_assert_mem_eq(&be, be_bytes, 4);
    ck_assert_mem_eq(&be16, be16_bytes, 2);
    ck_assert_mem_eq(&le64, le64_bytes, 8);
    ck_assert_uint_eq(le32_to_cpu(le), 0x11223344);
    ck_assert_uint_eq(be32_to_cpu(be), 0x11223344);
    ck_assert_uint_eq(be16_to_cpu(be16), 0xa1b2);
    ck_assert_uint_eq(le64_to_cpu(le64), UINT64_C(0x0102030405060708));
    ck_assert_uint_eq(be64_to_cpu(cpu_to_be64(42)), 42);
    ck_assert_uint_eq(le16_to_cpu(cpu_to_le16(0xbeef)), 0xbeef);
    ck_assert_uint_eq(const_le32(0x11223344), le);

    cpu_to_be16s(&s);
    ck_assert_mem_eq(&s, "\x01\x02", 2);
    be16_to_cpus(&s);
    ck_assert_uint_eq(s, 0x0102);
}
END_TEST

START_TEST(test_load_store)
{
    /* One spare byte in front: every access below is unaligned. */
    uint8_t buf[9];
    uint8_t *p = buf + 1;

    memset(buf, 0, sizeof(buf));
    stb_p(p, 0x80);
    ck_assert_int_eq(ldub_p(p), 0x80);
    ck_assert_int_eq(ldsb_p(p), -128);

    stw_le_p(p, 0x8001);
    ck_assert_mem_eq(p, "\x01\x80", 2);
    ck_assert_int_eq(lduw_le_p(p), 0x8001);
    ck_assert_int_eq(ldsw_le_p(p), -0x7fff);
    stw_be_p(p, 0x8001);
    ck_assert_mem_eq(p, "\x80\x01", 2);
    ck_assert_int_eq(lduw_be_p(p), 0x8001);
    ck_assert_int_eq(ldsw_be_p(p), -0x7fff);

    stl_le_p(p, 0xdeadbeef);
    ck_assert_mem_eq(p, "\xef\xbe\xad\xde", 4);
    ck_assert_uint_eq((uint32_t)ldl_le_p(p), 0xdeadbeef);
    stl_be_p(p, 0xdeadbeef);
    ck_assert_mem_eq(p, "\xde\xad\xbe\xef", 4);
    ck_assert_uint_eq((uint32_t)ldl_be_p(p), 0xdeadbeef);
    ck_assert_int_eq(ldl_be_p(p), (int32_t)0xdeadbeef);

    stq_le_p(p, UINT64_C(0x0102030405060708));
    ck_assert_mem_eq(p, "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
    ck_assert_uint_eq(ldq_le_p(p), UINT64_C(0x0102030405060708));
    stq_be_p(p, UINT64_C(0x0102030405060708));
    ck_assert_mem_eq(p, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    ck_assert_uint_eq(ldq_be_p(p), UINT64_C(0x0102030405060708));

    stl_he_p(p, 0x11223344);
    ck_assert_int_eq(ldl_he_p(p), 0x11223344);
    ck_assert_uint_eq(ldq_he_p(p) & 0xffffffff, 0x11223344);
    stw_he_p(p, 0xfffe);
    ck_assert_int_eq(lduw_he_p(p), 0xfffe);
    ck_assert_int_eq(ldsw_he_p(p), -2);
    stq_he_p(p, 5);
    ck_assert_uint_eq(ldq_he_p(p), 5);
}
END_TEST

START_TEST(test_load_store_n)
{
    uint8_t buf[10];                    /* 1 spare byte before, 1 after */
    uint8_t *p = buf + 1;
    static const int sizes[] = { 1, 2, 4, 8 };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(sizes); i++) {
        int sz = sizes[i];
        uint64_t all = UINT64_MAX >> (64 - 8 * sz);

        memset(buf, 0, sizeof(buf));
        stn_le_p(p, sz, UINT64_MAX);
        /* stored bytes are exactly sz, loads are zero-extended */
        ck_assert_uint_eq(ldn_le_p(p, sz), all);
        ck_assert_uint_eq(p[sz], 0);
        stn_be_p(p, sz, UINT64_C(0x8070605040302010));
        ck_assert_uint_eq(ldn_be_p(p, sz), UINT64_C(0x8070605040302010) & all);
        ck_assert_uint_eq(p[sz - 1], 0x10);
        stn_he_p(p, sz, 0x81);
        ck_assert_uint_eq(ldn_he_p(p, sz), 0x81);
    }
    stn_le_p(p, 4, 0x11223344);
    ck_assert_uint_eq(ldn_be_p(p, 4), 0x44332211);
}
END_TEST

START_TEST(test_load_n_bad_size)
{
    uint8_t buf[8] = { 0 };
    volatile int sz = 3;

    ldn_le_p(buf, sz);
}
END_TEST

START_TEST(test_store_n_bad_size)
{
    uint8_t buf[8] = { 0 };
    volatile int sz = 16;

    stn_be_p(buf, sz, 0);
}
END_TEST

static Suite *bswap_suite(void)
{
    Suite *s = suite_create("bswap");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_bswap);
    tcase_add_test(tc, test_cpu_conversions);
    tcase_add_test(tc, test_load_store);
    tcase_add_test(tc, test_load_store_n);
    tcase_add_test_raise_signal(tc, test_load_n_bad_size, SIGABRT);
    tcase_add_test_raise_signal(tc, test_store_n_bad_size, SIGABRT);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return compat_test_run(bswap_suite());
}
