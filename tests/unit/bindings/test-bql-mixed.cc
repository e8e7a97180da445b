/*
 * BqlCell in a module whose translation units disagree on NDEBUG: each
 * keeps its own borrow code (tracked without NDEBUG, not with it), none
 * takes the other's, and no borrow stays stuck. Built at -O0, so that the
 * borrow functions are real calls that the linker could merge across
 * the two files if they shared a name (they did before issue 14: one
 * file's borrow_mut() then ran with the other's destructor).
 */
#include "qemu-cxx/bql.hh"

#include <cstdio>

bool borrowed_while_held_ndebug(qemu::BqlCell<int> &cell);

static bool borrowed_while_held_checked(qemu::BqlCell<int> &cell)
{
    auto r = cell.borrow_mut();
    *r += 1;
    return cell.borrowed();
}

static int passed, failed;

static void check(bool ok, const char *what)
{
    (ok ? passed : failed)++;
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
}

int main()
{
    static_assert(qemu::detail::check_borrows, "built without NDEBUG");
    qemu::BqlGuard bql;
    qemu::BqlCell<int> cell(0);

    check(borrowed_while_held_checked(cell), "tracked without NDEBUG");
    check(!cell.borrowed(), "released without NDEBUG");
    check(!borrowed_while_held_ndebug(cell), "not tracked with NDEBUG");
    check(!cell.borrowed(), "nothing stuck after the NDEBUG borrow");
    check(borrowed_while_held_checked(cell), "tracked again");
    check(!cell.borrowed(), "released again");
    check(*cell.borrow() == 3, "three increments");
    printf("SUBTESTS: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
