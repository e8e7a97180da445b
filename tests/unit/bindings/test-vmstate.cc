/*
 * Unit tests of qemu-cxx/vmstate.hh: the generated VMStateDescription equals
 * the C one written with the VMSTATE_* macros (test-vmstate-c.c) field
 * kind by field kind, in its table and in its bytes; loads round-trip;
 * version ids, subsections, hooks, and a C++ part placed after its QOM
 * parent as qemu-cxx/class.hh lays classes out.
 */
#include "qemu-cxx/vmstate.hh"

#include "migration/qemu-file.h"

#include <csignal>
#include <stdexcept>
#include <string>
#include <vector>

#include "bindings-test.h"
#include "test-vmstate-c.h"

using Bytes = std::vector<uint8_t>;

/* ---- the C++ twin of VmsAll ---- */

struct CxxInner {
    uint16_t a;
    int32_t b;

    static constexpr qemu::VMState<CxxInner> vmstate()
    {
        return qemu::VMState<CxxInner>("vms/inner")
            .version_id(1).minimum_version_id(1)
            .fields(QEMU_VMSTATE(a), QEMU_VMSTATE(b));
    }
};

struct CxxRegs {
    uint32_t cr;
    uint8_t lcr;
};

/* Same members as VmsAll, C++ types where they differ (qemu::Clock). */
struct CxxAll {
    bool b;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    bool ab[3];
    uint8_t au8[5];
    uint16_t au16[3];
    std::array<uint32_t, 4> au32;
    uint64_t au64[2];
    int8_t ai8[3];
    int16_t ai16[2];
    int32_t ai32[2];
    int64_t ai64[2];
    CxxInner inner;
    CxxInner inners[2];
    CxxRegs state;
    qemu::Clock *clk;
    QEMUTimer *timer;
    QEMUTimer *timers[2];
    uint32_t since2;

    static constexpr qemu::VMState<CxxAll> vmstate();
};

/* CxxAll's list, for any state with its members (QEMU_VMSTATE's paths). */
template <typename S>
constexpr qemu::VMState<S> cxx_all_vmstate()
{
    return qemu::VMState<S>("vms")
        .version_id(2).minimum_version_id(1)
        .fields(QEMU_VMSTATE(b), QEMU_VMSTATE(u8), QEMU_VMSTATE(u16),
                QEMU_VMSTATE(u32), QEMU_VMSTATE(u64), QEMU_VMSTATE(i8),
                QEMU_VMSTATE(i16), QEMU_VMSTATE(i32), QEMU_VMSTATE(i64),
                QEMU_VMSTATE(ab), QEMU_VMSTATE(au8), QEMU_VMSTATE(au16),
                QEMU_VMSTATE(au32), QEMU_VMSTATE(au64),
                QEMU_VMSTATE(ai8), QEMU_VMSTATE(ai16),
                QEMU_VMSTATE(ai32), QEMU_VMSTATE(ai64))
        .fields(QEMU_VMSTATE(inner).version_id(1),
                QEMU_VMSTATE(inners).version_id(1),
                QEMU_VMSTATE_AS(uint32_t, state.cr),
                QEMU_VMSTATE(state.lcr), QEMU_VMSTATE(clk),
                QEMU_VMSTATE(timer), QEMU_VMSTATE(timers),
                QEMU_VMSTATE(since2).version_id(2),
                qemu::vmstate_unused(4));
}

constexpr qemu::VMState<CxxAll> CxxAll::vmstate()
{
    return cxx_all_vmstate<CxxAll>();
}

/* The same list from a vmstate() that is not constexpr. */
struct CxxAllAtRunTime : CxxAll {
    static qemu::VMState<CxxAllAtRunTime> vmstate()
    {
        return cxx_all_vmstate<CxxAllAtRunTime>();
    }
};

/*
 * A constexpr vmstate() makes the tables a constant (data, no code: the
 * compiler reads them here); without constexpr they are built at run time.
 */
static_assert(qemu::ConstexprVmstate<CxxAll> &&
              qemu::ConstexprVmstate<CxxInner> &&
              !qemu::ConstexprVmstate<CxxAllAtRunTime>);
static_assert(qemu::vmstate_description<CxxAll>()->fields[3].offset ==
                  offsetof(CxxAll, u32) &&
              qemu::vmstate_description<CxxAll>()->fields[3].info ==
                  &vmstate_info_uint32 &&
              qemu::vmstate_description<CxxAll>()->fields[18].vmsd ==
                  qemu::vmstate_description<CxxInner>() &&
              qemu::vmstate_description<CxxAll>()->version_id == 2);

