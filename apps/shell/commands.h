/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shell's commands (docs/shell.md): each prints into the output ring
 * (out.h).  help, echo, ps, caps, mem and lspci finish at once; reboot and
 * poweroff print what they will do and leave the request in
 * commands_power_op, which shell.c sends to the root server once every
 * byte of output is on the wire (the machine goes before the reply).
 */
#pragma once

#define COMMANDS_NO_POWER (-1)

/* One command: its name, arguments and help for the list, and what runs it. */
struct command {
    const char *name, *args, *help;
    void (*run)(int argc, char **argv);
};

/* KAAL_POWER_REBOOT or KAAL_POWER_OFF once reboot or poweroff has run; else COMMANDS_NO_POWER. */
extern int commands_power_op;

/* Runs the command line (modified in place); an empty line does nothing. */
void commands_run(char *line);

/* Sends the pending power request; returns only if it failed, having printed why. */
void commands_power(void);
