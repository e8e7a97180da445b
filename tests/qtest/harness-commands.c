/*
 * Prints the qtest and QMP dispatchers' tables, one "qtest NAME" or
 * "qmp NAME" line per command, read through the accessors -help uses:
 * help-commands-test.py compares them with -help and README.md.
 * Built with the harness's library; main.c's functions are stubbed.
 */
#include "qemu/osdep.h"
#include "harness.h"

void harness_request_quit(void)
{
}

void harness_load_installed_modules(void)
{
}

int main(void)
{
    const char *name, *usage;

    for (size_t i = 0; (name = harness_qtest_command(i, &usage)); i++) {
        printf("qtest %s\n", name);
    }
    for (size_t i = 0; (name = harness_qmp_command(i)); i++) {
        printf("qmp %s\n", name);
    }
    return 0;
}
