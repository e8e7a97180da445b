/*
 * qemu/rcu.h - the part of QEMU 7.2's RCU header that struct layouts need.
 *
 * The shim runs one thread under the BQL and frees at once; it has no RCU
 * machinery. struct rcu_head is here because QEMU embeds it in structures
 * modules see (BusChild), so their layout stays QEMU's.
 */
#ifndef QEMU_RCU_H
#define QEMU_RCU_H

struct rcu_head;
typedef void RCUCBFunc(struct rcu_head *head);

struct rcu_head {
    struct rcu_head *next;
    RCUCBFunc *func;
};

#endif /* QEMU_RCU_H */
