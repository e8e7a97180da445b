/*
 * The compat headers' macros and inline functions used from C++ (the
 * bindings and C++ devices include them too): queue macros with their
 * __typeof__ and union tricks, register fields, bitmaps, byte order and
 * the cutils parsers.
 */
#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/bswap.h"
#include "qemu/cutils.h"
#include "qemu/queue.h"
#include "qemu/units.h"
#include "hw/registerfields.h"
#include "compat-test.h"

REG32(CFG, 0x24)
    FIELD(CFG, MODE, 4, 4)

struct Node {
    int v;
    QTAILQ_ENTRY(Node) tq;
    QSIMPLEQ_ENTRY(Node) sq;
    QLIST_ENTRY(Node) l;
    QSLIST_ENTRY(Node) sl;
};

START_TEST(test_queues)
{
    QTAILQ_HEAD(, Node) tq = QTAILQ_HEAD_INITIALIZER(tq);
    QSIMPLEQ_HEAD(, Node) sq = QSIMPLEQ_HEAD_INITIALIZER(sq);
    QLIST_HEAD(, Node) l = QLIST_HEAD_INITIALIZER(l);
    QSLIST_HEAD(, Node) sl = QSLIST_HEAD_INITIALIZER(sl);
    Node nodes[3] = {};
    Node *n, *next;
    int sum = 0;

    for (int i = 0; i < 3; i++) {
        nodes[i].v = i + 1;
        QTAILQ_INSERT_TAIL(&tq, &nodes[i], tq);
        QSIMPLEQ_INSERT_TAIL(&sq, &nodes[i], sq);
        QLIST_INSERT_HEAD(&l, &nodes[i], l);
        QSLIST_INSERT_HEAD(&sl, &nodes[i], sl);
    }
    ck_assert_ptr_eq(QTAILQ_LAST(&tq), &nodes[2]);
    ck_assert_ptr_eq(QTAILQ_PREV(&nodes[2], tq), &nodes[1]);
    ck_assert_ptr_eq(QSIMPLEQ_LAST(&sq, Node, sq), &nodes[2]);
    QTAILQ_FOREACH_REVERSE(n, &tq, tq) {
        sum = sum * 10 + n->v;
    }
    ck_assert_int_eq(sum, 321);
    QTAILQ_FOREACH_SAFE(n, &tq, tq, next) {
        QTAILQ_REMOVE(&tq, n, tq);
    }
    ck_assert(QTAILQ_EMPTY(&tq));
    QSIMPLEQ_REMOVE(&sq, &nodes[1], Node, sq);
    ck_assert_ptr_eq(QSIMPLEQ_NEXT(&nodes[0], sq), &nodes[2]);
    QLIST_REMOVE(&nodes[1], l);
    ck_assert_ptr_eq(QLIST_NEXT(&nodes[2], l), &nodes[0]);
    QSLIST_REMOVE(&sl, &nodes[1], Node, sl);
    ck_assert_ptr_eq(QSLIST_NEXT(&nodes[2], sl), &nodes[0]);
}
END_TEST

START_TEST(test_fields_and_bits)
{
    uint32_t regs[R_CFG + 1] = {};
    unsigned long map[BITS_TO_LONGS(100)] = {};
    uint8_t buf[4];
    uint64_t size = 0;

    ARRAY_FIELD_DP32(regs, CFG, MODE, 0x1f);
    ck_assert_uint_eq(regs[R_CFG], 0xf0);
    ck_assert_uint_eq(ARRAY_FIELD_EX32(regs, CFG, MODE), 0xf);
    ck_assert_int_eq(FIELD_SEX32(regs[R_CFG], CFG, MODE), -1);
    set_bit(99, map);
    ck_assert_uint_eq(find_first_bit(map, 100), 99);
    stl_be_p(buf, 0x01020304);
    ck_assert_int_eq(ldl_le_p(buf), 0x04030201);
    ck_assert_int_eq(qemu_strtosz("2M", nullptr, &size), 0);
    ck_assert_uint_eq(size, 2 * MiB);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("compat-cxx");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_queues);
    tcase_add_test(tc, test_fields_and_bits);
    suite_add_tcase(s, tc);
    return compat_test_run(s);
}
