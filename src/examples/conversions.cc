// Example for qemu-cxx/conversions.hh: values into C and back, with the C
// memory owned by a type at every step.
#include "qemu-cxx/conversions.hh"

int main()
{
    // Clone into a g_malloc'ed C string; .get() lends it to C.
    qemu::COwned<std::string> c = qemu::clone_to_c(std::string("abc"));
    g_assert(strcmp(c.get(), "abc") == 0);

    // A C++ copy of a C string the caller keeps.
    std::string s = qemu::clone_from_c<std::string>(c.get());
    g_assert(s == "abc");

    // A string a C function returns for the caller to free: into_native
    // frees it, exactly once.
    std::string t = qemu::into_native<std::string>(g_strdup_printf("%d", 42));
    g_assert(t == "42");

    // NULL is a valid C value only where C++ can say "nothing".
    g_assert(!qemu::into_native<std::optional<std::string>>(nullptr));

    // Vectors of strings <-> NULL-terminated char ** (GStrv).
    auto strv = qemu::clone_to_c(std::vector<std::string>{"a", "b"});
    g_assert(g_strv_length(strv.get()) == 2);
    auto back = qemu::into_native(std::move(strv));
    g_assert((back == std::vector<std::string>{"a", "b"}));
    return 0;
}
