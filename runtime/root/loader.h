/* SPDX-License-Identifier: BSD-2-Clause */
/* The component loader (loader.c): components from the system image, and the record of them. */
#pragma once

#include "root.h"

/* Records [va, va + size) as in use in c; false if it overlaps a range in use or none is free. */
int range_claim(struct comp *c, seL4_Word va, seL4_Word size);

/* Forgets the range in use that starts at va. */
void range_release(struct comp *c, seL4_Word va);

/* The system image's header, and its tables, once load_system has the image. */
const struct kaal_sysimage_header *sys_header(void);
const struct kaal_sysimage_device *sys_devices(void);
const struct kaal_sysimage_channel *sys_channels(void);
const struct kaal_sysimage_map *sys_maps(void);
const struct kaal_sysimage_region *sys_regions(void);

/* Device dev of c's own `devices:` list, or NULL if it has fewer. */
const struct kaal_sysimage_device *comp_device(const struct comp *c, seL4_Word dev);

/* The component with this id, or NULL past the last; and how many the image has. */
struct comp *comp_at(seL4_Word id);
unsigned int comp_count(void);

/* The root server's endpoint, on which components' requests and faults arrive (by badge). */
seL4_CPtr loader_endpoint(void);

/* Loads every component of the checked image; a component that cannot be loaded is reported
 * and left out.  Returns how many were loaded. */
unsigned int load_system(const unsigned char *image);

/* Starts the loaded components, highest priority first. */
void start_system(void);
