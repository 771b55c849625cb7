/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell's commands.  What the shell knows of the system it asks the
 * root server's broker (<kaal/broker.h>): ps, caps and mem need the
 * component's `monitor: true` grant, reboot and poweroff its `power: true`;
 * without them the broker refuses (and logs it) and the command says which
 * grant is missing.  lspci needs nothing.  Components are named by the
 * user and found by asking KAAL_BROKER_PS for each id in turn.
 */
#include "commands.h"

#include "cmd.h"
#include "files.h"
#include "out.h"

#include <kaal/broker.h>
#include <kaal/pci.h>

static void help(int argc, char **argv);
static void echo(int argc, char **argv);
static void ps(int argc, char **argv);
static void caps(int argc, char **argv);
static void mem(int argc, char **argv);
static void lspci(int argc, char **argv);
static void reboot(int argc, char **argv);
static void poweroff(int argc, char **argv);

static const struct command commands[] = {
    {"help", "", "this list", help},
    {"echo", "[WORD]", "print the words", echo},
    {"ps", "", "the components: id, name, priority and state", ps},
    {"caps", "NAME", "what component NAME was given: caps and mappings, decoded", caps},
    {"mem", "", "untyped memory, free memory and the memory quotas", mem},
    {"lspci", "", "the PCI functions on the bus", lspci},
    {"reboot", "", "reset the machine", reboot},
    {"poweroff", "", "turn the machine off (ACPI S5)", poweroff},
};
static const unsigned int ncommands = sizeof(commands) / sizeof(commands[0]);

int commands_power_op = COMMANDS_NO_POWER;

/* Says why the broker refused command cmd's request: err is the stub's negative errno, grant
 * the description's key that would allow it. */
static void broker_error(const char *cmd, const char *grant, int err)
{
    out_str(cmd);
    if (err == -KAAL_EACCES) {
        out_str(": not granted: give this component '");
        out_str(grant);
        out_str(": true' in the system description");
    } else if (err == -KAAL_ENODEV) {
        out_str(": the machine cannot do it (the root server's log says why)");
    } else {
        out_str(": the root server answered ");
        out_str(kaal_errname(err) ? kaal_errname(err) : "an unknown error");
        out_str(" (");
        out_str(kaal_strerror(err));
        out_str(")");
    }
    out_str("\r\n");
}

static void help_list(const struct command *list, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        out_str("  ");
        out_pad(list[i].name, 9);
        out_pad(list[i].args, 12);
        out_str(list[i].help);
        out_str("\r\n");
    }
}

static void help(int argc, char **argv)
{
    (void)argc, (void)argv;
    help_list(commands, ncommands);
    help_list(files_commands, files_ncommands);
    out_str("  CMD > FILE, CMD >> FILE  send a command's output to a file\r\n");
}

static void echo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        out_str(argv[i]);
        if (i + 1 < argc)
            out_str(" ");
    }
    out_str("\r\n");
}

/* Component id as the broker's ps tells it, into w: 0 or a negative errno. */
static int ps_of(seL4_Word id, struct kaal_broker_ps_out *w)
{
    return kaal_broker_ps(KAAL_SLOT_BROKER, id, w);
}

static const char *const state_names[] = {
    [KAAL_PS_RUNNING] = "running",
    [KAAL_PS_FAULTED] = "stopped",
    [KAAL_PS_NOT_LOADED] = "not loaded",
    [KAAL_PS_EXITED] = "exited",
};

static void ps_line(const struct kaal_broker_ps_out *w)
{
    out_dec_pad(w->id, 3);
    out_str("  ");
    out_pad(w->name, 16);
    out_dec_pad(w->priority, 4);
    out_str("  ");
    out_str(w->state <= KAAL_PS_EXITED ? state_names[w->state] : "?");
    if (w->state == KAAL_PS_FAULTED) {
        out_str(" by a fault: ");
        out_str(w->fault_text);
    } else if (w->state == KAAL_PS_EXITED) {
        out_str(": ");
        out_str(w->fault_text);
    }
    out_str("\r\n");
}