static_assert(sizeof(CxxAll) == sizeof(VmsAll) &&
              std::is_trivially_copyable_v<CxxAll>);
static_assert(qemu::HasVmstate<CxxAll> && qemu::HasVmstate<CxxInner> &&
              !qemu::HasVmstate<CxxRegs>);

static const char *const kind_names[] = {
    "bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32",
    "int64", "bool array", "uint8 array", "uint16 array",
    "uint32 std::array", "uint64 array", "int8 array", "int16 array",
    "int32 array", "int64 array", "struct", "struct array",
    "nested uint32 (state.cr)", "nested uint8 (state.lcr)", "clock",
    "timer pointer", "timer pointer array", "versioned uint32", "unused",
};
enum { N_KINDS = G_N_ELEMENTS(kind_names) };

static Object *clock_parent;

static void setup()
{
    bindings_test::setup([] {
        clock_parent = object_new(TYPE_CONTAINER);
    });
}

static void teardown()
{
    bindings_test::check_no_leak();
}

static void timer_cb(void *)
{
}

/* A VmsAll with a distinct value in every field, and its clock and timers. */
static void fill(VmsAll &s, int seed)
{
    memset(&s, 0, sizeof(s));
    s.b = true;
    s.u8 = uint8_t(0xa0 + seed);
    s.u16 = uint16_t(0xb1b2 + seed);
    s.u32 = 0xc1c2c3c4u + unsigned(seed);
    s.u64 = 0xd1d2d3d4d5d6d7d8ull + unsigned(seed);
    s.i8 = int8_t(-5 - seed);
    s.i16 = int16_t(-300 - seed);
    s.i32 = -70000 - seed;
    s.i64 = -5000000000ll - seed;
    s.ab[1] = true;
    for (int i = 0; i < 5; i++) {
        s.au8[i] = uint8_t(i + seed);
    }
    s.au16[2] = 0xfffe;
    s.au32[0] = 1;
    s.au32[3] = 0x80000000u;
    s.au64[1] = ~0ull;
    s.ai8[0] = -1;
    s.ai16[1] = -2;
    s.ai32[0] = -3;
    s.ai64[1] = -4;
    s.inner = { 0x1234, -42 };
    s.inners[0] = { 1, -1 };
    s.inners[1] = { 2, -2 };
    s.state = { 0x301u + unsigned(seed), 0x70 };
    static int clocks;
    std::string name = "clk" + std::to_string(clocks++);
    s.clk = clock_new(clock_parent, name.c_str());
    clock_set_hz(s.clk, 24000000 + seed);
    s.timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, timer_cb, nullptr);
    timer_mod_ns(s.timer, 1000 + seed);
    s.timers[0] = timer_new_ns(QEMU_CLOCK_VIRTUAL, timer_cb, nullptr);
    timer_mod_ns(s.timers[0], 0x100000000ll);
    s.since2 = 0x22222222;
}

static void release(VmsAll &s)
{
    timer_free(s.timer);
    timer_free(s.timers[0]);
    object_unparent(OBJECT(s.clk));
}

static CxxAll as_cxx(const VmsAll &s)
{
    CxxAll x;
    memcpy(&x, &s, sizeof(x));
    return x;
}

static Bytes save(const VMStateDescription *vmsd, void *opaque)
{
    QEMUFile *f = qemu_shim_file_new_output();
    ck_assert_int_eq(vmstate_save_state(f, vmsd, opaque, nullptr), 0);
    size_t len;
    const uint8_t *data = qemu_shim_file_output_data(f, &len);
    Bytes b(data, data + len);
    qemu_fclose(f);
    return b;
}

static int load(const VMStateDescription *vmsd, void *opaque,
                const Bytes &bytes, int version_id, Error **errp = nullptr)
{
    QEMUFile *f = qemu_shim_file_new_input(bytes.data(), bytes.size());
    int ret = qemu_shim_vmstate_load(f, vmsd, opaque, version_id, errp);
    if (ret == 0) {
        ck_assert_uint_eq(qemu_shim_file_input_remaining(f), 0);
    }
    qemu_fclose(f);
    return ret;
}

/* A description of just @field, to save one field kind alone. */
static Bytes save_one(const VMStateField &field, void *opaque)
{
    VMStateField fields[2] = { field, {} };
    VMStateDescription d = {};
    d.name = "one";
    d.version_id = 2;
    d.fields = fields;
    return save(&d, opaque);
}

