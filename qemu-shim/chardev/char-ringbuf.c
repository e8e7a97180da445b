/*
 * char-ringbuf.c - the "ringbuf" backend: output goes to a power-of-two
 * sized ring that keeps the newest bytes, read back with
 * qemu_shim_ringbuf_read() (QMP's ringbuf-read). "memory" is QEMU's
 * older name for it.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "chardev-internal.h"

#define RINGBUF_DEFAULT_SIZE 65536
/* Far more than anyone reads back; keeps a typo from exhausting memory. */
#define RINGBUF_MAX_SIZE (1ULL << 30)

typedef struct RingBufChardev {
    Chardev parent;
    size_t size;
    size_t prod;
    size_t cons;
    uint8_t *cbuf;
} RingBufChardev;

#define RINGBUF_CHARDEV(obj) \
    OBJECT_CHECK(RingBufChardev, (obj), TYPE_CHARDEV_RINGBUF)

static const char *const ringbuf_opts[] = { "size", NULL };

size_t qemu_shim_ringbuf_count(Chardev *chr)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);

    return d->prod - d->cons;
}

static int ringbuf_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);

    for (int i = 0; i < len; i++) {
        d->cbuf[d->prod++ & (d->size - 1)] = buf[i];
        /* Full: the oldest byte goes. */
        if (d->prod - d->cons > d->size) {
            d->cons = d->prod - d->size;
        }
    }
    return len;
}

size_t qemu_shim_ringbuf_read(Chardev *chr, uint8_t *buf, size_t len)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);
    size_t i;

    for (i = 0; i < len && d->cons != d->prod; i++) {
        buf[i] = d->cbuf[d->cons++ & (d->size - 1)];
    }
    return i;
}

static void ringbuf_chr_open(Chardev *chr, ChardevBackend *backend,
                             bool *be_opened, Error **errp)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);
    uint64_t size;

    (void)be_opened;
    if (!chardev_opt_get_size(backend, "size", RINGBUF_DEFAULT_SIZE, &size,
                              errp)) {
        return;
    }
    /* QEMU takes size=0 and then writes out of bounds; refuse it. */
    if (size == 0 || (size & (size - 1))) {
        error_setg(errp, "size of ringbuf chardev must be power of two");
        return;
    }
    if (size > RINGBUF_MAX_SIZE) {
        error_setg(errp, "size of ringbuf chardev must be at most %llu",
                   RINGBUF_MAX_SIZE);
        return;
    }
    d->size = size;
    d->cbuf = g_malloc0(size);
}

static void char_ringbuf_finalize(Object *obj)
{
    g_free(RINGBUF_CHARDEV(obj)->cbuf);
}

static void char_ringbuf_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    (void)data;
    cc->qemu_shim_options = ringbuf_opts;
    cc->open = ringbuf_chr_open;
    cc->chr_write = ringbuf_chr_write;
}

static const TypeInfo char_ringbuf_types[] = {
    {
        .name = TYPE_CHARDEV_RINGBUF,
        .parent = TYPE_CHARDEV,
        .instance_size = sizeof(RingBufChardev),
        .instance_finalize = char_ringbuf_finalize,
        .class_init = char_ringbuf_class_init,
    },
    {
        .name = TYPE_CHARDEV_MEMORY,
        .parent = TYPE_CHARDEV_RINGBUF,
    },
};

static void register_types(void)
{
    type_register_static_array(char_ringbuf_types,
                               ARRAY_SIZE(char_ringbuf_types));
}

type_init(register_types)