static void ps(int argc, char **argv)
{
    struct kaal_broker_ps_out w;
    int err;
    (void)argc, (void)argv;

    for (seL4_Word id = 0; (err = ps_of(id, &w)) == 0; id++) {
        if (id == 0)
            out_str(" ID  NAME            PRIO  STATE\r\n");
        ps_line(&w);
    }
    if (err != -KAAL_EINVAL) /* EINVAL: past the last component, the normal end */
        broker_error("ps", "monitor", err);
}

/* True if the NUL-terminated a and b are the same. */
static int same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

#define MAX_NAMES 64

/* The id of the component called name, or -1 after saying there is none (and what might be
 * meant) or why the broker would not tell. */
static long find_component(const char *cmd, const char *name)
{
    static struct kaal_broker_ps_out names[MAX_NAMES];
    const char *list[MAX_NAMES];
    unsigned int n = 0;
    int err;

    for (; (err = ps_of(n, &names[n % MAX_NAMES])) == 0; n++) {
        if (same(names[n % MAX_NAMES].name, name))
            return (long)n;
        list[n % MAX_NAMES] = names[n % MAX_NAMES].name;
    }
    if (err != -KAAL_EINVAL) {
        broker_error(cmd, "monitor", err);
        return -1;
    }
    const char *close = cmd_suggest(name, list, n < MAX_NAMES ? n : MAX_NAMES);
    out_str(cmd);
    out_str(": no component named '");
    out_str(name);
    out_str(close ? "'; did you mean '" : "'; 'ps' lists them");
    out_str(close ? close : "");
    out_str(close ? "'?\r\n" : "\r\n");
    return -1;
}

static void caps_slot_entry(seL4_Word kind, const struct kaal_broker_caps_out *w, const char *name)
{
    static const char *const fixed[] = {
        [KAAL_CAP_INPUT_EP] = "endpoint: its input (receive only)",
        [KAAL_CAP_NTFN] = "notification: its own, bound to its TCB",
        [KAAL_CAP_TCB] = "TCB, priority ",
        [KAAL_CAP_VSPACE] = "VSpace (PML4)",
        [KAAL_CAP_CNODE] = "CNode, slots: ",
        [KAAL_CAP_BROKER] = "endpoint to the broker, badge ",
        [KAAL_CAP_FAULT_EP] = "fault endpoint to the root server, badge ",
    };

    if (kind <= KAAL_CAP_FAULT_EP) {
        out_str(fixed[kind]);
        if (kind == KAAL_CAP_TCB || kind == KAAL_CAP_CNODE)
            out_dec(w->a);
        if (kind == KAAL_CAP_BROKER || kind == KAAL_CAP_FAULT_EP)
            out_hex(w->a);
        if (kind == KAAL_CAP_BROKER) {
            out_str(", grants:");
            out_str(w->b & KAAL_BROKER_GRANT_MONITOR ? " monitor" : "");
            out_str(w->b & KAAL_BROKER_GRANT_POWER ? " power" : "");
            out_str(w->b ? "" : " none");
        }
        return;
    }
    static const char *const irq_kinds[] = {"ISA IRQ ", "PCI INTx on IOAPIC pin ",
                                            "MSI, vector index "};
    if (kind == KAAL_CAP_NOTIFY || kind == KAAL_CAP_PPCALL) {
        out_str(kind == KAAL_CAP_NOTIFY ? "notification to " : "endpoint for protected calls to ");
        out_str(name);
    } else if (kind == KAAL_CAP_IRQ) {
        out_str("IRQ handler of ");
        out_str(name);
        out_str(": ");
        out_str(irq_kinds[w->c < 3 ? w->c : 0]);
        out_dec(w->b);
    } else {
        out_str("I/O ports ");
        out_hex(w->a);
        out_str("-");
        out_hex(w->a + w->b - 1);
        out_str(" of ");
        out_str(name);
        return;
    }
    out_str(" (channel ");
    out_dec(w->a);
    if (kind != KAAL_CAP_IRQ) {
        out_str(", badge ");
        out_hex(w->b);
    }
    out_str(")");
}

