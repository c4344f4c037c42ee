package org.jclick.elements.queues;

import org.jclick.dataplane.element.ElementDoc;

/** Click's SimplePullSwitch. */
@ElementDoc(
    synopsis = "SimplePullSwitch([K])",
    category = "scheduling",
    ports = "any number of pull inputs, one pull output",
    description = """
        Pulls come from input K only (default 0); when K is -1 (or out of range) pulls return nothing. The
        switch handler moves it. It has no notifier of its own: tasks pulling through it see the combined signal of all its inputs.""",
    keywords = {"K: integer. The input to pull from; -1 for none. Default 0."},
    handlers = {"switch (read/write): K"},
    example = "q0 :: Queue -> [0] s :: SimplePullSwitch(0); q1 :: Queue -> [1] s; s -> ToDevice(eth0);",
    seeAlso = {"PullSwitch", "SimplePullSwitch", "Switch", "PrioSched"})
public final class SimplePullSwitch extends PullSwitchCore
{
    public SimplePullSwitch()
    {
        super(false);
    }
}
