/*
 * Unit tests for hw/registerfields.h on a sample register layout: the
 * A_/R_ constants of each register width, the SHIFT/LENGTH/MASK of fields,
 * extract, sign-extending extract, deposit (which keeps only the field's
 * bits of the value) and the ARRAY_ forms on a register file.
 */
#include "qemu/osdep.h"
#include "hw/registerfields.h"
#include "compat-test.h"

REG32(CTRL, 0x00)
    FIELD(CTRL, EN, 0, 1)
    FIELD(CTRL, MODE, 1, 3)
    FIELD(CTRL, DIV, 16, 16)
REG32(STATUS, 0x08)
    FIELD(STATUS, DELTA, 4, 8)          /* signed */
    FIELD(STATUS, TOP, 31, 1)
REG8(BYTE, 0x03)
    FIELD(BYTE, NIB, 4, 4)
REG16(HALF, 0x06)
    FIELD(HALF, MID, 4, 8)
REG64(WIDE, 0x10)
    FIELD(WIDE, HI, 32, 32)
    FIELD(WIDE, ALL, 0, 64)

START_TEST(test_constants)
{
    ck_assert_int_eq(A_CTRL, 0);
    ck_assert_int_eq(R_CTRL, 0);
    ck_assert_int_eq(A_STATUS, 8);
    ck_assert_int_eq(R_STATUS, 2);
    ck_assert_int_eq(A_BYTE, 3);
    ck_assert_int_eq(R_BYTE, 3);
    ck_assert_int_eq(A_HALF, 6);
    ck_assert_int_eq(R_HALF, 3);
    ck_assert_int_eq(A_WIDE, 0x10);
    ck_assert_int_eq(R_WIDE, 2);

    ck_assert_int_eq(R_CTRL_MODE_SHIFT, 1);
    ck_assert_int_eq(R_CTRL_MODE_LENGTH, 3);
    ck_assert_uint_eq(R_CTRL_MODE_MASK, 0xe);
    ck_assert_uint_eq(R_CTRL_DIV_MASK, 0xffff0000);
    ck_assert_uint_eq(R_STATUS_TOP_MASK, 0x80000000);
    ck_assert_uint_eq(R_WIDE_HI_MASK, UINT64_C(0xffffffff00000000));
    ck_assert_uint_eq(R_WIDE_ALL_MASK, UINT64_MAX);
}
END_TEST

START_TEST(test_extract)
{
    uint32_t ctrl = 0x12340007;         /* EN 1, MODE 3, DIV 0x1234 */
    uint32_t status = 0x80000f80;       /* DELTA 0xf8 = -8, TOP 1 */

    ck_assert_uint_eq(FIELD_EX32(ctrl, CTRL, EN), 1);
    ck_assert_uint_eq(FIELD_EX32(ctrl, CTRL, MODE), 3);
    ck_assert_uint_eq(FIELD_EX32(ctrl, CTRL, DIV), 0x1234);
    ck_assert_uint_eq(FIELD_EX32(status, STATUS, DELTA), 0xf8);
    ck_assert_int_eq(FIELD_SEX32(status, STATUS, DELTA), -8);
    ck_assert_uint_eq(FIELD_EX32(status, STATUS, TOP), 1);
    ck_assert_int_eq(FIELD_SEX32(status, STATUS, TOP), -1);

    ck_assert_uint_eq(FIELD_EX8(0xa5, BYTE, NIB), 0xa);
    ck_assert_int_eq(FIELD_SEX8(0xa5, BYTE, NIB), -6);
    ck_assert_uint_eq(FIELD_EX16(0x0ff0, HALF, MID), 0xff);
    ck_assert_int_eq(FIELD_SEX16(0x0ff0, HALF, MID), -1);
    ck_assert_uint_eq(FIELD_EX64(UINT64_C(0xdeadbeef00000001), WIDE, HI),
                      0xdeadbeef);
    ck_assert_int_eq(FIELD_SEX64(UINT64_C(0xffffffff00000001), WIDE, HI), -1);
    ck_assert_uint_eq(FIELD_EX64(UINT64_MAX, WIDE, ALL), UINT64_MAX);
}
END_TEST

START_TEST(test_deposit)
{
    uint32_t ctrl = 0;
    uint8_t b = 0x0f;
    uint16_t h = 0xf00f;
    uint64_t w = 1;

    ctrl = FIELD_DP32(ctrl, CTRL, EN, 1);
    ctrl = FIELD_DP32(ctrl, CTRL, DIV, 0xabcd);
    ck_assert_uint_eq(ctrl, 0xabcd0001);
    ctrl = FIELD_DP32(ctrl, CTRL, MODE, 0xf);   /* only 3 bits are kept */
    ck_assert_uint_eq(ctrl, 0xabcd000f);
    ctrl = FIELD_DP32(ctrl, CTRL, MODE, 0);
    ck_assert_uint_eq(ctrl, 0xabcd0001);
    ctrl = FIELD_SDP32(ctrl, STATUS, DELTA, -2);
    ck_assert_uint_eq(ctrl, 0xabcd0fe1);
    ck_assert_int_eq(FIELD_SEX32(ctrl, STATUS, DELTA), -2);

    b = FIELD_DP8(b, BYTE, NIB, 0x5);
    ck_assert_uint_eq(b, 0x5f);
    b = FIELD_SDP8(b, BYTE, NIB, -1);
    ck_assert_uint_eq(b, 0xff);
    h = FIELD_DP16(h, HALF, MID, 0x3c);
    ck_assert_uint_eq(h, 0xf3cf);
    h = FIELD_SDP16(h, HALF, MID, -128);
    ck_assert_uint_eq(h, 0xf80f);
    w = FIELD_DP64(w, WIDE, HI, 0x12345678);
    ck_assert_uint_eq(w, UINT64_C(0x1234567800000001));
    w = FIELD_SDP64(w, WIDE, HI, -1);
    ck_assert_uint_eq(w, UINT64_C(0xffffffff00000001));
    w = FIELD_DP64(w, WIDE, ALL, 7);
    ck_assert_uint_eq(w, 7);
}
END_TEST

START_TEST(test_array_fields)
{
    uint32_t regs[3] = { 0 };
    uint64_t wide[3] = { 0 };

    ARRAY_FIELD_DP32(regs, STATUS, TOP, 1);
    ARRAY_FIELD_DP32(regs, CTRL, DIV, 0x55);
    ck_assert_uint_eq(regs[R_STATUS], 0x80000000);
    ck_assert_uint_eq(regs[R_CTRL], 0x00550000);
    ck_assert_uint_eq(regs[1], 0);
    ck_assert_uint_eq(ARRAY_FIELD_EX32(regs, CTRL, DIV), 0x55);
    ck_assert_uint_eq(ARRAY_FIELD_EX32(regs, STATUS, TOP), 1);

    ARRAY_FIELD_DP64(wide, WIDE, HI, 0xcafe);
    ck_assert_uint_eq(wide[R_WIDE], UINT64_C(0xcafe00000000));
    ck_assert_uint_eq(ARRAY_FIELD_EX64(wide, WIDE, HI), 0xcafe);
}
END_TEST

static Suite *registerfields_suite(void)
{
    Suite *s = suite_create("registerfields");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_constants);
    tcase_add_test(tc, test_extract);
    tcase_add_test(tc, test_deposit);
    tcase_add_test(tc, test_array_fields);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return compat_test_run(registerfields_suite());
}
