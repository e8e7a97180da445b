/*
 * The NDEBUG half of test-bql-mixed: a borrow taken in a translation unit
 * built with NDEBUG (no tracking), linked with one built without.
 */
#include "qemu-cxx/bql.hh"

bool borrowed_while_held_ndebug(qemu::BqlCell<int> &cell);

bool borrowed_while_held_ndebug(qemu::BqlCell<int> &cell)
{
    auto r = cell.borrow_mut();
    *r += 1;
    return cell.borrowed();
}
