package org.jclick.elements.analysis;

import org.jclick.dataplane.packet.Packet;

/**
 * Click's {@code AggregateListener}: told when an aggregate notifier (an element that {@code cast}s to
 * {@link #NOTIFIER}, such as {@link AggregateIPFlows}) starts or ends an aggregate.
 */
public interface AggregateListener
{
    /** The name under which aggregate notifiers answer {@code cast}. */
    String NOTIFIER = "AggregateNotifier";

    /** A new aggregate; the packet is its first. */
    int NEW_AGG = 0;
    /** An aggregate has ended; no packet. */
    int DELETE_AGG = 1;

    /** Called with {@link #NEW_AGG} or {@link #DELETE_AGG}; {@code p} is null for deletions. */
    void aggregateNotify(int aggregate, int event, Packet p);
}
