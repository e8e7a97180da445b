/*
 * char-null.c - the "null" backend: output is discarded, there is never
 * input, and (as in QEMU) it never reports itself open.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "chardev-internal.h"

static void null_chr_open(Chardev *chr, ChardevBackend *backend,
                          bool *be_opened, Error **errp)
{
    (void)chr;
    (void)backend;
    (void)errp;
    *be_opened = false;
}

static int null_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    (void)chr;
    (void)buf;
    return len;
}

static void char_null_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    (void)data;
    cc->open = null_chr_open;
    cc->chr_write = null_chr_write;
}

static const TypeInfo char_null_type_info = {
    .name = TYPE_CHARDEV_NULL,
    .parent = TYPE_CHARDEV,
    .class_init = char_null_class_init,
};

static void register_types(void)
{
    type_register_static(&char_null_type_info);
}

type_init(register_types)
