/*
 * Unit tests of qemu-cxx/properties.hh: the generated Property table equals
 * the C one written with DEFINE_PROP_* (test-properties-c.c) entry by
 * entry, and a sysbus device whose C++ part sits after its QOM parent (as
 * qemu-cxx/class.hh lays classes out) gets every property type working:
 * defaults, parsing from strings, QEMU's messages for bad strings, no
 * setting after realize, chardev and link properties, and the listing
 * device-list-properties shows.
 */
#include "qemu-cxx/properties.hh"
#include "qemu-cxx/chardev.hh"
#include "qemu-cxx/sysbus.hh"
#include "qemu/units.h"

#include "exec/address-spaces.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"

#include <csignal>
#include <string>

#include "bindings-test.h"
#include "test-properties-c.h"

#define TYPE_TEST_PROPS "test-props"

/* The C++ part of "test-props": TestPropsC's fields, after SysBusDevice. */
class TestProps {
public:
    bool foo;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    int32_t i32;
    int64_t i64;
    uint64_t size;
    char *str;
    CharBackend chr;
    Object *link;
    struct {
        bool migrate_clk;
    } conf;

    static constexpr qemu::Properties<TestProps> properties();
};

/* TestProps's list, for any state with its members (QEMU_PROP's paths). */
template <typename S>
constexpr qemu::Properties<S> test_props_list()
{
    return {
        QEMU_PROP("foo", foo, true),
        QEMU_PROP("u8", u8, 7),
        QEMU_PROP("u16", u16, 1000),
        QEMU_PROP("u32", u32, 70000),
        QEMU_PROP("u64", u64, 1ull << 40),
        QEMU_PROP("i32", i32, -5),
        QEMU_PROP("i64", i64, -(1ll << 40)),
        QEMU_PROP_SIZE("size", size, 4 * KiB),
        QEMU_PROP("str", str),
        QEMU_PROP("chardev", chr),
        QEMU_PROP_LINK("link", link, TYPE_TEST_PROPS_TARGET),
        QEMU_PROP("migrate-clk", conf.migrate_clk, true),
    };
}

constexpr qemu::Properties<TestProps> TestProps::properties()
{
    return test_props_list<TestProps>();
}

/* The same list from a properties() that is not constexpr. */
struct TestPropsAtRunTime : TestProps {
    static qemu::Properties<TestPropsAtRunTime> properties()
    {
        return test_props_list<TestPropsAtRunTime>();
    }
};

template <>
struct qemu::QomType<TestProps> {
    static constexpr const char *name = TYPE_TEST_PROPS;
    using parent = qemu::SysBusDevice;
    using class_type = ::SysBusDeviceClass;
    static constexpr bool is_interface = false;
    static constexpr size_t object_offset =
        (sizeof(::SysBusDevice) + alignof(TestProps) - 1) /
        alignof(TestProps) * alignof(TestProps);
};

static_assert(qemu::HasProperties<TestProps>);
/* A constexpr properties() makes the table data; else built at run time. */
static_assert(qemu::ConstexprProperties<TestProps> &&
              !qemu::ConstexprProperties<TestPropsAtRunTime>);
static_assert(!qemu::HasProperties<TestPropsC>);

static void test_props_class_init(ObjectClass *oc, void *)
{
    device_class_set_props(DEVICE_CLASS(oc),
                           qemu::property_table<TestProps>());
}

static const TypeInfo test_props_info = [] {
    TypeInfo i = {};
    i.name = TYPE_TEST_PROPS;
    i.parent = TYPE_SYS_BUS_DEVICE;
    i.instance_size = qemu::QomType<TestProps>::object_offset +
                      sizeof(TestProps);
    i.class_init = test_props_class_init;
    return i;
}();

static void setup()
{
    bindings_test::setup([] {
        container_get(qdev_get_machine(), "/unattached");
        container_get(object_get_root(), "/chardevs");
        sysbus_get_default();
        get_system_memory();
        type_register_static(&test_props_info);
    });
}

static void teardown()
{
    bindings_test::check_no_leak();
}

static qemu::Ref<qemu::SysBusDevice> new_dev()
{
    return qemu::create<qemu::SysBusDevice>(TYPE_TEST_PROPS).value();
}

static TestProps &part(qemu::SysBusDevice &dev)
{
    return *qemu::from_object<TestProps>(qemu::object_ptr(dev));
}

