/*
 * Unit tests of qemu-cxx/conversions.hh: every conversion both ways, who owns
 * what, and a conversion added outside the library by specialising
 * qemu::Foreign. "Freed exactly once" is checked two ways: a type of this
 * test counts its frees through the same COwned machinery the strings
 * use, and the whole suite runs under ASan, which reports leaks and
 * double frees of the strings themselves.
 */
#include "qemu-cxx/conversions.hh"
#include "qemu-cxx/error.hh"

#include "bindings-test.h"

/* A C struct a device might exchange with C code. */
typedef struct CPoint {
    int x, y;
} CPoint;

static int cpoint_frees;

/* Its C++ counterpart, taught to the conversions from outside. */
struct Point {
    int x, y;
    bool operator==(const Point &) const = default;
};

template <>
struct qemu::Foreign<Point> {
    using c_type = CPoint *;
    using c_const_type = const CPoint *;

    static CPoint *clone_to_c(const Point &p)
    {
        CPoint *c = g_new(CPoint, 1);
        c->x = p.x;
        c->y = p.y;
        return c;
    }
    static Point clone_from_c(const CPoint *c)
    {
        return { c->x, c->y };
    }
    static void free_c(CPoint *c) noexcept
    {
        cpoint_frees++;
        g_free(c);
    }
};

START_TEST(test_string_round_trip)
{
    auto c = qemu::clone_to_c(std::string("hello"));
    static_assert(std::is_same_v<decltype(c), qemu::COwned<std::string>>);
    static_assert(std::is_same_v<decltype(c.get()), char *>);
    ck_assert_str_eq(c.get(), "hello");
    ck_assert(qemu::clone_from_c<std::string>(c.get()) == "hello");
    /* A copy, not the same memory. */
    std::string back = qemu::clone_from_c<std::string>(c.get());
    ck_assert_ptr_ne(back.data(), c.get());

    /* Embedded NULs stop at the C boundary, as C sees them. */
    auto nul = qemu::clone_to_c(std::string("a\0b", 3));
    ck_assert_str_eq(nul.get(), "a");
}
END_TEST

START_TEST(test_string_view_and_c_string)
{
    std::string_view view = std::string_view("abcdef").substr(1, 3);
    auto c = qemu::clone_to_c(view);
    ck_assert_str_eq(c.get(), "bcd");

    const char *literal = "literal";
    auto d = qemu::clone_to_c(literal);
    ck_assert_str_eq(d.get(), "literal");
    ck_assert_ptr_ne(d.get(), literal);
    auto e = qemu::clone_to_c("array");
    ck_assert_str_eq(e.get(), "array");
}
END_TEST

START_TEST(test_into_native_takes_ownership)
{
    /* g_strdup'ed by "C"; into_native frees it (ASan checks once). */
    char *p = g_strdup("owned by C");
    std::string s = qemu::into_native<std::string>(p);
    ck_assert_str_eq(s.c_str(), "owned by C");

    auto owned = qemu::adopt_c<std::string>(g_strdup("adopted"));
    std::string t = qemu::into_native<std::string>(std::move(owned));
    ck_assert_str_eq(t.c_str(), "adopted");
    ck_assert_ptr_null(owned.get());
}
END_TEST

START_TEST(test_release_hands_to_c)
{
    auto c = qemu::clone_to_c(std::string("for C"));
    char *raw = c.release();          /* explicit: C owns it now */
    ck_assert_ptr_null(c.get());
    ck_assert_str_eq(raw, "for C");
    g_free(raw);
}
END_TEST

START_TEST(test_optional_string)
{
    auto none = qemu::clone_to_c(std::optional<std::string>());
    ck_assert_ptr_null(none.get());
    auto some = qemu::clone_to_c(std::optional<std::string>("x"));
    ck_assert_str_eq(some.get(), "x");

    ck_assert(!qemu::clone_from_c<std::optional<std::string>>(nullptr));
    ck_assert(qemu::clone_from_c<std::optional<std::string>>("y") == "y");
    ck_assert(!qemu::into_native<std::optional<std::string>>(nullptr));
    ck_assert(qemu::into_native<std::optional<std::string>>(g_strdup("z")) ==
              "z");
}
END_TEST

START_TEST(test_null_std_string_aborts)
{
    /* NULL is not a std::string: say so, rather than crash later. */
    (void)qemu::clone_from_c<std::string>(nullptr);
}
END_TEST

