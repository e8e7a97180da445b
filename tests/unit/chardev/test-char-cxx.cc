/*
 * The chardev headers from C++: they compile as C++23 and a front end
 * written with captureless lambdas receives input and events.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "chardev/char-fe.h"
#include "chardev/char-serial.h"

#include <check.h>
#include <string>

namespace {

struct Device {
    CharBackend be{};
    std::string rx;
    int opened = 0;
};

START_TEST(test_cxx_front_end)
{
    module_call_init(MODULE_INIT_QOM);
    object_get_root();
    size_t live = qemu_shim_live_objects();
    Chardev *chr = qemu_shim_chr_new_from_opts("x-memory,id=m0",
                                               &error_abort);
    Device dev;

    ck_assert(qemu_chr_fe_init(&dev.be, chr, &error_abort));
    qemu_chr_fe_set_handlers(
        &dev.be,
        [](void *) -> int { return 2; },
        [](void *opaque, const uint8_t *buf, int size) {
            static_cast<Device *>(opaque)->rx.append(
                reinterpret_cast<const char *>(buf), size);
        },
        [](void *opaque, QEMUChrEvent event) {
            if (event == CHR_EVENT_OPENED) {
                static_cast<Device *>(opaque)->opened++;
            }
        },
        nullptr, &dev, nullptr, true);
    ck_assert_int_eq(dev.opened, 1);

    const std::string hello = "hello";
    qemu_shim_chr_memory_push(chr,
                              reinterpret_cast<const uint8_t *>(hello.data()),
                              hello.size());
    while (g_main_context_iteration(nullptr, FALSE)) {
    }
    ck_assert_str_eq(dev.rx.c_str(), "hello");

    qemu_chr_fe_deinit(&dev.be, true);
    qemu_chr_cleanup();
    ck_assert_uint_eq(qemu_shim_live_objects(), live);
}
END_TEST

} // namespace

int main()
{
    Suite *s = suite_create("chardev-cxx");
    TCase *tc = tcase_create("cxx");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_cxx_front_end);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
