/*
 * The MMIO access patterns (see bench-cases.h). Each round is straight-line
 * code of BENCH_ROUND accesses so that the loop around them costs little
 * next to the accesses themselves.
 */
#include "qemu/osdep.h"
#include "bench-cases.h"

#define REPEAT16(stmt) do {                                         \
        stmt; stmt; stmt; stmt; stmt; stmt; stmt; stmt;             \
        stmt; stmt; stmt; stmt; stmt; stmt; stmt; stmt;             \
    } while (0)

/* The bytes a dr-read round finds in the FIFO. */
#define RX_FIRST 0x41

static uint32_t fr_read(BenchDev *b, BenchPath path)
{
    uint32_t sum = 0;

    REPEAT16(sum += bench_read(b, path, PL011_FR));
    return sum;
}

static uint32_t dr_write(BenchDev *b, BenchPath path)
{
    REPEAT16(bench_write(b, path, PL011_DR, 'x'));
    return 0;
}

static void fifo_on(BenchDev *b)
{
    bench_write(b, BENCH_DISPATCH, PL011_LCR_H, PL011_LCRH_FEN);
}

static bool fifo_fill(BenchDev *b)
{
    uint8_t buf[BENCH_ROUND];

    for (int i = 0; i < BENCH_ROUND; i++) {
        buf[i] = RX_FIRST + i;
    }
    return bench_feed(b, buf, sizeof(buf));
}

static uint32_t dr_read(BenchDev *b, BenchPath path)
{
    uint32_t sum = 0;

    REPEAT16(sum += bench_read(b, path, PL011_DR));
    return sum;
}

static uint32_t imsc_write(BenchDev *b, BenchPath path)
{
    uint32_t mask = 0x50;

    REPEAT16(bench_write(b, path, PL011_IMSC, mask); mask ^= 0x40);
    return 0;
}

/* What a polling driver does: wait for room, send, acknowledge. */
static uint32_t mixed(BenchDev *b, BenchPath path)
{
    uint32_t sum = 0;

    for (int i = 0; i < 2; i++) {
        sum += bench_read(b, path, PL011_FR);
        bench_write(b, path, PL011_DR, 'a');
        sum += bench_read(b, path, PL011_FR);
        bench_write(b, path, PL011_DR, 'b');
        sum += bench_read(b, path, PL011_MIS);
        bench_write(b, path, PL011_ICR, 0x7ff);
        sum += bench_read(b, path, PL011_IMSC);
        sum += bench_read(b, path, PL011_FR);
    }
    return sum;
}

/*
 * The test device's register classes (issue 18): a plain read and a
 * plain write of SCRATCH, a write that moves an interrupt line and one
 * that arms or stops the timer.
 */
static uint32_t td_read(BenchDev *b, BenchPath path)
{
    uint32_t sum = 0;

    REPEAT16(sum += bench_read(b, path, TESTDEV_SCRATCH));
    return sum;
}

static uint32_t td_write(BenchDev *b, BenchPath path)
{
    uint32_t v = 0;

    REPEAT16(bench_write(b, path, TESTDEV_SCRATCH, v); v++);
    return 0;
}

static uint32_t td_irq_write(BenchDev *b, BenchPath path)
{
    uint32_t op = 1;

    REPEAT16(bench_write(b, path, TESTDEV_IRQ, op); op ^= 1);
    return 0;
}

static uint32_t td_timer_write(BenchDev *b, BenchPath path)
{
    uint32_t ns = 1000;

    REPEAT16(bench_write(b, path, TESTDEV_TIMER, ns); ns ^= 1000);
    return 0;
}

const BenchCase bench_cases[] = {
    { .name = "fr-read", .kind = BENCH_PL011, .backend = "null",
      .round = fr_read },
    { .name = "dr-write", .kind = BENCH_PL011, .backend = "null",
      .round = dr_write },
    {
        .name = "dr-read", .kind = BENCH_PL011, .backend = "x-memory",
        .setup = fifo_on, .prepare = fifo_fill, .round = dr_read,
        .expect = BENCH_ROUND * RX_FIRST + BENCH_ROUND * (BENCH_ROUND - 1) / 2,
    },
    { .name = "imsc-write", .kind = BENCH_PL011, .backend = "null",
      .round = imsc_write },
    { .name = "mixed", .kind = BENCH_PL011, .backend = "null",
      .round = mixed },
    { .name = "td-read", .kind = BENCH_TESTDEV, .backend = "null",
      .round = td_read },
    { .name = "td-write", .kind = BENCH_TESTDEV, .backend = "null",
      .round = td_write },
    { .name = "td-irq-write", .kind = BENCH_TESTDEV, .backend = "null",
      .round = td_irq_write },
    { .name = "td-timer-write", .kind = BENCH_TESTDEV, .backend = "null",
      .round = td_timer_write },
};
const size_t bench_ncases = G_N_ELEMENTS(bench_cases);

const BenchCase *bench_case_find(const char *name)
{
    for (size_t i = 0; i < bench_ncases; i++) {
        if (!strcmp(bench_cases[i].name, name)) {
            return &bench_cases[i];
        }
    }
    return NULL;
}

bool bench_kind_parse(const char *name, BenchKind *kind)
{
    static const char *const names[] = {
        [BENCH_PL011] = "pl011",
        [BENCH_TESTDEV] = "testdev",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (name && !strcmp(name, names[i])) {
            *kind = (BenchKind)i;
            return true;
        }
    }
    return false;
}