/* " at VADDR, SIZE" */
static void at_size(seL4_Word va, seL4_Word size)
{
    out_str(" at ");
    out_hex(va);
    out_str(", ");
    out_size(size);
}

static void caps_mapping(seL4_Word kind, const struct kaal_broker_caps_out *w, const char *name)
{
    static const char *const what[] = {
        [KAAL_CAP_IPC_BUFFER - KAAL_CAP_IPC_BUFFER] = "IPC buffer",
        [KAAL_CAP_INFO_PAGE - KAAL_CAP_IPC_BUFFER] = "info page",
        [KAAL_CAP_STACK - KAAL_CAP_IPC_BUFFER] = "stack",
        [KAAL_CAP_ELF - KAAL_CAP_IPC_BUFFER] = "program (ELF segments)",
        [KAAL_CAP_REGION - KAAL_CAP_IPC_BUFFER] = "region ",
        [KAAL_CAP_MMIO - KAAL_CAP_IPC_BUFFER] = "MMIO of ",
        [KAAL_CAP_DMA - KAAL_CAP_IPC_BUFFER] = "DMA memory of ",
        [KAAL_CAP_MEMORY - KAAL_CAP_IPC_BUFFER] = "memory from the memory manager",
    };
    seL4_Word a = w->a, b = w->b, c = w->c;

    out_str(what[kind - KAAL_CAP_IPC_BUFFER]);
    if (kind == KAAL_CAP_REGION || kind == KAAL_CAP_MMIO || kind == KAAL_CAP_DMA)
        out_str(name);
    if (kind == KAAL_CAP_MMIO) {
        out_str(a ? ", BARs" : ", its fixed range");
        for (unsigned int bar = 0; bar < 8; bar++)
            if (a & (1u << bar)) {
                out_str(" ");
                out_dec(bar);
            }
    } else if (kind == KAAL_CAP_DMA) {
        out_str(", ");
        out_size(b);
        if (c) {
            out_str(", the device's only DMA (IOMMU domain ");
            out_dec(c);
            out_str(")");
        }
    } else {
        at_size(a, b);
    }
    if (kind == KAAL_CAP_REGION) {
        out_str(c & KAAL_CAP_REGION_W ? ", read-write" : ", read-only");
        out_str(c & KAAL_CAP_REGION_X ? ", executable" : "");
        out_str(c & KAAL_CAP_REGION_CACHED ? "" : ", uncached");
    }
}

static void caps_entry(const struct kaal_broker_caps_out *w)
{
    const char *name = w->name;
    seL4_Word kind = w->kind;

    if (kind >= KAAL_CAP_INPUT_EP && kind <= KAAL_CAP_IOPORT) {
        out_str("  slot ");
        out_dec_pad(w->slot, 4);
        out_str("  ");
        caps_slot_entry(kind, w, name);
    } else if (kind >= KAAL_CAP_IPC_BUFFER && kind <= KAAL_CAP_MEMORY) {
        out_str("  mapped     ");
        caps_mapping(kind, w, name);
    } else {
        out_str("  (an entry of kind ");
        out_dec(kind);
        out_str(")");
    }
    out_str("\r\n");
}

static void caps(int argc, char **argv)
{
    struct kaal_broker_caps_out w;
    seL4_Word n = 0;
    int err;

    if (argc != 2) {
        out_str("caps: give one component's name, as 'ps' lists them: caps NAME\r\n");
        return;
    }
    long id = find_component("caps", argv[1]);
    if (id < 0)
        return;
    out_str("what the root server gave ");
    out_str(argv[1]);
    out_str(":\r\n");
    for (; (err = kaal_broker_caps(KAAL_SLOT_BROKER, (seL4_Word)id, n, &w)) == 0; n++)
        caps_entry(&w);
    if (err != -KAAL_EINVAL)
        broker_error("caps", "monitor", err);
    else if (n == 0)
        out_str("  nothing: it is not loaded\r\n");
}

static void mem_quotas(void)
{
    struct kaal_broker_ps_out w;

    for (seL4_Word id = 0; ps_of(id, &w) == 0; id++) {
        if (!w.quota)
            continue;
        out_str("  ");
        out_pad(w.name, 16);
        out_size(w.quota - w.quota_left);
        out_str(" of ");
        out_size(w.quota);
        out_str("\r\n");
    }
}

