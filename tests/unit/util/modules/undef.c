/* A module that needs a symbol nothing defines: dlopen must fail. */
#include "qemu/osdep.h"
#include "qemu/module.h"

void test_module_missing_symbol(void);

static void undef_init(void)
{
    test_module_missing_symbol();
}

type_init(undef_init)
