/*
 * A module written in C++: module.h's type_init must work there too, and
 * the util headers' inline functions and macros must compile as C++.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "test-module-hook.h"

static void cxx_register_types(void)
{
    static TypeInfo info;

    info.name = "test-cxx";
    info.parent = TYPE_OBJECT;
    info.instance_size = sizeof(Object);
    test_module_hook("cxx");
    {
        QEMU_IOTHREAD_LOCK_GUARD();
        QEMUTimer *t = timer_new_ms(QEMU_CLOCK_VIRTUAL, nullptr, nullptr);

        qemu_log_mask(LOG_GUEST_ERROR, "cxx: %d\n", qemu_loglevel_mask(0));
        timer_free(t);
    }
    type_register_static(&info);
}

type_init(cxx_register_types)
