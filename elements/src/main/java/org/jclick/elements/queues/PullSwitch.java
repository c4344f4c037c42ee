package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;

/** Click's PullSwitch. */
@ElementDoc(
    synopsis = "PullSwitch([K])",
    category = "scheduling",
    ports = "any number of pull inputs, one pull output",
    description = """
        Pulls come from input K only (default 0); when K is -1 (or out of range) pulls return nothing. The
        switch handler moves it. It offers an empty notifier that follows the selected input's upstream queues, so a task pulling through it sleeps while the selected input is empty, and wakes when it fills or when the switch moves to an input with packets.""",
    keywords = {"K: integer. The input to pull from; -1 for none. Default 0."},
    handlers = {"switch (read/write): K"},
    example = "q0 :: Queue -> [0] s :: PullSwitch(0); q1 :: Queue -> [1] s; s -> ToDevice(eth0);",
    seeAlso = {"PullSwitch", "SimplePullSwitch", "Switch", "PrioSched"})
public final class PullSwitch extends PullSwitchCore
{
    public PullSwitch()
    {
        super(true);
    }
}
