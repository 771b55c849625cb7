/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Object types for Untyped_Retype (seL4 13.0.0).  The architecture-neutral
 * types come first; <sel4/arch/objecttype.h>, found through the include path
 * of the target architecture, continues the numbering and ends with
 * seL4_ObjectTypeCount.
 */
#pragma once

typedef enum api_object {
    seL4_UntypedObject = 0,
    seL4_TCBObject = 1,
    seL4_EndpointObject = 2,
    seL4_NotificationObject = 3,
    seL4_CapTableObject = 4,
    seL4_NonArchObjectTypeCount
} seL4_ObjectType;

#include <sel4/arch/objecttype.h>
