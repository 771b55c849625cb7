/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's main.  It keeps the boot-info pointer where a debugger
 * can find it; the broker, memory manager and loader come with the runtime.
 */
void root_main(void *bootinfo);

void *volatile root_bootinfo;

void root_main(void *bootinfo)
{
    root_bootinfo = bootinfo;
}