/* Field kind _i: the same table entry and the same bytes as C's. */
START_TEST(test_field_kind)
{
    const VMStateField &c = vms_c_all.fields[_i];
    const VMStateField &x = qemu::vmstate_description<CxxAll>()->fields[_i];
    const char *kind = kind_names[_i];

    ck_assert_msg(!strcmp(c.name, x.name), "%s: name", kind);
    ck_assert_msg(c.offset == x.offset, "%s: offset", kind);
    ck_assert_msg(c.size == x.size, "%s: size", kind);
    ck_assert_msg(c.start == x.start, "%s: start", kind);
    ck_assert_msg(c.num == x.num, "%s: num", kind);
    ck_assert_msg(c.num_offset == x.num_offset, "%s: num_offset", kind);
    ck_assert_msg(c.size_offset == x.size_offset, "%s: size_offset", kind);
    ck_assert_msg(c.info == x.info, "%s: info", kind);
    ck_assert_msg(c.flags == x.flags, "%s: flags", kind);
    ck_assert_msg(c.version_id == x.version_id, "%s: version_id", kind);
    ck_assert_msg(c.struct_version_id == x.struct_version_id, "%s", kind);
    ck_assert_msg(!c.field_exists && !x.field_exists, "%s: test", kind);
    ck_assert_msg(!c.vmsd == !x.vmsd, "%s: vmsd", kind);
    if (c.vmsd) {
        ck_assert_msg(!strcmp(c.vmsd->name, x.vmsd->name), "%s", kind);
    }

    VmsAll s;
    fill(s, 0);
    CxxAll cxx = as_cxx(s);
    Bytes cb = save_one(c, &s);
    Bytes xb = save_one(x, &cxx);
    ck_assert_msg(cb == xb, "%s: %zu bytes from C, %zu from C++", kind,
                  cb.size(), xb.size());
    release(s);
}
END_TEST

START_TEST(test_same_table_length)
{
    const VMStateDescription *x = qemu::vmstate_description<CxxAll>();
    int n = 0;
    while (vms_c_all.fields[n].name) {
        ck_assert_ptr_nonnull(x->fields[n].name);
        n++;
    }
    ck_assert_int_eq(n, N_KINDS);
    ck_assert_ptr_null(x->fields[n].name);
    ck_assert_str_eq(x->name, "vms");
    ck_assert_int_eq(x->version_id, 2);
    ck_assert_int_eq(x->minimum_version_id, 1);
    ck_assert_ptr_null(x->subsections);
    /* Built once: the same static table every time. */
    ck_assert_ptr_eq(x, qemu::vmstate_description<CxxAll>());
}
END_TEST

/* Built at run time or by the compiler: the same table. */
START_TEST(test_run_time_table_same)
{
    const VMStateDescription *k = qemu::vmstate_description<CxxAll>();
    const VMStateDescription *r =
        qemu::vmstate_description<CxxAllAtRunTime>();
    ck_assert_ptr_ne(k, r);
    ck_assert_str_eq(k->name, r->name);
    ck_assert_int_eq(k->version_id, r->version_id);
    ck_assert_int_eq(k->minimum_version_id, r->minimum_version_id);
    ck_assert_ptr_null(r->subsections);
    int n = 0;
    for (; k->fields[n].name; n++) {
        const VMStateField &x = k->fields[n], &y = r->fields[n];
        ck_assert_ptr_nonnull(y.name);
        ck_assert_str_eq(x.name, y.name);
        ck_assert_ptr_eq(x.err_hint, y.err_hint);
        ck_assert_uint_eq(x.offset, y.offset);
        ck_assert_uint_eq(x.size, y.size);
        ck_assert_uint_eq(x.start, y.start);
        ck_assert_int_eq(x.num, y.num);
        ck_assert_uint_eq(x.num_offset, y.num_offset);
        ck_assert_uint_eq(x.size_offset, y.size_offset);
        ck_assert_ptr_eq(x.info, y.info);
        ck_assert_int_eq(x.flags, y.flags);
        ck_assert_ptr_eq(x.vmsd, y.vmsd);
        ck_assert_int_eq(x.version_id, y.version_id);
        ck_assert_int_eq(x.struct_version_id, y.struct_version_id);
        ck_assert(x.field_exists == y.field_exists);
    }
    ck_assert_int_eq(n, N_KINDS);
    ck_assert_ptr_null(r->fields[n].name);
}
END_TEST

