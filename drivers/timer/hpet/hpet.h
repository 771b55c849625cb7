/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The HPET's register map (IA-PC HPET specification 1.0a, section 2.3):
 * the offsets and the bits the driver uses, named as the specification
 * names them, and nothing else.  Every register is 64 bits wide; the
 * driver reaches each as two 32-bit halves (low at the offset, high at
 * offset + 4), since 32-bit accesses are the ones every HPET must take.
 */
#pragma once

/* General registers. */
#define HPET_GCAP_ID       0x000 /* General Capabilities and ID (read-only) */
#define HPET_GCAP_PERIOD   0x004 /* its high half: COUNTER_CLK_PERIOD, femtoseconds per tick */
#define HPET_GEN_CONF      0x010 /* General Configuration */
#define HPET_MAIN_COUNTER  0x0f0 /* Main Counter Value; writable only while halted */
#define HPET_REGISTER_SIZE 0x400 /* the block's registers span 1 KiB */

/* General Capabilities and ID, low half. */
#define HPET_CAP_NUM_TIM(v) ((((v) >> 8) & 0x1f) + 1) /* NUM_TIM_CAP holds the count less one */
#define HPET_CAP_COUNT_SIZE (1u << 13)                /* the main counter is 64 bits wide */
#define HPET_CAP_LEG_RT     (1u << 15)                /* LegacyReplacement routing exists */
#define HPET_PERIOD_MAX_FS  100000000u /* 100 ns: the specification's largest period */

/* General Configuration. */
#define HPET_CONF_ENABLE (1u << 0) /* ENABLE_CNF: the main counter runs, comparators may fire */
#define HPET_CONF_LEG_RT (1u << 1) /* LEG_RT_CNF: timer 0 on ISA IRQ 0, timer 1 on IRQ 8 */

/* Timer n's registers. */
#define HPET_TN_CONF(n) (0x100 + 0x20 * (n)) /* Configuration and Capability */
#define HPET_TN_CMP(n)  (0x108 + 0x20 * (n)) /* Comparator Value */

/* Timer n's Configuration and Capability, low half. */
#define HPET_TN_INT_TYPE_LEVEL (1u << 1)  /* Tn_INT_TYPE_CNF: 0 edge-triggered, 1 level */
#define HPET_TN_INT_ENB        (1u << 2)  /* Tn_INT_ENB_CNF: a match raises the interrupt */
#define HPET_TN_TYPE_PERIODIC  (1u << 3)  /* Tn_TYPE_CNF: 0 one-shot */
#define HPET_TN_SIZE_CAP       (1u << 5)  /* the comparator is 64 bits wide */
#define HPET_TN_VAL_SET        (1u << 6)  /* Tn_VAL_SET_CNF: periodic mode's accumulator write */
#define HPET_TN_32MODE         (1u << 8)  /* Tn_32MODE_CNF: run a 64-bit timer as 32 bits */
#define HPET_TN_FSB_EN         (1u << 14) /* Tn_FSB_EN_CNF: deliver as a message, not a line */
