/*
 * The ABI probe: a library preloaded into the unmodified qemu-system-arm
 * that measures, through what the binary exposes, the layouts the shim's
 * headers must reproduce (tests/abi/README.md). Built with the shim's
 * headers only: every call below resolves to QEMU's own function.
 *
 * Each measurement runs in a forked child, so that a wrong guess about a
 * layout kills that child, never the probe; the child sends its figures
 * back through a pipe.
 */
#ifndef TESTS_ABI_PROBE_H
#define TESTS_ABI_PROBE_H

#include "qemu/osdep.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "trace/control.h"

/* A measurement: fills out[i] for the i-th name it was run with. */
#define PROBE_MAX_FIGURES 8
typedef void ProbeFn(int64_t *out);

/*
 * Runs @fn in a child and prints one line "NAME VALUE" per name (a
 * NULL-terminated list); -1 means "not found". A child that crashes or
 * hangs prints "NAME crashed(...)" instead. Returns the first value.
 */
int64_t probe_measure(ProbeFn *fn, const char *name, ...) G_GNUC_NULL_TERMINATED;

/* Prints a figure the probe computed itself (from children's statuses). */
void probe_figure(const char *name, int64_t value);

/* A figure printed before (the later measurements build on them), or -1. */
int64_t probe_real(const char *name);

/* The largest object the probe copies for a search. */
#define PROBE_SNAP 4096
/* A size figure printed before; aborts (the child) when there is none. */
size_t probe_real_size(const char *name);

/*
 * Runs @fn(@arg) in a child with stderr silenced; returns its exit status,
 * or 128 + signal when it died. For searches whose probe aborts QEMU.
 */
int probe_child_status(int (*fn)(long arg), long arg);

/* Reads @n bytes at @addr without faulting; false when unmapped. */
bool probe_peek(const void *addr, void *buf, size_t n);
/* Whether @addr points at the NUL-terminated string @s. */
bool probe_peek_str(const void *addr, const char *s);
/* The word at @offset of @base (unaligned-safe). */
uint64_t probe_word(const void *base, size_t offset);

/* Offset of the @nth (from 0) 8-aligned word in [@from, @n) equal to @v. */
int64_t probe_find_word(const void *base, size_t n, size_t from, uint64_t v,
                        int nth);
/* Likewise for a 4-aligned 32-bit value. */
int64_t probe_find_u32(const void *base, size_t n, size_t from, uint32_t v);
/* The first 8-aligned word in [@from, @n) that points at the string @s. */
int64_t probe_find_str_ptr(const void *base, size_t n, size_t from,
                           const char *s);
/*
 * A flag: the first byte in [@from, @n) that is @b0 in @before and @b1 in
 * @after, inside a word that holds no pointer in either snapshot.
 */
int64_t probe_find_flag(const uint8_t *before, const uint8_t *after, size_t n,
                        size_t from, uint8_t b0, uint8_t b1);
/* The last byte + 1 of @n bytes that differ from @sentinel, 0 if none. */
size_t probe_extent(const uint8_t *buf, size_t n, uint8_t sentinel);

/*
 * The probe's own sysbus device type: sized from the binary (the real
 * SysBusDevice plus PROBE_DEV_EXTRA bytes for the probe's own fields, at
 * probe_dev_extra()), with @class_hook run in its class_init (may be NULL).
 * Returns the type name; a type is registered once per child.
 */
#define PROBE_DEV_EXTRA 256
const char *probe_dev_type(void (*class_hook)(ObjectClass *klass));
size_t probe_dev_extra(void);
/* A new, unrealized probe device. */
DeviceState *probe_dev_new(void (*class_hook)(ObjectClass *klass));

/* QEMU 7.2 functions the shim's headers do not declare. */
const char *qdev_set_id(DeviceState *dev, char *id, Error **errp);
void sysbus_init_ioports(SysBusDevice *dev, uint32_t ioport, uint32_t size);
/* util/fifo8.c's description (fields "data", "head", "num"); no fifo8.h. */
extern const VMStateDescription vmstate_fifo8;

/* The measurements, one file per area. */
void probe_sizes(void);
void probe_qom(void);
void probe_qdev(void);
void probe_memory(void);
void probe_backends(void);
void probe_trace(void);

/* QEMU's own PL011 trace event and its state, exported by the binary. */
extern TraceEvent _TRACE_PL011_READ_EVENT;
extern uint16_t _TRACE_PL011_READ_DSTATE;

#endif /* TESTS_ABI_PROBE_H */
