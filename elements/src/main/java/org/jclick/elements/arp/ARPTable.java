package org.jclick.elements.arp;

import java.util.List;

import org.jclick.dataplane.args.Args;
import org.jclick.dataplane.args.EtherAddress;
import org.jclick.dataplane.args.EtherAddressArg;
import org.jclick.dataplane.args.IPAddressArg;
import org.jclick.dataplane.args.IntArg;
import org.jclick.dataplane.args.SecondsArg;
import org.jclick.dataplane.element.Element;
import org.jclick.dataplane.element.ElementDoc;
import org.jclick.dataplane.element.ErrorHandler;
import org.jclick.dataplane.packet.Packet;
import org.jclick.dataplane.runtime.Timer;

/** Click's ARPTable. */
@ElementDoc(
    synopsis = "ARPTable(KEYWORDS)",
    category = "arp",
    ports = "none (an information element)",
    description = """
        Holds IP-to-Ethernet address mappings together with the packets that wait for a mapping to become known.
        ARPQuerier normally keeps a private table; declare an ARPTable and name it with ARPQuerier's TABLE keyword
        when several queriers should share one.

        Entries are kept in an age list: an entry goes to its end when it is created or when a mapping is inserted
        for it. An entry whose mapping is older than TIMEOUT counts as unknown; a periodic sweep, and every time a
        capacity is exceeded, removes expired or surplus entries from the front of the list and drops their
        waiting packets. When more than CAPACITY packets wait in total, packets are dropped from the oldest entries
        until the table holds CAPACITY minus CAPACITY/CAPACITY_SLIM_FACTOR packets.""",
    keywords = {
        "CAPACITY: maximum number of waiting packets over all entries; 0 means no limit. Default 2048.",
        "ENTRY_CAPACITY: maximum number of entries; 0 (the default) means no limit.",
        "ENTRY_PACKET_CAPACITY: maximum number of waiting packets per entry; 0 (the default) means no limit.",
        "CAPACITY_SLIM_FACTOR: how far a full table is slimmed (see above); must not be 0. Default 2.",
        "TIMEOUT: lifetime of a mapping; 0 means forever. Default 5 minutes."},
    handlers = {
        "table (read): one line per entry in age order: IP, 1 if known else 0, Ethernet address, age in seconds",
        "drops (read): packets dropped by the table",
        "count (read): number of entries",
        "length (read): number of waiting packets",
        "insert (write): 'IP ETH' adds or replaces a mapping",
        "delete (write): 'IP' marks the mapping unknown",
        "clear (write): removes every entry and drops the waiting packets"},
    example = "arpt :: ARPTable(TIMEOUT 60s);\n... -> ARPQuerier(10.0.0.1, 02:00:0a:00:00:01, TABLE arpt) -> ...",
    seeAlso = {"ARPQuerier", "ARPResponder"})
public final class ARPTable extends Element
{
    /** One IP address: its mapping and its waiting packets. */
    static final class Entry
    {
        final int ip;
        long eth = BROADCAST_ETH;
        boolean known;
        int pollsSinceReply;
        long liveAtMs;
        long polledAtMs;
        Packet head;
        Packet tail;
        int packetCount;
        Entry agePrev;
        Entry ageNext;
        boolean inAgeList;

        Entry(final int ip)
        {
            this.ip = ip;
        }

        boolean expired(final long nowMs, final long timeoutMs)
        {
            return timeoutMs != 0 && liveAtMs + timeoutMs < nowMs;
        }

        boolean known(final long nowMs, final long timeoutMs)
        {
            return known && !expired(nowMs, timeoutMs);
        }

        boolean allowPoll(final long nowMs)
        {
            return nowMs >= polledAtMs + (pollsSinceReply >= 10 ? 2000 : 100);
        }

        void markPoll(final long nowMs)
        {
            polledAtMs = nowMs;
            if (pollsSinceReply < 255)
            {
                pollsSinceReply++;
            }
        }
    }

    static final long BROADCAST_ETH = 0xFFFF_FFFF_FFFFL;
    static final int NO_MEMORY = -12;
    static final int AGAIN = -11;