/* The whole state: same bytes, and each side loads the other's stream. */
START_TEST(test_whole_state_round_trip)
{
    const VMStateDescription *x = qemu::vmstate_description<CxxAll>();
    VmsAll s;
    fill(s, 0);
    CxxAll cxx = as_cxx(s);
    Bytes cb = save(&vms_c_all, &s);
    ck_assert(cb == save(x, &cxx));

    /* Into a different C++ state (other values, its own clock, timers). */
    VmsAll other;
    fill(other, 1);
    CxxAll dest = as_cxx(other);
    ck_assert(save(x, &dest) != cb);
    ck_assert_int_eq(load(x, &dest, cb, 2), 0);
    ck_assert(save(x, &dest) == cb);
    ck_assert_uint_eq(dest.state.cr, 0x301);
    ck_assert_uint_eq(dest.au32[3], 0x80000000u);
    ck_assert_int_eq(dest.inners[1].b, -2);
    ck_assert_uint_eq(dest.clk->hz(), 24000000);
    ck_assert_int_eq(timer_expire_time_ns(dest.timer), 1000);

    /* And C loads what C++ wrote. */
    Bytes xb = save(x, &cxx);
    VmsAll back;
    fill(back, 1);
    ck_assert_int_eq(load(&vms_c_all, &back, xb, 2), 0);
    ck_assert(save(&vms_c_all, &back) == cb);
    release(s);
    release(other);
    release(back);
}
END_TEST

/* ---- versions ---- */

struct CxxVersions {
    uint32_t a;
    uint32_t b;

    static qemu::VMState<CxxVersions> vmstate()
    {
        return qemu::VMState<CxxVersions>("versions")
            .version_id(3).minimum_version_id(2)
            .fields(QEMU_VMSTATE(a), QEMU_VMSTATE(b).version_id(3));
    }
};

START_TEST(test_versions)
{
    const VMStateDescription *vmsd = qemu::vmstate_description<CxxVersions>();
    CxxVersions v = { 1, 2 };
    Bytes v3 = save(vmsd, &v);
    ck_assert(v3 == Bytes({ 0, 0, 0, 1, 0, 0, 0, 2 }));

    /* A version 2 stream has no b: b keeps its value. */
    CxxVersions d = { 0, 9 };
    ck_assert_int_eq(load(vmsd, &d, Bytes({ 0, 0, 0, 7 }), 2), 0);
    ck_assert_uint_eq(d.a, 7);
    ck_assert_uint_eq(d.b, 9);
    ck_assert_int_eq(load(vmsd, &d, v3, 3), 0);
    ck_assert_uint_eq(d.b, 2);

    /* Below the minimum, or newer than ours: refused, state unchanged. */
    Error *err = nullptr;
    ck_assert_int_lt(load(vmsd, &d, Bytes({ 0, 0, 0, 5 }), 1, &err), 0);
    ck_assert_str_eq(error_get_pretty(err), "versions: incoming version_id 1 "
                     "is too old for local minimum version_id 2");
    error_free(err);
    err = nullptr;
    ck_assert_int_lt(load(vmsd, &d, v3, 4, &err), 0);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "too new"));
    error_free(err);
    ck_assert_uint_eq(d.a, 1);
}
END_TEST

/* ---- a device's own scalar types ---- */

/* A register as a type, migrated as the uint32_t it wraps. */
struct Cr {
    uint32_t bits;
};

template <>
struct qemu::VMStateScalar<Cr> : qemu::VMStateScalar<uint32_t> {
};

enum class Mode : uint8_t { idle = 1, busy = 0x81 };

struct CxxTyped {
    Cr cr;
    Mode mode;
    Cr saved[2];


    static qemu::VMState<CxxTyped> vmstate()
    {
        return qemu::VMState<CxxTyped>("typed")
            .fields(QEMU_VMSTATE(cr), QEMU_VMSTATE(mode),
                    QEMU_VMSTATE(saved),
                    /* an element, named as QEMU names the field */
                    QEMU_VMSTATE(saved[0]).name("first"));
    }
};

START_TEST(test_register_and_enum_types)
{
    const VMStateDescription *vmsd = qemu::vmstate_description<CxxTyped>();
    ck_assert_ptr_eq(vmsd->fields[0].info, &vmstate_info_uint32);
    ck_assert_ptr_eq(vmsd->fields[1].info, &vmstate_info_uint8);
    ck_assert_int_eq(vmsd->fields[2].num, 2);
    ck_assert_str_eq(vmsd->fields[2].name, "saved");
    ck_assert_str_eq(vmsd->fields[3].name, "first");
    ck_assert_uint_eq(vmsd->fields[3].offset, offsetof(CxxTyped, saved));

    CxxTyped t = { { 0x0a0b0c0d }, Mode::busy, { { 1 }, { 2 } } };
    Bytes b = save(vmsd, &t);
    ck_assert(b == Bytes({ 0x0a, 0x0b, 0x0c, 0x0d, 0x81,
                           0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1 }));
    CxxTyped d = {};
    ck_assert_int_eq(load(vmsd, &d, b, 0), 0);
    ck_assert_uint_eq(d.cr.bits, 0x0a0b0c0d);
    ck_assert(d.mode == Mode::busy);
    ck_assert_uint_eq(d.saved[1].bits, 2);
}
END_TEST

