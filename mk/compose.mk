# SPDX-License-Identifier: BSD-2-Clause
#
# sel4-compose (tools/sel4-compose): the project CLI (docs/cli.md) and its
# unit tests (tests/unit/compose).
#
#   make sel4-compose   build build/<arch>/tools/sel4-compose/sel4-compose and
#                       kaal, a symbolic link to it beside it

COMPOSE_DIR    := $(O)/tools/sel4-compose
COMPOSE_BIN    := $(COMPOSE_DIR)/sel4-compose
COMPOSE_ALIAS  := $(COMPOSE_DIR)/kaal
COMPOSE_LIBSRC := tools/lib/editdist.c tools/sel4-compose/cli.c tools/sel4-compose/doctor.c \
                  tools/sel4-compose/project.c tools/sel4-compose/watch.c tools/sel4-compose/new.c
COMPOSE_DEPS   := tools/sel4-compose/compose.h tools/lib/editdist.h
COMPOSE_CFLAGS  = $(filter-out -MMD -MP,$(HOST_CFLAGS)) -Itools/sel4-compose

.PHONY: sel4-compose
sel4-compose: $(COMPOSE_BIN) $(COMPOSE_ALIAS)
all: sel4-compose

$(COMPOSE_BIN): tools/sel4-compose/main.c $(COMPOSE_LIBSRC) $(COMPOSE_DEPS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(COMPOSE_CFLAGS) -o $@ $(filter %.c,$^)

# A relative link, so the pair can be moved together.
$(COMPOSE_ALIAS): $(COMPOSE_BIN)
	@echo "  LN      $@"
	$(Q)ln -sfn sel4-compose $@

# ---- Host unit tests (tests/unit/compose) -------------------------------------
# Each test links the tool's sources (not main.c) and testfs.c, the tests'
# scratch directories; a static pattern rule wins over the generic
# unit-test rule in tests.mk.

COMPOSE_UNIT_BINS := $(patsubst tests/unit/%.c,$(O)/tests/unit/%,\
                       $(wildcard tests/unit/compose/*_test.c))

$(COMPOSE_UNIT_BINS): $(O)/tests/unit/compose/%: tests/unit/compose/%.c tests/unit/test.c \
                      tests/unit/compose/testfs.c $(COMPOSE_LIBSRC) $(COMPOSE_DEPS) \
                      tests/unit/test.h tests/unit/compose/testfs.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(COMPOSE_CFLAGS) -Itests/unit -o $@ $(filter %.c,$^)