    private final IntEntryMap<Entry> table = new IntEntryMap<>();
    private Entry ageFront;
    private Entry ageBack;
    private long entryCount;
    private long packetCount;
    private long entryCapacity;
    private long packetCapacity = 2048;
    private long entryPacketCapacity;
    private long capacitySlimFactor = 2;
    private long timeoutMs = 300_000;
    private long drops;
    private Timer expireTimer;

    /** Parses the ARPTable keywords from {@code conf} (also used by ARPQuerier for its private table). */
    int configureFrom(final List<String> conf, final ErrorHandler errh, final Element context)
    {
        final Args.Value<Long> cap = new Args.Value<>(packetCapacity);
        final Args.Value<Long> ecap = new Args.Value<>(entryCapacity);
        final Args.Value<Long> epcap = new Args.Value<>(entryPacketCapacity);
        final Args.Value<Long> slim = new Args.Value<>(capacitySlimFactor);
        final Args.Value<Long> timeout = new Args.Value<>(timeoutMs);
        if (complete(new Args(conf, context.argContext())
            .read("CAPACITY", IntArg.uint32(), cap)
            .read("ENTRY_CAPACITY", IntArg.uint32(), ecap)
            .read("ENTRY_PACKET_CAPACITY", IntArg.uint32(), epcap)
            .read("CAPACITY_SLIM_FACTOR", IntArg.uint32(), slim)
            .read("TIMEOUT", SecondsArg.milliseconds(), timeout), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        if (slim.get() == 0)
        {
            return errh.error("CAPACITY_SLIM_FACTOR cannot be zero");
        }
        packetCapacity = cap.get();
        entryCapacity = ecap.get();
        entryPacketCapacity = epcap.get();
        capacitySlimFactor = slim.get();
        setTimeoutMs(timeout.get());
        return 0;
    }

    void setTimeoutMs(final long ms)
    {
        timeoutMs = ms >= 0xFFFFFFFFL ? 0 : ms;
    }

    @Override
    public String portCount()
    {
        return PORTS_0_0;
    }

    @Override
    public int configure(final List<String> conf, final ErrorHandler errh)
    {
        return configureFrom(conf, errh, this);
    }

    @Override
    public int initialize(final ErrorHandler errh)
    {
        startTimer(this);
        return 0;
    }

    /** Starts the periodic expiry sweep, owned by {@code owner}. */
    void startTimer(final Element owner)
    {
        if (timeoutMs != 0)
        {
            expireTimer = new Timer(owner, t ->
            {
                slim(nowMs(owner));
                if (timeoutMs != 0)
                {
                    t.scheduleAfterSec(timeoutMs / 1000 + 1);
                }
            });
            expireTimer.initialize();
            expireTimer.scheduleAfterSec(timeoutMs / 1000);
        }
    }

    static long nowMs(final Element e)
    {
        return Math.floorDiv(e.router().nowNs(), 1_000_000L);
    }

    /** The element whose router supplies the clock (the querier, for a private table). */
    Element clockOwner = this;

    long nowMs()
    {
        return nowMs(clockOwner);
    }

    @Override
    public void cleanup(final CleanupStage stage)
    {
        clear();
    }

    /** Removes every entry, dropping the waiting packets. */
    void clear()
    {
        for (Entry e = ageFront; e != null; e = e.ageNext)
        {
            while (e.head != null)
            {
                final Packet p = e.head;
                e.head = p.next();
                p.setNext(null);
                p.kill();
                drops++;
            }
        }
        table.clear();
        ageFront = ageBack = null;
        entryCount = packetCount = 0;
    }

    private void ageRemove(final Entry e)
    {
        if (e.agePrev != null)
        {
            e.agePrev.ageNext = e.ageNext;
        }
        else
        {
            ageFront = e.ageNext;
        }
        if (e.ageNext != null)
        {
            e.ageNext.agePrev = e.agePrev;
        }
        else
        {
            ageBack = e.agePrev;
        }
        e.agePrev = e.ageNext = null;
        e.inAgeList = false;
    }

    /** Inserts {@code e} before {@code next} (at the back when null). */
    private void ageInsertBefore(final Entry next, final Entry e)
    {
        if (next == null)
        {
            e.agePrev = ageBack;
            e.ageNext = null;
            if (ageBack != null)
            {
                ageBack.ageNext = e;
            }
            else
            {
                ageFront = e;
            }
            ageBack = e;
        }
        else
        {
            e.ageNext = next;
            e.agePrev = next.agePrev;
            if (next.agePrev != null)
            {
                next.agePrev.ageNext = e;
            }
            else
            {
                ageFront = e;
            }
            next.agePrev = e;
        }
        e.inAgeList = true;
    }

    /** Removes expired and surplus entries from the front, then drops packets while over capacity. */
    void slim(final long nowMs)
    {
        Entry e;
        while ((e = ageFront) != null && (e.expired(nowMs, timeoutMs) || entryCapacity != 0 && entryCount > entryCapacity))
        {
            table.remove(e.ip);
            ageRemove(e);
            while (e.head != null)
            {
                final Packet p = e.head;
                e.head = p.next();
                p.setNext(null);
                p.kill();
                packetCount--;
                drops++;
            }
            e.tail = null;
            e.packetCount = 0;
            entryCount--;
        }
        if (packetCapacity != 0 && packetCount > packetCapacity)
        {
            long slimCapacity = packetCapacity - packetCapacity / capacitySlimFactor;
            if (slimCapacity == 0)
            {
                slimCapacity = 1; // the newest packet may not be queued yet
            }
            while (packetCount > slimCapacity && e != null)
            {
                while (e.head != null && packetCount > slimCapacity)
                {
                    final Packet p = e.head;
                    e.head = p.next();
                    if (e.head == null)
                    {
                        e.tail = null;
                    }
                    p.setNext(null);
                    p.kill();
                    packetCount--;
                    e.packetCount--;
                    drops++;
                }
                e = e.ageNext;
            }
        }
    }

    private Entry ensure(final int ip, final long nowMs)
    {
        Entry e = table.get(ip);
        if (e == null)
        {
            entryCount++;
            if (entryCapacity != 0 && entryCount > entryCapacity)
            {
                slim(nowMs);
            }
            e = new Entry(ip);
            e.liveAtMs = nowMs;
            e.polledAtMs = nowMs - 1000;
            table.put(ip, e);
            ageInsertBefore(null, e);
        }
        return e;
    }

    /**
     * Looks up {@code ip}: returns -1 if unknown; otherwise stores the address in {@code ethOut[0]} and returns 1
     * if the mapping should be refreshed by a poll (older than {@code pollTimeoutMs}, rate-limited), else 0.
     */
    int lookup(final int ip, final long[] ethOut, final long pollTimeoutMs)
    {
        final Entry e = table.get(ip);
        if (e == null)
        {
            return -1;
        }
        final long now = nowMs();
        if (!e.known(now, timeoutMs))
        {
            return -1;
        }
        ethOut[0] = e.eth;
        if (pollTimeoutMs != 0 && now >= e.liveAtMs + pollTimeoutMs && e.allowPoll(now))
        {
            e.markPoll(now);
            return 1;
        }
        return 0;
    }

    /** Sets the mapping for {@code ip}; returns the packets that were waiting for it (linked by next), or null. */
    Packet insert(final int ip, final long eth)
    {
        final long now = nowMs();
        final Entry e = ensure(ip, now);
        e.eth = eth;
        e.known = eth != BROADCAST_ETH;
        e.liveAtMs = now;
        e.pollsSinceReply = 0;
        e.polledAtMs = now - 1000;
        if (e.ageNext != null)
        {
            ageRemove(e);
            ageInsertBefore(null, e);
        }
        final Packet head = e.head;
        e.head = e.tail = null;
        packetCount -= e.packetCount;
        e.packetCount = 0;
        return head;
    }

    /**
     * Queues {@code p} for {@code ip}. Returns 1 if a query should be sent, 0 if not, {@link #AGAIN} if the address
     * is known after all, or {@link #NO_MEMORY} if the packet was not queued (the caller drops it).
     */
    int appendQuery(final int ip, final Packet p)
    {
        final long now = nowMs();
        final Entry e = ensure(ip, now);
        if (e.known(now, timeoutMs))
        {
            return AGAIN;
        }
        // keep an entry that is still wanted just short of expiry, so slim() does not delete it under us
        if (timeoutMs != 0)
        {
            final long min = now - timeoutMs;
            if (e.liveAtMs < min)
            {
                e.liveAtMs = min;
                final Entry first = e.ageNext;
                Entry next = first;
                while (next != null && next.liveAtMs < e.liveAtMs)
                {
                    next = next.ageNext;
                }
                if (first != next)
                {
                    ageRemove(e);
                    ageInsertBefore(next, e);
                }
            }
        }
        if (entryPacketCapacity != 0 && e.packetCount >= entryPacketCapacity)
        {
            drops++;
            return NO_MEMORY;
        }
        packetCount++;
        if (packetCapacity != 0 && packetCount > packetCapacity)
        {
            slim(now);
        }
        if (e.tail != null)
        {
            e.tail.setNext(p);
        }
        else
        {
            e.head = p;
        }
        e.tail = p;
        p.setNext(null);
        e.packetCount++;
        if (e.allowPoll(now))
        {
            e.markPoll(now);
            return 1;
        }
        return 0;
    }

    long drops()
    {
        return drops;
    }

    long count()
    {
        return entryCount;
    }

    long length()
    {
        return packetCount;
    }

    String readTable()
    {
        final long now = nowMs();
        final StringBuilder sb = new StringBuilder();
        for (Entry e = ageFront; e != null; e = e.ageNext)
        {
            final long age = now - e.liveAtMs;
            sb.append(IPAddressArg.unparse(e.ip)).append(' ').append(e.known(now, timeoutMs) ? 1 : 0).append(' ')
                .append(new EtherAddress(e.eth).toString().replace(':', '-')).append(' ')
                .append(Math.floorDiv(age, 1000)).append('.')
                .append(String.format("%06d", Math.floorMod(age, 1000) * 1000)).append('\n');
        }
        return sb.toString();
    }

    int writeInsert(final String value, final ErrorHandler errh, final Element context)
    {
        final Args.Value<Integer> ip = new Args.Value<>();
        final Args.Value<EtherAddress> eth = new Args.Value<>();
        if (complete(new Args(List.of(value.strip().split("\\s+")), context.argContext())
            .readMandatoryPositional("IP", IPAddressArg.INSTANCE, ip)
            .readMandatoryPositional("ETH", EtherAddressArg.INSTANCE, eth), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        killChain(insert(ip.get(), eth.get().value()));
        return 0;
    }

    int writeDelete(final String value, final ErrorHandler errh, final Element context)
    {
        final Args.Value<Integer> ip = new Args.Value<>();
        if (complete(new Args(List.of(value.strip().split("\\s+")), context.argContext())
            .readMandatoryPositional("IP", IPAddressArg.INSTANCE, ip), errh) < 0)
        {
            return ErrorHandler.FAILURE;
        }
        killChain(insert(ip.get(), BROADCAST_ETH));
        return 0;
    }

    private void killChain(Packet p)
    {
        // Click leaves these packets behind; here they are dropped and counted
        while (p != null)
        {
            final Packet n = p.next();
            p.setNext(null);
            p.kill();
            drops++;
            p = n;
        }
    }

    @Override
    public void addHandlers()
    {
        addReadHandler("table", this::readTable);
        addReadHandler("drops", () -> Long.toString(drops));
        addReadHandler("count", () -> Long.toString(entryCount));
        addReadHandler("length", () -> Long.toString(packetCount));
        addWriteHandler("insert", (v, errh) -> writeInsert(v, errh, this));
        addWriteHandler("delete", (v, errh) -> writeDelete(v, errh, this));
        addWriteHandler("clear", (v, errh) ->
        {
            clear();
            return 0;
        });
    }
}