/* ---- subsections ---- */

/* VmsSub with private fields and a member-function predicate. */
class CxxSub {
public:
    CxxSub(uint32_t base, bool send_extra, uint16_t extra)
        : base_(base), send_extra_(send_extra), extra_(extra)
    {
    }

    uint16_t extra() const
    {
        return extra_;
    }

    bool extra_needed() const
    {
        return send_extra_;
    }

    static qemu::VMState<CxxSub> vmstate()
    {
        return qemu::VMState<CxxSub>("vms-sub")
            .version_id(1).minimum_version_id(1)
            .fields(QEMU_VMSTATE(base_))
            .subsections(qemu::VMState<CxxSub>("vms-sub/extra")
                             .version_id(1).minimum_version_id(1)
                             .needed<&CxxSub::extra_needed>()
                             .fields(QEMU_VMSTATE(extra_)));
    }

private:
    uint32_t base_;
    bool send_extra_;
    uint16_t extra_;
};

/* The same with a lambda as the predicate. */
struct CxxSubLambda {
    uint32_t base;
    bool send_extra;
    uint16_t extra;

    static constexpr qemu::VMState<CxxSubLambda> vmstate()
    {
        return qemu::VMState<CxxSubLambda>("vms-sub")
            .version_id(1).minimum_version_id(1)
            .fields(QEMU_VMSTATE(base))
            .subsections(qemu::VMState<CxxSubLambda>("vms-sub/extra")
                             .version_id(1).minimum_version_id(1)
                             .needed<[](const CxxSubLambda &s) {
                                 return s.send_extra;
                             }>()
                             .fields(QEMU_VMSTATE(extra)));
    }
};

/* Subsections in a constant and built at run time: the same bytes. */
static_assert(qemu::ConstexprVmstate<CxxSubLambda> &&
              !qemu::ConstexprVmstate<CxxSub>);

START_TEST(test_subsections)
{
    for (bool send : { false, true }) {
        VmsSub c = { 0x11223344, send, 0xbeef };
        CxxSub m(0x11223344, send, 0xbeef);
        CxxSubLambda l = { 0x11223344, send, 0xbeef };
        Bytes cb = save(&vms_c_sub, &c);
        ck_assert(cb == save(qemu::vmstate_description<CxxSub>(), &m));
        ck_assert(cb == save(qemu::vmstate_description<CxxSubLambda>(), &l));
        /* The subsection header names it: present exactly when needed. */
        ck_assert_uint_eq(cb.size(), send ? 4 + 1 + 1 + 13 + 4 + 2 : 4);

        CxxSub d(0, false, 0x5555);
        ck_assert_int_eq(load(qemu::vmstate_description<CxxSub>(), &d, cb, 1),
                         0);
        ck_assert_uint_eq(d.extra(), send ? 0xbeef : 0x5555);
    }
    const VMStateDescription *vmsd = qemu::vmstate_description<CxxSub>();
    ck_assert_str_eq(vmsd->subsections[0]->name, "vms-sub/extra");
    ck_assert_ptr_null(vmsd->subsections[1]);
}
END_TEST

/* ---- hooks ---- */

struct CxxHooks {
    uint32_t value;
    bool refuse_save;
    int pre_saves;
    int post_saves;
    int pre_loads;
    int post_load_version;

    qemu::Result<void> pre_save()
    {
        pre_saves++;
        if (refuse_save) {
            return qemu::failure("not now");
        }
        return {};
    }

    qemu::Result<void> post_save()
    {
        post_saves++;
        return {};
    }

    qemu::Result<void> pre_load()
    {
        pre_loads++;
        return {};
    }

    qemu::Result<void> post_load(int version_id)
    {
        if (value > 100) {
            return qemu::failure("value " + std::to_string(value) +
                                 " out of range");
        }
        post_load_version = version_id;
        return {};
    }

    static qemu::VMState<CxxHooks> vmstate()
    {
        return qemu::VMState<CxxHooks>("hooks")
            .version_id(2).minimum_version_id(1)
            .pre_save<&CxxHooks::pre_save>()
            .post_save<&CxxHooks::post_save>()
            .pre_load<&CxxHooks::pre_load>()
            .post_load<&CxxHooks::post_load>()
            .fields(QEMU_VMSTATE(value));
    }
};

