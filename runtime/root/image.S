/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system image the root server loads (kaal-sysgen's output), linked in
 * as data.  Built with KAAL_SYSTEM_IMAGE set to the image's path for a
 * system (mk/system.mk); without it the image is empty and the root server
 * loads nothing.
 */
    .section .rodata
    .balign 4096
    .globl kaal_system_image, kaal_system_image_end
kaal_system_image:
#ifdef KAAL_SYSTEM_IMAGE
    .incbin KAAL_SYSTEM_IMAGE
#endif
kaal_system_image_end:

    .section .note.GNU-stack, "", @progbits
