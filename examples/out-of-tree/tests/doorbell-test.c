/*
 * x-oot-doorbell through libqtest (pkg-config qemu-cxx-qtest): registers,
 * its interrupt line as qtest reports it, and a reset over QMP.
 * Usage: doorbell-test HARNESS MODULE
 */
#include <libqtest.h>
#include <stdio.h>
#include <stdlib.h>

#define BASE 0x1000
#define ID 0x0
#define RING 0x4
#define PENDING 0x8

static int passed, failed;

#define CHECK(cond) do { \
    if (cond) { \
        passed++; \
    } else { \
        failed++; \
        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    } \
} while (0)

int main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;
    QTestState *s;

    if (argc != 3) {
        fprintf(stderr, "usage: %s HARNESS MODULE\n", argv[0]);
        return 2;
    }
    const char *target[] = {
        argv[1], "-x-module", argv[2],
        "-device", "x-oot-doorbell,id=d0", "-x-map", "d0,addr=0x1000", NULL,
    };
    s = qtest_start_argv(target, NULL, &err);
    if (!s) {
        fprintf(stderr, "cannot start the target: %s\n", err->message);
        return 1;
    }
    qtest_irq_intercept_out(s, "/machine/peripheral/d0");

    CHECK(qtest_readl(s, BASE + ID) == 0x444f4f52);
    CHECK(qtest_readl(s, BASE + PENDING) == 0);
    CHECK(!qtest_get_irq(s, 0));

    qtest_writel(s, BASE + RING, 0x5);
    CHECK(qtest_readl(s, BASE + PENDING) == 0x5);
    CHECK(qtest_get_irq(s, 0));

    /* Clearing one bit of two keeps the line high; the last lowers it. */
    qtest_writel(s, BASE + PENDING, 0x1);
    CHECK(qtest_readl(s, BASE + PENDING) == 0x4);
    CHECK(qtest_get_irq(s, 0));
    qtest_writel(s, BASE + PENDING, 0x4);
    CHECK(!qtest_get_irq(s, 0));

    /* A system reset clears what is pending and lowers the line. */
    qtest_writel(s, BASE + RING, 0x80000000);
    CHECK(qtest_get_irq(s, 0));
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    JsonObject *ev = qtest_qmp_eventwait_ref(s, "RESET");
    CHECK(ev != NULL);
    if (ev) {
        json_object_unref(ev);
    }
    CHECK(qtest_readl(s, BASE + PENDING) == 0);
    CHECK(!qtest_get_irq(s, 0));

    size_t n;
    const QTestIrqEvent *edges = qtest_irq_events(s, &n);
    CHECK(n == 4 && edges[0].level && !edges[1].level && edges[2].level &&
          !edges[3].level);

    CHECK(qtest_error(s) == NULL);
    qtest_quit(s);
    printf("SUBTESTS: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