/* Set @name from @value as -device and qom-set do; the error or "". */
static std::string parse(qemu::SysBusDevice &dev, const char *name,
                         const char *value)
{
    Error *err = nullptr;
    if (object_property_parse(qemu::object_ptr(dev), name, value, &err)) {
        ck_assert_ptr_null(err);
        return "";
    }
    std::string msg = error_get_pretty(err);
    error_free(err);
    return msg;
}

static std::string print(qemu::SysBusDevice &dev, const char *name,
                         bool human = false)
{
    char *s = object_property_print(qemu::object_ptr(dev), name, human,
                                    &error_abort);
    std::string r = s;
    g_free(s);
    return r;
}

START_TEST(test_table_matches_c)
{
    const Property *x = qemu::property_table<TestProps>();
    ck_assert_ptr_eq(x, qemu::property_table<TestProps>());   /* once */

    int n = 0;
    for (; test_props_c[n].name; n++) {
        const Property &c = test_props_c[n];
        const Property &p = x[n];
        ck_assert_ptr_nonnull(p.name);
        ck_assert_str_eq(c.name, p.name);
        ck_assert_msg(c.info == p.info, "%s: info", c.name);
        ck_assert_msg(c.offset == p.offset, "%s: offset %td, C has %td",
                      c.name, p.offset, c.offset);
        ck_assert_msg(c.bitnr == p.bitnr && c.bitmask == p.bitmask, "%s",
                      c.name);
        ck_assert_msg(c.set_default == p.set_default, "%s: set_default",
                      c.name);
        ck_assert_msg(c.defval.u == p.defval.u, "%s: default", c.name);
        ck_assert_msg(!c.link_type == !p.link_type, "%s: link", c.name);
        if (c.link_type) {
            ck_assert_str_eq(c.link_type, p.link_type);
        }
        ck_assert_ptr_null(p.arrayinfo);
    }
    ck_assert_int_eq(n, 12);
    ck_assert_ptr_null(x[n].name);
}
END_TEST

START_TEST(test_defaults)
{
    auto dev = new_dev();
    TestProps &p = part(*dev);
    ck_assert(p.foo);
    ck_assert_uint_eq(p.u8, 7);
    ck_assert_uint_eq(p.u16, 1000);
    ck_assert_uint_eq(p.u32, 70000);
    ck_assert_uint_eq(p.u64, 1ull << 40);
    ck_assert_int_eq(p.i32, -5);
    ck_assert_int_eq(p.i64, -(1ll << 40));
    ck_assert_uint_eq(p.size, 4096);
    ck_assert_ptr_null(p.str);
    ck_assert_ptr_null(p.chr.chr);
    ck_assert_ptr_null(p.link);
    ck_assert(p.conf.migrate_clk);
    ck_assert(print(*dev, "size", true) == "4096 (4 KiB)");
    ck_assert(print(*dev, "i32") == "-5");
}
END_TEST

START_TEST(test_parse_every_type)
{
    auto dev = new_dev();
    TestProps &p = part(*dev);
    ck_assert(parse(*dev, "foo", "off") == "");
    ck_assert(parse(*dev, "u8", "255") == "");
    ck_assert(parse(*dev, "u16", "0x10") == "");
    ck_assert(parse(*dev, "u32", "4294967295") == "");
    ck_assert(parse(*dev, "u64", "18446744073709551615") == "");
    ck_assert(parse(*dev, "i32", "-2147483648") == "");
    ck_assert(parse(*dev, "i64", "-9223372036854775808") == "");
    ck_assert(parse(*dev, "size", "1.5k") == "");
    ck_assert(parse(*dev, "str", "hello") == "");
    ck_assert(parse(*dev, "migrate-clk", "off") == "");

    ck_assert(!p.foo);
    ck_assert_uint_eq(p.u8, 255);
    ck_assert_uint_eq(p.u16, 16);
    ck_assert_uint_eq(p.u32, UINT32_MAX);
    ck_assert_uint_eq(p.u64, UINT64_MAX);
    ck_assert_int_eq(p.i32, INT32_MIN);
    ck_assert_int_eq(p.i64, INT64_MIN);
    ck_assert_uint_eq(p.size, 1536);
    ck_assert_str_eq(p.str, "hello");
    ck_assert(!p.conf.migrate_clk);

    /* A string is replaced, the old one freed (ASan watches). */
    ck_assert(parse(*dev, "str", "again") == "");
    ck_assert(print(*dev, "str") == "again");
}
END_TEST

