/*
 * libFuzzer target: the lockstep differential on fuzzer-chosen operation
 * sequences. The input decodes (gen.h's grammar) into operations for two
 * PL011s, $FUZZ_TYPE_A and $FUZZ_TYPE_B (both "pl011-c" by default); the
 * first byte's low bit picks the luminary variant. Any difference, and
 * any object left alive, is a finding.
 */
#include "fuzz-common.h"
#include "gen.h"
#include "lockstep.h"
#include "scenario-io.h"

#define FUZZ_MAX_OPS 96

static char *type_a, *type_b, *lum_a, *lum_b;
static size_t live_objects;

static char *luminary_of(const char *type)
{
    g_autofree char *rest = g_str_has_prefix(type, "pl011") ?
                            g_strdup(type + 5) : NULL;

    return rest ? g_strconcat("pl011_luminary", rest, NULL) : g_strdup(type);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    DiffPair *warm_up;

    fuzz_load_modules();
    type_a = g_strdup(fuzz_env("FUZZ_TYPE_A", "pl011-c"));
    type_b = g_strdup(fuzz_env("FUZZ_TYPE_B", "pl011-c"));
    lum_a = luminary_of(type_a);
    lum_b = luminary_of(type_b);
    /* The first pair creates the shim's permanent objects. */
    warm_up = diff_pair_new(type_a, type_b, &error_fatal);
    diff_pair_free(warm_up);
    live_objects = qemu_shim_live_objects();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DiffOp ops[FUZZ_MAX_OPS];
    g_autoptr(GString) why = g_string_new("");
    bool luminary;
    size_t n = 0, used;
    long first;

    if (!size) {
        return 0;
    }
    luminary = data[0] & 1;
    data++;
    size--;
    while (n < FUZZ_MAX_OPS && (used = diff_gen_decode(data, size, &ops[n]))) {
        data += used;
        size -= used;
        n++;
    }
    first = diff_run(luminary ? lum_a : type_a, luminary ? lum_b : type_b,
                     ops, n, NULL, why);
    if (first >= 0) {
        g_autoptr(GString) replay = g_string_new("");

        diff_scenario_format(ops, first + 1, luminary, NULL, replay);
        FUZZ_FINDING("the devices differ after operation #%ld\n%s"
                     "--- replay ---\n%s", first, why->str, replay->str);
    }
    if (first == -2) {
        FUZZ_FINDING("cannot create the pair: %s", why->str);
    }
    if (qemu_shim_live_objects() != live_objects) {
        FUZZ_FINDING("%zu QOM objects alive after the run, %zu before",
                     qemu_shim_live_objects(), live_objects);
    }
    return 0;
}