START_TEST(test_hooks_called)
{
    const VMStateDescription *vmsd = qemu::vmstate_description<CxxHooks>();
    CxxHooks h = { 42, false, 0, 0, 0, 0 };
    Bytes b = save(vmsd, &h);
    ck_assert_int_eq(h.pre_saves, 1);
    ck_assert_int_eq(h.post_saves, 1);

    CxxHooks d = { 0, false, 0, 0, 0, 0 };
    ck_assert_int_eq(load(vmsd, &d, b, 1), 0);
    ck_assert_uint_eq(d.value, 42);
    ck_assert_int_eq(d.pre_loads, 1);
    ck_assert_int_eq(d.post_load_version, 1);
}
END_TEST

/* A failed post_load: the load fails, the state is as before, and the
 * Error's message is reported. */
START_TEST(test_post_load_failure)
{
    auto child = bindings_test::run_in_child([] {
        const VMStateDescription *vmsd =
            qemu::vmstate_description<CxxHooks>();
        CxxHooks d = { 7, false, 0, 0, 0, 0 };
        Error *err = nullptr;
        ck_assert_int_lt(load(vmsd, &d, Bytes({ 0, 0, 0, 200 }), 2, &err), 0);
        ck_assert_ptr_nonnull(err);
        ck_assert_ptr_nonnull(strstr(error_get_pretty(err),
                                     "hooks: post_load rejected the state"));
        error_free(err);
        ck_assert_uint_eq(d.value, 7);
        _exit(3);
    });
    ck_assert(WIFEXITED(child.status) && WEXITSTATUS(child.status) == 3);
    ck_assert_msg(child.err.find("post_load: value 200 out of range") !=
                  std::string::npos, "stderr: %s", child.err.c_str());
}
END_TEST

START_TEST(test_pre_save_failure)
{
    auto child = bindings_test::run_in_child([] {
        CxxHooks h = { 1, true, 0, 0, 0, 0 };
        QEMUFile *f = qemu_shim_file_new_output();
        Error *err = nullptr;
        ck_assert_int_lt(qemu_shim_vmstate_save(
                             f, qemu::vmstate_description<CxxHooks>(), &h,
                             &err), 0);
        ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "pre_save"));
        error_free(err);
        qemu_fclose(f);
        _exit(3);
    });
    ck_assert(WIFEXITED(child.status) && WEXITSTATUS(child.status) == 3);
    ck_assert_msg(child.err.find("pre_save: not now") != std::string::npos,
                  "stderr: %s", child.err.c_str());
}
END_TEST

/* An exception escaping a hook aborts, naming the hook. */
struct CxxThrows {
    uint8_t v;

    static qemu::VMState<CxxThrows> vmstate()
    {
        return qemu::VMState<CxxThrows>("throws")
            .post_load<[](CxxThrows &) -> qemu::Result<void> {
                throw std::runtime_error("boom");
            }>()
            .fields(QEMU_VMSTATE(v));
    }
};

START_TEST(test_exception_in_hook)
{
    auto child = bindings_test::run_in_child([] {
        CxxThrows t = { 0 };
        load(qemu::vmstate_description<CxxThrows>(), &t, Bytes({ 1 }), 0);
    });
    ck_assert(WIFSIGNALED(child.status) && WTERMSIG(child.status) == SIGABRT);
    ck_assert_msg(child.err.find("callback 'post_load': boom") !=
                  std::string::npos, "stderr: %s", child.err.c_str());
}
END_TEST

/* Table mistakes that QEMU would silently mishandle abort at build. */
struct BadSubsectionName {
    uint8_t v;

    static constexpr qemu::VMState<BadSubsectionName> vmstate()
    {
        return qemu::VMState<BadSubsectionName>("bad")
            .fields(QEMU_VMSTATE(v))
            .subsections(qemu::VMState<BadSubsectionName>("other/v")
                             .fields(QEMU_VMSTATE(v)));
    }
};

struct BadVersions {
    uint8_t v;

    static qemu::VMState<BadVersions> vmstate()
    {
        return qemu::VMState<BadVersions>("bad-versions")
            .version_id(1).minimum_version_id(2)
            .fields(QEMU_VMSTATE(v));
    }
};

/*
 * A mistake in a constexpr vmstate() is no constant: the table is built
 * at run time, where the mistake aborts as in one that is not constexpr.
 */
static_assert(!qemu::ConstexprVmstate<BadSubsectionName> &&
              !qemu::ConstexprVmstate<BadVersions>);

START_TEST(test_bad_tables_abort)
{
    auto sub = bindings_test::run_in_child([] {
        qemu::vmstate_description<BadSubsectionName>();
    });
    ck_assert(WIFSIGNALED(sub.status) && WTERMSIG(sub.status) == SIGABRT);
    ck_assert_msg(sub.err.find("VMState 'other/v': a subsection's name must "
                               "start with its parent's") != std::string::npos,
                  "stderr: %s", sub.err.c_str());

    auto ver = bindings_test::run_in_child([] {
        qemu::vmstate_description<BadVersions>();
    });
    ck_assert(WIFSIGNALED(ver.status) && WTERMSIG(ver.status) == SIGABRT);
    ck_assert(ver.err.find("minimum_version_id is above version_id") !=
              std::string::npos);
}
END_TEST

