/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The C library's start in a component, and the system side of its system
 * calls (libc.h).
 *
 * kaal_libc_start maps the heap the info page gives (`heap:` bytes at
 * KAAL_HEAP_VADDR, one broker request against the `memory:` quota) and then
 * enters musl through __libc_start_main, as a Linux program's _start would,
 * with an argv of the component's name, no environment and a small auxv:
 * the page size, the same ids for real and effective user and group and
 * not secure (so musl does not check fds 0-2), AT_RANDOM (malloc's secret)
 * and the program headers (for _Thread_local data).  musl sets up TLS
 * (errno), runs constructors and calls the `main` it is given, which is the
 * runtime's: init() and the event loop, never returning.
 */
#include "libc.h"

#include <elf.h>
#include <interfaces/sel4_client.h>
#include <kaal/broker.h>
#include <kaal/component.h>
#include <kaal/debug.h>

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
                      void (*init_dummy)(void), void (*fini_dummy)(void), void (*ldso_dummy)(void));

/* The ELF header, when the linker placed it in a loaded segment (it does for components). */
extern const Elf64_Ehdr __ehdr_start __attribute__((weak));

void kaal_sys_putc(char c)
{
    seL4_DebugPutChar(c);
}

const char *kaal_sys_name(void)
{
    return kaal_name();
}

_Noreturn void kaal_sys_stop(unsigned long status, unsigned long signal)
{
    kaal_broker_exit(KAAL_SLOT_BROKER, status, signal); /* the root server suspends it */
    for (;;)
        seL4_TCB_Suspend(KAAL_SLOT_TCB); /* a root task with no broker: stop here */
}

long kaal_sys_set_tls(uintptr_t p)
{
    seL4_SetTLSBase(p);
    return 0;
}

static void heap_setup(uint64_t size)
{
    kaal_libc_heap_size = size;
    if (size == 0 || size > KAAL_HEAP_MAX || size % KAAL_HEAP_PAGE != 0)
        return;
    if (kaal_broker_mem_alloc(KAAL_SLOT_BROKER, KAAL_HEAP_VADDR, size, 0) != 0) {
        kaal_log_num("could not map its heap: malloc will return NULL; KiB asked for: ",
                     size / 1024);
        return;
    }
    kaal_heap_init(&kaal_libc_heap, (void *)KAAL_HEAP_VADDR, size);
}

/* 16 bytes for AT_RANDOM, from the TSC: unpredictable enough for malloc's secret.  The raw
 * counter, not kaal_time_ns, which asks the broker: a component loaded by a bare root task (the
 * boot scenario user/component) has none. */
static void fill_random(unsigned char *r, unsigned int n)
{
    uint64_t x = __builtin_ia32_rdtsc() * 0x9e3779b97f4a7c15ull;

    for (unsigned int i = 0; i < n; i++) {
        x ^= x >> 29;
        x *= 0xbf58476d1ce4e5b9ull;
        r[i] = (unsigned char)(x >> 56);
    }
}

/* What a Linux program finds on its stack at _start, past argc: argv, the environment and the
 * auxv, each ending in 0.  All words, so no padding: musl walks it as one array. */
struct start_words {
    char *argv[2];
    char *envp[1];
    size_t auxv[11][2];
};

/* Sets up the heap of heap_size bytes and the C library, then calls run(); does not return. */
_Noreturn void kaal_libc_start(uint64_t heap_size, int (*run)(int, char **, char **))
{
    static unsigned char random[16];
    static char name[KAAL_COMPONENT_NAME_MAX];
    static struct start_words st = {
        .argv = {name, 0},
        .envp = {0},
        .auxv = {{AT_PAGESZ, KAAL_HEAP_PAGE},
                 {AT_UID, 0},
                 {AT_EUID, 0},
                 {AT_GID, 0},
                 {AT_EGID, 0},
                 {AT_SECURE, 0},
                 {AT_RANDOM, 0},
                 {AT_PHDR, 0},
                 {AT_PHNUM, 0},
                 {AT_PHENT, 0},
                 {AT_NULL, 0}},
    };
    const Elf64_Ehdr *eh = &__ehdr_start;

    heap_setup(heap_size);
    fill_random(random, sizeof(random));
    for (unsigned int i = 0; i + 1 < sizeof(name) && kaal_name()[i]; i++)
        name[i] = kaal_name()[i];
    st.auxv[6][1] = (size_t)random;
    if (eh) {
        st.auxv[7][1] = (size_t)eh + eh->e_phoff;
        st.auxv[8][1] = eh->e_phnum;
        st.auxv[9][1] = eh->e_phentsize;
    }
    __libc_start_main(run, 1, st.argv, 0, 0, 0);
    kaal_sys_stop(0, 0);
}
