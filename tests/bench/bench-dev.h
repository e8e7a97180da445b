/*
 * One PL011 (or test device) for the benchmarks, whichever module
 * implements it: created,
 * realized with its own chardev and mapped into the system address space,
 * then accessed either through the memory dispatch or by calling the
 * region's read/write callbacks directly.
 */
#ifndef TESTS_BENCH_BENCH_DEV_H
#define TESTS_BENCH_BENCH_DEV_H

#include "qemu/osdep.h"
#include "exec/memory.h"
#include "exec/address-spaces.h"
#include "hw/qdev-core.h"
#include "chardev/char.h"

G_BEGIN_DECLS

/* PL011 register offsets the cases use. */
#define PL011_DR    0x00
#define PL011_FR    0x18
#define PL011_LCR_H 0x2c
#define PL011_IMSC  0x38
#define PL011_MIS   0x40
#define PL011_ICR   0x44

#define PL011_FR_RXFE 0x10
#define PL011_LCRH_FEN 0x10
#define PL011_FIFO_DEPTH 16

/* Test device registers the cases use (hw/misc/test-device.hh). */
#define TESTDEV_SCRATCH 0x04    /* RW, no side effect */
#define TESTDEV_IRQ     0x08    /* W: 0 lowers line 0, 1 raises it */
#define TESTDEV_TIMER   0x24    /* W: expire in VALUE ns, 0 stops */

typedef enum BenchPath {
    BENCH_DISPATCH,     /* address_space_read/write on the system memory */
    BENCH_DIRECT,       /* the region's read/write callback, no dispatch */
} BenchPath;

typedef struct BenchDev {
    const char *type;
    DeviceState *dev;
    MemoryRegion *mr;
    hwaddr base;
    Chardev *chr;
    char *chr_id;
} BenchDev;

/*
 * Parses "MODULE=TYPE" and loads MODULE unless it was loaded already.
 * On success *@type points into @spec.
 */
bool bench_load(const char *spec, const char **type, Error **errp);

/*
 * Creates a realized @type with a new chardev of @backend ("null" or
 * "x-memory") and maps its MMIO region 0 at @base. BQL held.
 */
bool bench_dev_init(BenchDev *b, const char *type, const char *backend,
                    hwaddr base, Error **errp);
void bench_dev_cleanup(BenchDev *b);

static inline uint32_t bench_read(BenchDev *b, BenchPath path, hwaddr off)
{
    uint32_t v = 0;

    if (path == BENCH_DIRECT) {
        const MemoryRegionOps *ops = b->mr->ops;
        uint64_t data = 0;

        if (ops->read) {
            return (uint32_t)ops->read(b->mr->opaque, off, 4);
        }
        ops->read_with_attrs(b->mr->opaque, off, &data, 4,
                             MEMTXATTRS_UNSPECIFIED);
        return (uint32_t)data;
    }
    address_space_read(&address_space_memory, b->base + off,
                       MEMTXATTRS_UNSPECIFIED, &v, 4);
    return v;
}

static inline void bench_write(BenchDev *b, BenchPath path, hwaddr off,
                               uint32_t v)
{
    if (path == BENCH_DIRECT) {
        const MemoryRegionOps *ops = b->mr->ops;

        if (ops->write) {
            ops->write(b->mr->opaque, off, v, 4);
        } else {
            ops->write_with_attrs(b->mr->opaque, off, v, 4,
                                  MEMTXATTRS_UNSPECIFIED);
        }
        return;
    }
    address_space_write(&address_space_memory, b->base + off,
                        MEMTXATTRS_UNSPECIFIED, &v, 4);
}

/*
 * Queues @len bytes on the device's x-memory chardev and runs the main loop
 * until the device took them all. False if it stopped taking them.
 */
bool bench_feed(BenchDev *b, const uint8_t *buf, size_t len);

/* Monotonic time in nanoseconds. */
int64_t bench_now_ns(void);

/* The median of @n values (sorts @v). */
double bench_median(double *v, size_t n);

G_END_DECLS

#endif /* TESTS_BENCH_BENCH_DEV_H */
