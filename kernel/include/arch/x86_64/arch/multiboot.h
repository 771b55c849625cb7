/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Multiboot (version 1) records, as the loader leaves them in memory, and
 * their translation into the generic struct boot_input.  Layouts are those
 * of the Multiboot Specification 0.6.96.  The test chain loader
 * (tests/boot/mbchain) writes these same records, from this header.
 */
#pragma once

#include <boot/boot.h>

#define MB_INFO_MEMORY  (1u << 0)
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS    (1u << 3)
#define MB_INFO_MMAP    (1u << 6)
#define MB_MMAP_RAM     1

/* The whole information block of spec 0.6.96; the kernel reads flags through mmap_addr. */
struct PACKED mb_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
    uint32_t apm_table;
    uint32_t vbe_control_info, vbe_mode_info;
    uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off, vbe_interface_len;
};

struct PACKED mb_module {
    uint32_t mod_start, mod_end;
    uint32_t string;
    uint32_t reserved;
};

/* One memory-map entry; size counts the bytes after the size field itself. */
struct PACKED mb_mmap_entry {
    uint32_t size;
    uint64_t base_addr;
    uint64_t length;
    uint32_t type;
};

/*
 * Reads the multiboot info at physical address info_pa into in, recording
 * the kernel image as kernel.  Returns BOOT_OK, or BOOT_ERR_BAD_MMAP with
 * a message when the records themselves are malformed.  It does not judge
 * the memory (boot_check_memory does).
 */
enum boot_status multiboot_parse(paddr_t info_pa, struct mem_range kernel, struct boot_input *in,
                                 char *msg, size_t msg_size);