/* ---- a BqlCell forwards its content's own vmstate() ---- */

struct CellRegs {
    uint32_t a;
    uint16_t b[2];
    CxxInner inner;
    uint8_t late;

    static constexpr qemu::VMState<CellRegs> vmstate()
    {
        return qemu::VMState<CellRegs>("cell/regs")
            .fields(QEMU_VMSTATE(a), QEMU_VMSTATE(b), QEMU_VMSTATE(inner),
                    QEMU_VMSTATE(late).version_id(2));
    }
};

struct CellDev {
    uint64_t before;
    qemu::BqlCell<CellRegs> regs;
    uint8_t after;

    static constexpr qemu::VMState<CellDev> vmstate()
    {
        return qemu::VMState<CellDev>("cell")
            .version_id(2)
            .fields(QEMU_VMSTATE(before), QEMU_VMSTATE(regs),
                    QEMU_VMSTATE(after));
    }
};

/* The same state, its cell's fields named one by one. */
struct CellDevByName : CellDev {
    static qemu::VMState<CellDevByName> vmstate()
    {
        return qemu::VMState<CellDevByName>("cell")
            .version_id(2)
            .fields(QEMU_VMSTATE(before), QEMU_VMSTATE_IN(regs, a),
                    QEMU_VMSTATE_IN(regs, b), QEMU_VMSTATE_IN(regs, inner),
                    QEMU_VMSTATE_IN(regs, late).version_id(2),
                    QEMU_VMSTATE(after));
    }
};

/* A content with a hook: the owner's description must have it. */
struct HookedRegs {
    uint32_t a;
    qemu::Result<void> post_load() { return {}; }

    static constexpr qemu::VMState<HookedRegs> vmstate()
    {
        return qemu::VMState<HookedRegs>("hooked/regs")
            .post_load<&HookedRegs::post_load>()
            .fields(QEMU_VMSTATE(a));
    }
};

struct HookedDev {
    qemu::BqlCell<HookedRegs> regs;

    static constexpr qemu::VMState<HookedDev> vmstate()
    {
        return qemu::VMState<HookedDev>("hooked").fields(QEMU_VMSTATE(regs));
    }
};

/* CellDev's table is a constant, CellDevByName's built at run time. */
static_assert(qemu::ConstexprVmstate<CellDev> &&
              !qemu::ConstexprVmstate<CellDevByName> &&
              !qemu::ConstexprVmstate<HookedDev>);

START_TEST(test_bql_cell_forwards)
{
    const VMStateDescription *fwd = qemu::vmstate_description<CellDev>();
    const VMStateDescription *named =
        qemu::vmstate_description<CellDevByName>();
    /* The same table: names, offsets, formats and versions. */
    int n = 0;
    for (; named->fields[n].name; n++) {
        const VMStateField &x = fwd->fields[n], &y = named->fields[n];
        ck_assert_ptr_nonnull(x.name);
        ck_assert_str_eq(x.name, y.name);
        ck_assert_uint_eq(x.offset, y.offset);
        ck_assert_uint_eq(x.size, y.size);
        ck_assert_int_eq(x.num, y.num);
        ck_assert_ptr_eq(x.info, y.info);
        ck_assert_int_eq(x.flags, y.flags);
        ck_assert_ptr_eq(x.vmsd, y.vmsd);
        ck_assert_int_eq(x.version_id, y.version_id);
    }
    ck_assert_int_eq(n, 6);
    ck_assert_ptr_null(fwd->fields[n].name);
    ck_assert_str_eq(fwd->fields[2].name, "b");
    ck_assert_int_eq(fwd->fields[4].version_id, 2);

    CellDevByName d;
    d.before = 0x0102030405060708ull;
    d.regs.unchecked() = { 0x0a0b0c0d, { 0x1112, 0x1314 }, { 0x2122, -2 },
                           0x31 };
    d.after = 0x41;
    Bytes b = save(fwd, &d);
    ck_assert(b == save(named, &d));
    ck_assert(b == Bytes({ 1, 2, 3, 4, 5, 6, 7, 8, 0x0a, 0x0b, 0x0c, 0x0d,
                           0x11, 0x12, 0x13, 0x14, 0x21, 0x22, 0xff, 0xff,
                           0xff, 0xfe, 0x31, 0x41 }));
    CellDevByName e;
    e.after = 0;
    e.regs.unchecked() = {};
    ck_assert_int_eq(load(fwd, &e, b, 2), 0);
    ck_assert_uint_eq(e.regs.unchecked().late, 0x31);
    ck_assert_int_eq(e.regs.unchecked().inner.b, -2);
    ck_assert_uint_eq(e.after, 0x41);

    auto child = bindings_test::run_in_child([] {
        qemu::vmstate_description<HookedDev>();
    });
    ck_assert(WIFSIGNALED(child.status) && WTERMSIG(child.status) == SIGABRT);
    ck_assert_msg(child.err.find("VMState 'hooked/regs': the content of a "
                                 "BqlCell is listed in its owner's") !=
                  std::string::npos, "stderr: %s", child.err.c_str());
}
END_TEST