/* Bad strings: refused with QEMU's messages, the field unchanged. */
START_TEST(test_bad_strings)
{
    static const struct {
        const char *name, *value, *message;
    } cases[] = {
        { "foo", "maybe", "Parameter 'foo' expects 'on' or 'off'" },
        { "u8", "256", "Parameter 'u8' expects uint8_t" },
        { "u16", "-1", "Parameter 'u16' expects uint16_t" },
        { "u32", "4294967296", "Parameter 'u32' expects uint32_t" },
        { "u32", "ten", "Parameter 'u32' expects integer" },
        { "i32", "2147483648", "Parameter 'i32' expects int32_t" },
        { "i64", "x", "Parameter 'i64' expects integer" },
        { "size", "4x", "Parameter 'size' expects size" },
        { "chardev", "nope",
          "Property 'test-props.chardev' can't find value 'nope'" },
    };
    auto dev = new_dev();
    for (const auto &c : cases) {
        std::string msg = parse(*dev, c.name, c.value);
        ck_assert_msg(msg == c.message, "%s=%s: '%s'", c.name, c.value,
                      msg.c_str());
    }
    TestProps &p = part(*dev);
    ck_assert(p.foo);
    ck_assert_uint_eq(p.u8, 7);
    ck_assert_uint_eq(p.u32, 70000);
    ck_assert_uint_eq(p.size, 4096);
    ck_assert_ptr_null(p.chr.chr);
}
END_TEST

START_TEST(test_set_after_realize)
{
    auto dev = new_dev();
    ck_assert(parse(*dev, "u32", "1") == "");
    ck_assert(dev->realize());
    std::string msg = parse(*dev, "u32", "2");
    ck_assert_msg(msg == "Attempt to set property 'u32' on anonymous device "
                  "(type 'test-props') after it was realized", "%s",
                  msg.c_str());
    ck_assert(parse(*dev, "str", "late") != "");
    ck_assert(parse(*dev, "foo", "off") != "");
    ck_assert_uint_eq(part(*dev).u32, 1);
    ck_assert_ptr_null(part(*dev).str);
    ck_assert(part(*dev).foo);
    ck_assert(dev->unrealize());
    dev->unparent();
}
END_TEST

START_TEST(test_chardev)
{
    auto chr = qemu::Chardev::create("ringbuf,id=props0,size=64");
    ck_assert(chr);
    {
        auto dev = new_dev();
        ck_assert(parse(*dev, "chardev", "props0") == "");
        ck_assert_ptr_eq(part(*dev).chr.chr, (*chr)->as_ptr());
        ck_assert(print(*dev, "chardev") == "props0");
        ck_assert(parse(*dev, "chardev", "props0") ==
                  "chardev property already initialized");

        /* The device writes through its backend. */
        ck_assert(dev->realize());
        ck_assert_int_eq(qemu_chr_fe_write_all(&part(*dev).chr,
                                               (const uint8_t *)"ok", 2), 2);
        uint8_t buf[4] = {};
        ck_assert_uint_eq(qemu_shim_ringbuf_read((*chr)->as_ptr(), buf, 4), 2);
        ck_assert_mem_eq(buf, "ok", 2);
        ck_assert(dev->unrealize());
        dev->unparent();
    }
    /* The device released the backend: it can be removed. */
    chr = qemu::failure("dropped");
    ck_assert(qemu::call_c(qemu_shim_chr_remove, "props0"));
}
END_TEST

START_TEST(test_link)
{
    auto target = new_dev();
    ck_assert(qemu::root().property_add_child("props-target", target));
    auto dev = new_dev();

    std::string msg = parse(*dev, "link", "/chardevs");
    ck_assert_msg(msg == "Invalid parameter type for 'link', expected: "
                  TYPE_TEST_PROPS_TARGET, "%s", msg.c_str());
    ck_assert_ptr_null(part(*dev).link);

    ck_assert(parse(*dev, "link", "/props-target") == "");
    ck_assert_ptr_eq(part(*dev).link, qemu::object_ptr(*target));
    ck_assert(print(*dev, "link") == "/props-target");

    ck_assert(dev->realize());
    ck_assert(parse(*dev, "link", "") != "");
    ck_assert_ptr_eq(part(*dev).link, qemu::object_ptr(*target));
    ck_assert(dev->unrealize());
    dev->unparent();
    qemu::Ref<qemu::SysBusDevice>(std::move(dev));
    target->unparent();
}
END_TEST

/* A QObject default as device-list-properties prints it. */
static std::string default_text(QObject *o)
{
    if (QBool *b = qobject_to(QBool, o)) {
        return qbool_get_bool(b) ? "true" : "false";
    }
    QNum *n = qobject_to(QNum, o);
    ck_assert_ptr_nonnull(n);
    int64_t i;
    uint64_t u;
    if (qnum_get_try_int(n, &i)) {
        return std::to_string(i);
    }
    ck_assert(qnum_get_try_uint(n, &u));
    return std::to_string(u);
}

