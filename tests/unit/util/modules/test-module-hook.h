/*
 * Test modules report what runs through test_module_hook(), which the
 * module test executable defines and exports to the modules it loads.
 */
#ifndef TEST_MODULE_HOOK_H
#define TEST_MODULE_HOOK_H

#include <glib.h>

G_BEGIN_DECLS
void test_module_hook(const char *event);
G_END_DECLS

#endif