START_TEST(test_null_std_string_message)
{
    auto r = bindings_test::run_in_child([] {
        (void)qemu::clone_from_c<std::string>(nullptr);
    });
    ck_assert(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT);
    ck_assert_msg(r.err.find("NULL string") != std::string::npos, "%s",
                  r.err.c_str());
}
END_TEST

START_TEST(test_strv)
{
    std::vector<std::string> v{ "one", "", "three" };
    auto strv = qemu::clone_to_c(v);
    static_assert(std::is_same_v<decltype(strv.get()), char **>);
    ck_assert_uint_eq(g_strv_length(strv.get()), 3);
    ck_assert_str_eq(strv.get()[0], "one");
    ck_assert_str_eq(strv.get()[1], "");
    ck_assert_ptr_null(strv.get()[3]);
    ck_assert(qemu::clone_from_c<std::vector<std::string>>(strv.get()) == v);

    /* A GStrv from C, freed by g_strfreev through COwned. */
    char **from_c = g_strsplit("a,b", ",", -1);
    auto back = qemu::into_native<std::vector<std::string>>(from_c);
    ck_assert(back == (std::vector<std::string>{ "a", "b" }));

    auto empty = qemu::clone_to_c(std::vector<std::string>());
    ck_assert_ptr_null(empty.get()[0]);
    ck_assert(qemu::clone_from_c<std::vector<std::string>>(nullptr).empty());
}
END_TEST

START_TEST(test_error_conversion)
{
    qemu::Error e("from C++");
    auto c = qemu::clone_to_c(e);
    static_assert(std::is_same_v<decltype(c.get()), Error *>);
    ck_assert_ptr_ne(c.get(), e.c_ptr());
    ck_assert_str_eq(error_get_pretty(c.get()), "from C++");
    /* The location travels with the copy. */
    ck_assert_int_eq(qemu_shim_error_line(c.get()), e.location().line);

    qemu::Error back = qemu::into_native<qemu::Error>(c.release());
    ck_assert(back.message() == "from C++");
}
END_TEST

START_TEST(test_custom_trait)
{
    cpoint_frees = 0;
    {
        auto c = qemu::clone_to_c(Point{ 1, 2 });
        ck_assert_int_eq(c->x, 1);
        ck_assert_int_eq(c->y, 2);
        ck_assert(qemu::clone_from_c<Point>(c.get()) == (Point{ 1, 2 }));
        ck_assert_int_eq(cpoint_frees, 0);
    }
    ck_assert_int_eq(cpoint_frees, 1);

    /* Handed over by C: converted and freed exactly once. */
    CPoint *from_c = g_new(CPoint, 1);
    from_c->x = 3;
    from_c->y = 4;
    ck_assert(qemu::into_native<Point>(from_c) == (Point{ 3, 4 }));
    ck_assert_int_eq(cpoint_frees, 2);

    /* A released value is C's business, not freed by us. */
    CPoint *released = qemu::clone_to_c(Point{ 5, 6 }).release();
    ck_assert_int_eq(cpoint_frees, 2);
    g_free(released);

    /* Moving the owner does not free. */
    auto a = qemu::clone_to_c(Point{ 7, 8 });
    auto b = std::move(a);
    ck_assert_int_eq(cpoint_frees, 2);
    b.reset();
    ck_assert_int_eq(cpoint_frees, 3);
}
END_TEST

/* Types without a C representation are rejected at compile time. */
static_assert(!qemu::HasForeign<std::vector<int>>);
static_assert(qemu::HasForeign<Point>);

int main()
{
    Suite *s = suite_create("bindings-conversions");
    TCase *tc = tcase_create("conversions");

    tcase_add_test(tc, test_string_round_trip);
    tcase_add_test(tc, test_string_view_and_c_string);
    tcase_add_test(tc, test_into_native_takes_ownership);
    tcase_add_test(tc, test_release_hands_to_c);
    tcase_add_test(tc, test_optional_string);
    tcase_add_test_raise_signal(tc, test_null_std_string_aborts, SIGABRT);
    tcase_add_test(tc, test_null_std_string_message);
    tcase_add_test(tc, test_strv);
    tcase_add_test(tc, test_error_conversion);
    tcase_add_test(tc, test_custom_trait);
    suite_add_tcase(s, tc);
    return bindings_test::run(s);
}
