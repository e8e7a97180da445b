/*
 * A bare-metal firmware for qemu-system-arm -M virt (GICv2): the PL011 at
 * UART_BASE first polled, then interrupt-driven through the GIC (SPI
 * UART_SPI), with no Linux in between, so that a failure in guest-pl011
 * can be told apart from the driver's complexity. QEMU loads it as a raw
 * image at 0x40010000; the code is position-independent (PC-relative
 * literals only), so the assembler's .text is the image.
 *
 * Output (host side: bare-metal-test.py):
 *   "bare: polled\n", then echoes one line read by polling FR;
 *   "bare: irq\n", then echoes what each RX interrupt brings, up to '\n';
 *   "bare: bytes XXXXXXXX irqs XXXXXXXX\n" (hex), and PSCI SYSTEM_OFF.
 */
    .syntax unified
    .arch armv7-a
    .arch_extension virt
    .arm
    .text

#define DR      0x00
#define FR      0x18
#define IBRD    0x24
#define FBRD    0x28
#define LCR_H   0x2c
#define CR      0x30
#define IMSC    0x38
#define FR_RXFE 0x10
#define FR_TXFF 0x20

#define GICD        0x08000000
#define GICC        0x08010000
#define GICD_CTLR   0x000
#define GICD_ISENABLER 0x100
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICC_CTLR   0x000
#define GICC_PMR    0x004
#define GICC_IAR    0x00c
#define GICC_EOIR   0x010
#define IRQ_ID      (32 + UART_SPI)

    .global _start
_start:
    cpsid   if                  @ the GIC is polled after WFI: no vectors
    ldr     sp, =0x40100000     @ below the image's 1 MiB mark is free RAM
    ldr     r4, =UART_BASE

    /* 115200 8N1 from the 24 MHz uartclk, FIFOs on, RX and TX on. */
    mov     r0, #0
    str     r0, [r4, #CR]
    mov     r0, #13
    str     r0, [r4, #IBRD]
    mov     r0, #1
    str     r0, [r4, #FBRD]
    mov     r0, #0x70
    str     r0, [r4, #LCR_H]
    ldr     r0, =0x301
    str     r0, [r4, #CR]

    adr     r0, msg_polled
    bl      puts
1:  bl      getc_polled
    bl      putc
    cmp     r0, #'\n'
    bne     1b

    /* GIC: the UART's SPI enabled, priority 0xa0, to CPU 0; PMR lets it in. */
    ldr     r5, =GICD
    ldr     r6, =GICC
    mov     r0, #1
    str     r0, [r5, #GICD_CTLR]
    mov     r0, #0xa0
    ldr     r1, =GICD_IPRIORITYR + IRQ_ID
    strb    r0, [r5, r1]
    mov     r0, #1
    ldr     r1, =GICD_ITARGETSR + IRQ_ID
    strb    r0, [r5, r1]
    mov     r0, #1
    lsl     r0, r0, #(IRQ_ID % 32)
    ldr     r1, =GICD_ISENABLER + 4 * (IRQ_ID / 32)
    str     r0, [r5, r1]
    mov     r0, #0xf0
    str     r0, [r6, #GICC_PMR]
    mov     r0, #1
    str     r0, [r6, #GICC_CTLR]
    mov     r0, #0x50           @ RXIM | RTIM
    str     r0, [r4, #IMSC]

    adr     r0, msg_irq
    bl      puts
    mov     r7, #0              @ bytes received
    mov     r8, #0              @ UART interrupts taken
    mov     r9, #0              @ saw '\n'
wait:
    wfi                         @ wakes on a pending IRQ, masked or not
    ldr     r10, [r6, #GICC_IAR]
    ubfx    r1, r10, #0, #10    @ the interrupt id
    ldr     r2, =1023
    cmp     r1, r2
    beq     wait                @ spurious
    cmp     r1, #IRQ_ID
    bne     eoi
    add     r8, r8, #1
drain:
    ldr     r1, [r4, #FR]
    tst     r1, #FR_RXFE
    bne     eoi
    ldr     r0, [r4, #DR]
    and     r0, r0, #0xff
    add     r7, r7, #1
    bl      putc
    cmp     r0, #'\n'
    moveq   r9, #1
    b       drain
eoi:
    str     r10, [r6, #GICC_EOIR]
    cmp     r9, #1
    bne     wait

    adr     r0, msg_bytes
    bl      puts
    mov     r0, r7
    bl      puthex
    adr     r0, msg_irqs
    bl      puts
    mov     r0, r8
    bl      puthex
    mov     r0, #'\n'
    bl      putc
    ldr     r0, =0x84000008     @ PSCI SYSTEM_OFF (virt: conduit HVC)
    hvc     #0
    b       .

/* r0: the byte to send; keeps r0. */
putc:
    ldr     r1, [r4, #FR]
    tst     r1, #FR_TXFF
    bne     putc
    str     r0, [r4, #DR]
    bx      lr

/* Returns the next received byte in r0. */
getc_polled:
    ldr     r1, [r4, #FR]
    tst     r1, #FR_RXFE
    bne     getc_polled
    ldr     r0, [r4, #DR]
    and     r0, r0, #0xff
    bx      lr

/* r0: a NUL-terminated string. */
puts:
    push    {r5, lr}
    mov     r5, r0
2:  ldrb    r0, [r5], #1
    cmp     r0, #0
    popeq   {r5, pc}
    bl      putc
    b       2b

/* r0: printed as 8 hex digits. */
puthex:
    push    {r5, r6, lr}
    mov     r5, r0
    mov     r6, #28
3:  lsr     r0, r5, r6
    and     r0, r0, #0xf
    cmp     r0, #10
    addlo   r0, r0, #'0'
    addhs   r0, r0, #('a' - 10)
    bl      putc
    subs    r6, r6, #4
    bpl     3b
    pop     {r5, r6, pc}

/* Word-aligned: ADR reaches them with a rotated 8-bit offset. */
    .balign 4
msg_polled: .asciz "bare: polled\n"
    .balign 4
msg_irq:    .asciz "bare: irq\n"
    .balign 4
msg_bytes:  .asciz "bare: bytes "
    .balign 4
msg_irqs:   .asciz " irqs "
    .balign 4
    .ltorg
