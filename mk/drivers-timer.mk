# SPDX-License-Identifier: BSD-2-Clause
#
# The timer class (docs/class-timer.md): the HPET driver (drivers/timer/hpet,
# built by mk/drivers.mk like every driver), the timer protocol's test
# system (tests/drivers/timer: a client that tries every op and every
# error, a second client and a component without the grant) and the
# example that prints a line a second (examples/timer), both booted under
# -icount shift=0 by tests/drivers/timer.py; and the host unit tests of the
# driver's timeout table and tick conversions (tests/unit/timer).
#
#   make test-drivers-timer    prints PASS: drivers/<name> or FAIL: drivers/<name>: why
#   make run SYSTEM=examples/timer

$(eval $(call kaal-system,tests/drivers/timer,check other outsider,drivers/timer/hpet))
$(eval $(call kaal-system,examples/timer,tick,drivers/timer/hpet))
all: $(O)/tests/drivers/timer/root.elf $(O)/examples/timer/root.elf

.PHONY: test-drivers-timer
test-drivers-timer: $(KERNEL_IMAGE) $(O)/tests/drivers/timer/root.elf $(O)/examples/timer/root.elf
	@$(PYTHON) tests/drivers/timer.py --qemu $(QEMU) --kernel $(KERNEL_IMAGE) \
	    --root $(O)/tests/drivers/timer/root.elf --example-root $(O)/examples/timer/root.elf \
	    --out $(O)/tests/drivers/timer

UNIT_SRCS_timer/timeouts := drivers/timer/hpet/timeouts.c
$(O)/tests/unit/timer/timeouts_test: UNIT_INCLUDES += -Idrivers/timer/hpet
$(O)/tests/unit/timer/timeouts_test: drivers/timer/hpet/timeouts.h
UNIT_SRCS_timer/ticks :=
$(O)/tests/unit/timer/ticks_test: UNIT_INCLUDES += -Idrivers/timer/hpet
$(O)/tests/unit/timer/ticks_test: drivers/timer/hpet/ticks.h
