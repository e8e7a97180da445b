/*
 * char-x-memory.c - the shim's in-process backend for tests,
 * "-chardev x-memory,id=ID": input queued with qemu_shim_chr_memory_push()
 * is delivered on the main loop only as far as the front end's can_read
 * allows; output is kept for qemu_shim_chr_memory_take_output(), and a
 * break set through the serial ioctl for qemu_shim_chr_memory_get_break().
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "chardev/char-serial.h"
#include "chardev-internal.h"

typedef struct MemoryChardev {
    Chardev parent;
    GByteArray *input;
    size_t input_head;      /* bytes of @input already delivered */
    GByteArray *output;
    int break_enabled;      /* last CHR_IOCTL_SERIAL_SET_BREAK */
} MemoryChardev;

#define MEMORY_CHARDEV(obj) \
    OBJECT_CHECK(MemoryChardev, (obj), QEMU_SHIM_TYPE_CHARDEV_MEMORY)

size_t qemu_shim_chr_memory_pending(Chardev *chr)
{
    MemoryChardev *d = MEMORY_CHARDEV(chr);

    return d->input->len - d->input_head;
}

void qemu_shim_chr_memory_push(Chardev *chr, const uint8_t *buf, size_t len)
{
    MemoryChardev *d = MEMORY_CHARDEV(chr);

    /* Drop what was delivered before growing, so the queue stays small. */
    if (d->input_head) {
        g_byte_array_remove_range(d->input, 0, d->input_head);
        d->input_head = 0;
    }
    g_byte_array_append(d->input, buf, len);
    chr_wakeup(chr);
}

GByteArray *qemu_shim_chr_memory_take_output(Chardev *chr)
{
    MemoryChardev *d = MEMORY_CHARDEV(chr);
    GByteArray *out = d->output;

    d->output = g_byte_array_new();
    return out;
}

int qemu_shim_chr_memory_get_break(Chardev *chr)
{
    return MEMORY_CHARDEV(chr)->break_enabled;
}

/* Behave like a serial line: take line settings and breaks. */
static int memory_chr_ioctl(Chardev *chr, int cmd, void *arg)
{
    switch (cmd) {
    case CHR_IOCTL_SERIAL_SET_BREAK:
        MEMORY_CHARDEV(chr)->break_enabled = *(int *)arg;
        return 0;
    case CHR_IOCTL_SERIAL_SET_PARAMS:
        return 0;
    default:
        return -ENOTSUP;
    }
}

static bool memory_chr_ready(Chardev *chr)
{
    return qemu_shim_chr_memory_pending(chr) > 0;
}

/*
 * Ask can_read, hand over at most that much, repeat. Each chunk leaves the
 * queue before the front end sees it, so a handler that pushes input or
 * writes output re-entrantly finds the queue consistent.
 */
static void memory_chr_deliver(Chardev *chr)
{
    MemoryChardev *d = MEMORY_CHARDEV(chr);
    uint8_t buf[CHR_READ_BUF_LEN];

    for (;;) {
        size_t pending = qemu_shim_chr_memory_pending(chr);
        int avail;
        size_t n;

        if (!pending) {
            break;
        }
        avail = qemu_chr_be_can_write(chr);
        if (avail <= 0) {
            break;
        }
        n = MIN(MIN((size_t)avail, pending), sizeof(buf));
        memcpy(buf, d->input->data + d->input_head, n);
        d->input_head += n;
        qemu_chr_be_write(chr, buf, n);
    }
}

static int memory_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    g_byte_array_append(MEMORY_CHARDEV(chr)->output, buf, len);
    return len;
}

static void memory_chr_update_read_handler(Chardev *chr)
{
    chr_queue_watch_add(chr, memory_chr_ready, memory_chr_deliver);
}

static void memory_chr_open(Chardev *chr, ChardevBackend *backend,
                            bool *be_opened, Error **errp)
{
    (void)backend;
    (void)be_opened;
    (void)errp;
    memory_chr_update_read_handler(chr);
}

static void char_memory_init(Object *obj)
{
    MemoryChardev *d = MEMORY_CHARDEV(obj);

    d->input = g_byte_array_new();
    d->output = g_byte_array_new();
}

static void char_memory_finalize(Object *obj)
{
    MemoryChardev *d = MEMORY_CHARDEV(obj);

    remove_fd_in_watch(CHARDEV(obj));
    g_byte_array_unref(d->input);
    g_byte_array_unref(d->output);
}

static void char_memory_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    (void)data;
    cc->open = memory_chr_open;
    cc->chr_write = memory_chr_write;
    cc->chr_ioctl = memory_chr_ioctl;
    cc->chr_update_read_handler = memory_chr_update_read_handler;
}

static const TypeInfo char_memory_type_info = {
    .name = QEMU_SHIM_TYPE_CHARDEV_MEMORY,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(MemoryChardev),
    .instance_init = char_memory_init,
    .instance_finalize = char_memory_finalize,
    .class_init = char_memory_class_init,
};

static void register_types(void)
{
    type_register_static(&char_memory_type_info);
}

type_init(register_types)