static void mem(int argc, char **argv)
{
    struct kaal_broker_mem_out w;
    int err = kaal_broker_mem(KAAL_SLOT_BROKER, &w);
    (void)argc, (void)argv;

    if (err) {
        broker_error("mem", "monitor", err);
        return;
    }
    out_str("RAM: ");
    out_dec(w.total >> 10);
    out_str(" KiB untyped at boot, ");
    out_dec(w.free >> 10);
    out_str(" KiB free\r\nuntypeds: ");
    out_dec(w.untypeds);
    out_str(" RAM (");
    out_dec(w.with_room);
    out_str(" with room), ");
    out_dec(w.device);
    out_str(" device\r\nquotas: ");
    out_size(w.quota_used);
    out_str(" of ");
    out_size(w.quotas);
    out_str(" in use\r\n");
    mem_quotas();
}

static void lspci(int argc, char **argv)
{
    struct kaal_broker_pci_list_out f;
    seL4_Word n = 0;
    char line[96];
    (void)argc, (void)argv;

    for (; kaal_broker_pci_list(KAAL_SLOT_BROKER, n, &f) == 0; n++) {
        kaal_pci_format(line, sizeof(line), (uint32_t)f.bdf, (uint32_t)f.ids,
                        (uint32_t)f.class_word);
        out_str(line);
        out_str("\r\n");
    }
    if (n == 0)
        out_str("lspci: no PCI functions found\r\n");
}

static void reboot(int argc, char **argv)
{
    (void)argc, (void)argv;
    out_str("rebooting\r\n");
    commands_power_op = KAAL_POWER_REBOOT;
}

static void poweroff(int argc, char **argv)
{
    (void)argc, (void)argv;
    out_str("powering off\r\n");
    commands_power_op = KAAL_POWER_OFF;
}

static void unknown(const char *word)
{
    const char *names[sizeof(commands) / sizeof(commands[0]) + 16];
    unsigned int n = 0;

    for (unsigned int i = 0; i < ncommands; i++)
        names[n++] = commands[i].name;
    for (unsigned int i = 0; i < files_ncommands && n < sizeof(names) / sizeof(names[0]); i++)
        names[n++] = files_commands[i].name;
    const char *close = cmd_suggest(word, names, n);
    out_str(word);
    out_str(": unknown command; ");
    if (close) {
        out_str("did you mean '");
        out_str(close);
        out_str("'?\r\n");
    } else {
        out_str("'help' lists the commands\r\n");
    }
}

static const struct command *find(const struct command *list, unsigned int n, const char *name)
{
    for (unsigned int i = 0; i < n; i++)
        if (same(list[i].name, name))
            return &list[i];
    return 0;
}

void commands_run(char *line)
{
    char *argv[CMD_MAX_ARGS];
    int argc = cmd_split(line, argv);

    if (argc < 0) {
        out_str("too many words or an unclosed quote\r\n");
        return;
    }
    if (argc == 0)
        return;
    /* "> FILE" or ">> FILE" at the end sends the output there. */
    const char *to = 0;
    if (argc >= 3 && (same(argv[argc - 2], ">") || same(argv[argc - 2], ">>"))) {
        to = argv[argc - 1];
        if (files_redirect_start(to, same(argv[argc - 2], ">>")) != 0)
            return;
        argc -= 2;
    }
    const struct command *c = find(commands, ncommands, argv[0]);
    c = c ? c : find(files_commands, files_ncommands, argv[0]);
    if (c)
        c->run(argc, argv);
    else
        unknown(argv[0]);
    if (to)
        files_redirect_end(to);
}

void commands_power(void)
{
    int op = commands_power_op;
    int err = kaal_broker_power(KAAL_SLOT_BROKER, (seL4_Word)op);

    commands_power_op = COMMANDS_NO_POWER;
    broker_error(op == KAAL_POWER_REBOOT ? "reboot" : "poweroff", "power", err);
}