/* ---- a C++ part after its QOM parent, as qemu-cxx/class.hh lays it out ---- */

#define TYPE_TEST_VMS_PART "test-vms-part"

struct PartParent {
    Object parent_obj;
    uint64_t parent_field;
};

class Part {
public:
    uint32_t x;
    int loads;

    qemu::Result<void> post_load()
    {
        loads++;
        if (x == 0xdead) {
            return qemu::failure("dead");
        }
        return {};
    }

    static constexpr qemu::VMState<Part> vmstate()
    {
        return qemu::VMState<Part>("part")
            .post_load<&Part::post_load>()
            .fields(QEMU_VMSTATE(x));
    }
};

template <>
struct qemu::QomType<Part> {
    static constexpr const char *name = TYPE_TEST_VMS_PART;
    using parent = qemu::Object;
    using class_type = ::ObjectClass;
    static constexpr bool is_interface = false;
    static constexpr size_t object_offset =
        (sizeof(PartParent) + alignof(Part) - 1) / alignof(Part) *
        alignof(Part);
};

/*
 * A constant, though vmstate() was compiled in the class body before
 * QomType<Part> said where Part starts: the offset is added last.
 */
static_assert(qemu::ConstexprVmstate<Part>);

START_TEST(test_part_after_parent)
{
    TypeInfo info = {};
    info.name = TYPE_TEST_VMS_PART;
    info.parent = TYPE_OBJECT;
    info.instance_size = qemu::QomType<Part>::object_offset + sizeof(Part);
    type_register(&info);

    Object *obj = object_new(TYPE_TEST_VMS_PART);
    Part *p = qemu::from_object<Part>(obj);
    p->x = 0x01020304;
    reinterpret_cast<PartParent *>(obj)->parent_field = ~0ull;

    /* Offsets count from the QOM instance, the opaque QEMU passes. */
    const VMStateDescription *vmsd = qemu::vmstate_description<Part>();
    ck_assert_uint_eq(vmsd->fields[0].offset,
                      qemu::QomType<Part>::object_offset);
    Bytes b = save(vmsd, obj);
    ck_assert(b == Bytes({ 1, 2, 3, 4 }));

    ck_assert_int_eq(load(vmsd, obj, Bytes({ 0, 0, 0, 9 }), 0), 0);
    ck_assert_uint_eq(p->x, 9);
    ck_assert_int_eq(p->loads, 1);
    ck_assert_uint_eq(reinterpret_cast<PartParent *>(obj)->parent_field,
                      ~0ull);

    /* The report names the QOM type. */
    auto child = bindings_test::run_in_child([obj] {
        load(qemu::vmstate_description<Part>(), obj,
             Bytes({ 0, 0, 0xde, 0xad }), 0);
    });
    ck_assert_msg(child.err.find("test-vms-part: post_load: dead") !=
                  std::string::npos, "stderr: %s", child.err.c_str());
    object_unref(obj);
}
END_TEST

int main()
{
    Suite *s = suite_create("bindings-vmstate");
    TCase *tc = tcase_create("vmstate");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_field_kind, 0, N_KINDS);
    tcase_add_test(tc, test_same_table_length);
    tcase_add_test(tc, test_run_time_table_same);
    tcase_add_test(tc, test_whole_state_round_trip);
    tcase_add_test(tc, test_versions);
    tcase_add_test(tc, test_register_and_enum_types);
    tcase_add_test(tc, test_subsections);
    tcase_add_test(tc, test_hooks_called);
    tcase_add_test(tc, test_post_load_failure);
    tcase_add_test(tc, test_pre_save_failure);
    tcase_add_test(tc, test_exception_in_hook);
    tcase_add_test(tc, test_bad_tables_abort);
    tcase_add_test(tc, test_part_after_parent);
    tcase_add_test(tc, test_bql_cell_forwards);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