/* What device-list-properties lists: names, types, defaults. */
START_TEST(test_listing)
{
    static const struct {
        const char *name, *type, *defval;
    } expect[] = {
        { "foo", "bool", "true" },
        { "u8", "uint8", "7" },
        { "u16", "uint16", "1000" },
        { "u32", "uint32", "70000" },
        { "u64", "uint64", "1099511627776" },
        { "i32", "int32", "-5" },
        { "i64", "int64", "-1099511627776" },
        { "size", "size", "4096" },
        { "str", "str", nullptr },
        { "chardev", "str", nullptr },
        { "link", "link<" TYPE_TEST_PROPS_TARGET ">", nullptr },
        { "migrate-clk", "bool", "true" },
    };
    ObjectClass *oc = object_class_by_name(TYPE_TEST_PROPS);
    for (const auto &e : expect) {
        ObjectProperty *op = object_class_property_find(oc, e.name);
        ck_assert_msg(op != nullptr, "%s missing", e.name);
        ck_assert_msg(!strcmp(op->type, e.type), "%s: type %s", e.name,
                      op->type);
        ck_assert_msg(!op->defval == !e.defval, "%s: default", e.name);
        if (e.defval) {
            std::string v = default_text(op->defval);
            ck_assert_msg(v == e.defval, "%s: default %s", e.name,
                          v.c_str());
        }
    }
}
END_TEST

/* A table mistake that QEMU would abort on too, found at class init. */
struct Twice {
    bool a;
    bool b;

    static constexpr qemu::Properties<Twice> properties()
    {
        return { QEMU_PROP("x", a, true),
                 QEMU_PROP("x", b, qemu::no_default) };
    }
};

/* A mistake in a constexpr list: no constant, and it aborts at run time. */
static_assert(!qemu::ConstexprProperties<Twice>);

/* Built at run time or by the compiler: the same table. */
START_TEST(test_run_time_table_same)
{
    const Property *k = qemu::property_table<TestProps>();
    const Property *r = qemu::property_table<TestPropsAtRunTime>();
    ck_assert_ptr_ne(k, r);
    int n = 0;
    for (; k[n].name; n++) {
        const Property &x = k[n], &y = r[n];
        ck_assert_ptr_nonnull(y.name);
        ck_assert_str_eq(x.name, y.name);
        ck_assert_str_eq(x.link_type ? x.link_type : "",
                         y.link_type ? y.link_type : "");
        /* TestProps's fields are after its QOM parent, the other's not. */
        ck_assert_int_eq(x.offset - ptrdiff_t(
                             qemu::QomType<TestProps>::object_offset),
                         y.offset);
        ck_assert_ptr_eq(x.info, y.info);
        ck_assert_uint_eq(x.bitnr, y.bitnr);
        ck_assert_uint_eq(x.bitmask, y.bitmask);
        ck_assert_int_eq(x.set_default, y.set_default);
        ck_assert_uint_eq(x.defval.u, y.defval.u);
        ck_assert_int_eq(x.arrayoffset, y.arrayoffset);
        ck_assert_ptr_eq(x.arrayinfo, y.arrayinfo);
        ck_assert_int_eq(x.arrayfieldsize, y.arrayfieldsize);
    }
    ck_assert_int_eq(n, 12);
    ck_assert_ptr_null(r[n].name);
}
END_TEST

START_TEST(test_duplicate_name_aborts)
{
    auto child = bindings_test::run_in_child([] {
        qemu::property_table<Twice>();
    });
    ck_assert(WIFSIGNALED(child.status) && WTERMSIG(child.status) == SIGABRT);
    ck_assert_msg(child.err.find("property 'x': declared twice") !=
                  std::string::npos, "%s", child.err.c_str());
}
END_TEST

int main()
{
    Suite *s = suite_create("bindings-properties");
    TCase *tc = tcase_create("properties");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_table_matches_c);
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_parse_every_type);
    tcase_add_test(tc, test_bad_strings);
    tcase_add_test(tc, test_set_after_realize);
    tcase_add_test(tc, test_chardev);
    tcase_add_test(tc, test_link);
    tcase_add_test(tc, test_listing);
    tcase_add_test(tc, test_run_time_table_same);
    tcase_add_test(tc, test_duplicate_name_aborts);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
