package org.jclick.elements.rewriter;

import java.util.Arrays;

/**
 * The flows of one or more rewriters that share a MAPPING_CAPACITY (Click's IPRewriterHeap): every flow's two
 * entries (forward and reply identity, output), expiry and state, kept in primitive arrays indexed by flow id, and
 * two binary min-heaps on expiry: best-effort flows (heap 0) and guaranteed flows (heap 1).
 *
 * <p>The heaps order flows by a heap key that may lag behind the expiry: a packet that pushes its flow's expiry
 * later (the usual case: every packet of a live flow) only stores the new expiry, in O(1), instead of sifting the
 * flow down the heap on every packet. The key is never later than the expiry, so the heap's top has the earliest
 * key; before the top is used, {@link #settle} moves any top whose key is stale down to its true place, so the
 * flow taken from the top is always the one that truly expires first, as in Click.
 *
 * <p>Flow {@code f} has entries {@code 2f} (forward) and {@code 2f + 1} (reply). An entry's key is the flow
 * identity (source address, destination address, ports as {@code sport << 16 | dport}) that packets of that
 * direction carry when they arrive; the identity they leave with is the reverse of the other entry's key.
 *
 * <p>Arrays are allocated at setup for the configured capacity (plus the one flow that may exceed it while a new
 * flow is admitted); without a capacity they start small and double when full, so no packet allocates except
 * the rare one that doubles the table. Freed flows are reused.
 */
final class FlowStore
{
    static final int UNLIMITED = 0x7FFFFFFF;
    static final int BEST_EFFORT = 0;
    static final int GUARANTEED = 1;
    private static final int INITIAL = 1024;

    // ---------------------------------------------------------------------------- record layout (ints per flow)
    /** Ints per flow record: 64 bytes. */
    static final int REC = 16;
    /** log2 of {@link #REC}. */
    private static final int REC_SHIFT = 4;
    /** Entry fields, at {@code 4 * direction} in the record: key source address, key destination address. */
    private static final int E_SADDR = 0;
    private static final int E_DADDR = 1;
    /** Key ports, {@code sport << 16 | dport}. */
    private static final int E_PORTS = 2;
    /** The output packets of the entry leave on. */
    private static final int E_OUTPUT = 3;
    /** Checksum delta of the address rewrite (forward direction). */
    private static final int F_IP_DELTA = 8;
    /** Checksum delta of the address and port rewrite (forward direction). */
    private static final int F_L4_DELTA = 9;
    /** Connection state (TCP flags seen / UDP packet count), as the owner's timeouts read it. */
    private static final int F_STATE = 10;
    /** Kind ({@code M_KIND}), guaranteed heap ({@code M_GUARANTEED}), reply annotation, {@code M_SEQ}. */
    private static final int F_META = 11;
    /** Expiry in ms: high word, low word. */
    private static final int F_EXPIRY = 12;
    /** Heap key in ms: high word, low word. */
    private static final int F_HEAP_KEY = 14;

    private static final int M_KIND = 0xFF;
    private static final int M_GUARANTEED = 1 << 8;
    private static final int M_REPLY_ANNO_SHIFT = 16;
    /** Set once the flow has TCP sequence-number transitions (the seq arrays are worth reading). */
    static final int M_SEQ = 1 << 24;

    int capacity = UNLIMITED;

    /** {@link #REC} ints per flow. */
    int[] rec;
    int[] heapPos;
    int[] ownerInput;
    RewriterBase[] owner;
    FlowMap[] map;
    /** Sequence-number transitions kept per entry (TCP): the newest {@code SEQ_SLOTS} (trigger, cumulative delta). */
    static final int SEQ_SLOTS = 4;
    int[] seqTrigger;
    int[] seqDelta;
    /** Per entry: the delta of sequence numbers before the oldest kept trigger. */
    int[] seqBase;
    /** Per entry: number of kept transitions. */
    byte[] seqCount;

    /** Bumped whenever a flow is created or destroyed: a batch's looked-up entries stay valid while it holds. */
    int generation;
    /** Bumped whenever a flow is destroyed (an entry looked up earlier may now be another flow's). */
    int destroyGeneration;

    private int[] free;
    private int freeCount;
    private int highWater;
    final int[][] heaps = new int[2][];
    final int[] heapSize = new int[2];

    FlowStore()
    {
        allocateArrays(INITIAL);
    }

    // ------------------------------------------------------------------------------------------ record access

    /** Index in {@link #rec} of entry {@code e}'s fields. */
    private static int entryAt(final int e)
    {
        return ((e >> 1) << REC_SHIFT) | ((e & 1) << 2);
    }

    /** Index in {@link #rec} of flow {@code f}'s record. */
    private static int flowAt(final int f)
    {
        return f << REC_SHIFT;
    }

    int saddr(final int e)
    {
        return rec[entryAt(e) + E_SADDR];
    }

    int daddr(final int e)
    {
        return rec[entryAt(e) + E_DADDR];
    }

    int ports(final int e)
    {
        return rec[entryAt(e) + E_PORTS];
    }

    /** Whether entry {@code e}'s key is (sa, da, ports). */
    boolean keyEquals(final int e, final int sa, final int da, final int ports)
    {
        final int at = entryAt(e);
        final int[] r = rec;
        return r[at + E_SADDR] == sa && r[at + E_DADDR] == da && r[at + E_PORTS] == ports;
    }

    int output(final int e)
    {
        return rec[entryAt(e) + E_OUTPUT];
    }

    void setEntry(final int e, final int sa, final int da, final int ports, final int output)
    {
        final int at = entryAt(e);
        final int[] r = rec;
        r[at + E_SADDR] = sa;
        r[at + E_DADDR] = da;
        r[at + E_PORTS] = ports;
        r[at + E_OUTPUT] = output;
    }

    int ipDelta(final int f)
    {
        return rec[flowAt(f) + F_IP_DELTA];
    }

    int l4Delta(final int f)
    {
        return rec[flowAt(f) + F_L4_DELTA];
    }

    void setDeltas(final int f, final int ipDelta, final int l4Delta)
    {
        rec[flowAt(f) + F_IP_DELTA] = ipDelta;
        rec[flowAt(f) + F_L4_DELTA] = l4Delta;
    }

    int state(final int f)
    {
        return rec[flowAt(f) + F_STATE];
    }

    void setState(final int f, final int state)
    {
        rec[flowAt(f) + F_STATE] = state;
    }

    int meta(final int f)
    {
        return rec[flowAt(f) + F_META];
    }

    /** The flow kind (RewriterBase's KIND_*). */
    int kind(final int f)
    {
        return rec[flowAt(f) + F_META] & M_KIND;
    }

    /** The heap the flow is in: {@link #GUARANTEED} or {@link #BEST_EFFORT}. */
    int guaranteed(final int f)
    {
        return (rec[flowAt(f) + F_META] & M_GUARANTEED) != 0 ? GUARANTEED : BEST_EFFORT;
    }

    private void setGuaranteed(final int f, final int heap)
    {
        final int at = flowAt(f) + F_META;
        rec[at] = heap == GUARANTEED ? rec[at] | M_GUARANTEED : rec[at] & ~M_GUARANTEED;
    }

    int replyAnno(final int f)
    {
        return (rec[flowAt(f) + F_META] >>> M_REPLY_ANNO_SHIFT) & 0xFF;
    }

    void setReplyAnno(final int f, final int value)
    {
        final int at = flowAt(f) + F_META;
        rec[at] = (rec[at] & ~(0xFF << M_REPLY_ANNO_SHIFT)) | (value & 0xFF) << M_REPLY_ANNO_SHIFT;
    }

    /** Marks flow {@code f} as having sequence-number transitions. */
    void markSeq(final int f)
    {
        rec[flowAt(f) + F_META] |= M_SEQ;
    }

    /** A new flow's kind and heap; no reply annotation, no sequence transitions. */
    void initMeta(final int f, final int kind, final int heap)
    {
        rec[flowAt(f) + F_META] = (kind & M_KIND) | (heap == GUARANTEED ? M_GUARANTEED : 0);
    }

    long expiry(final int f)
    {
        final int at = flowAt(f) + F_EXPIRY;
        return (long)rec[at] << 32 | (rec[at + 1] & 0xFFFF_FFFFL);
    }

    void setExpiry(final int f, final long ms)
    {
        final int at = flowAt(f) + F_EXPIRY;
        rec[at] = (int)(ms >>> 32);
        rec[at + 1] = (int)ms;
    }

    private long heapKey(final int f)
    {
        final int at = flowAt(f) + F_HEAP_KEY;
        return (long)rec[at] << 32 | (rec[at + 1] & 0xFFFF_FFFFL);
    }

    private void setHeapKey(final int f, final long ms)
    {
        final int at = flowAt(f) + F_HEAP_KEY;
        rec[at] = (int)(ms >>> 32);
        rec[at + 1] = (int)ms;
    }

    // ------------------------------------------------------------------------------------------ allocation

    /** Preallocates room for {@code flows} flows (setup time). */
    void reserve(final int flows)
    {
        if (flows > heapPos.length)
        {
            grow(flows);
        }
    }

    int size()
    {
        return heapSize[0] + heapSize[1];
    }

    int allocated()
    {
        return heapPos.length;
    }

    private void allocateArrays(final int n)
    {
        rec = new int[n << REC_SHIFT];
        heapPos = new int[n];
        ownerInput = new int[n];
        owner = new RewriterBase[n];
        map = new FlowMap[n];
        seqTrigger = new int[2 * n * SEQ_SLOTS];
        seqDelta = new int[2 * n * SEQ_SLOTS];
        seqBase = new int[2 * n];
        seqCount = new byte[2 * n];
        free = new int[n];
        heaps[0] = new int[n];
        heaps[1] = new int[n];
    }

    private void grow(final int n)
    {
        rec = Arrays.copyOf(rec, n << REC_SHIFT);
        heapPos = Arrays.copyOf(heapPos, n);
        ownerInput = Arrays.copyOf(ownerInput, n);
        owner = Arrays.copyOf(owner, n);
        map = Arrays.copyOf(map, n);
        seqTrigger = Arrays.copyOf(seqTrigger, 2 * n * SEQ_SLOTS);
        seqDelta = Arrays.copyOf(seqDelta, 2 * n * SEQ_SLOTS);
        seqBase = Arrays.copyOf(seqBase, 2 * n);
        seqCount = Arrays.copyOf(seqCount, 2 * n);
        free = Arrays.copyOf(free, n);
        heaps[0] = Arrays.copyOf(heaps[0], n);
        heaps[1] = Arrays.copyOf(heaps[1], n);
    }

    /** A free flow id (its fields are to be set by the caller). */
    int allocate()
    {
        generation++;
        if (freeCount > 0)
        {
            return free[--freeCount];
        }
        if (highWater == heapPos.length)
        {
            grow(Math.max(INITIAL, heapPos.length * 2));
        }
        return highWater++;
    }

    private void release(final int f)
    {
        owner[f] = null;
        map[f] = null;
        free[freeCount++] = f;
    }

    // ------------------------------------------------------------------------------------------ heaps

    void heapInsert(final int f)
    {
        final int h = guaranteed(f);
        final int[] heap = heaps[h];
        final int pos = heapSize[h]++;
        heap[pos] = f;
        heapPos[f] = pos;
        setHeapKey(f, expiry(f));
        siftUp(h, pos);
    }

    private void heapRemove(final int f)
    {
        final int h = guaranteed(f);
        final int[] heap = heaps[h];
        final int pos = heapPos[f];
        final int last = --heapSize[h];
        if (pos != last)
        {
            heap[pos] = heap[last];
            heapPos[heap[pos]] = pos;
            if (!siftUp(h, pos))
            {
                siftDown(h, pos);
            }
        }
    }

    /** Click's {@code change_expiry}: moves the flow to the heap of {@code toGuaranteed} with the new expiry. */
    void changeExpiry(final int f, final boolean toGuaranteed, final long newExpiry)
    {
        final int g = toGuaranteed ? GUARANTEED : BEST_EFFORT;
        if (guaranteed(f) != g)
        {
            heapRemove(f);
            setExpiry(f, newExpiry);
            setGuaranteed(f, g);
            heapInsert(f);
        }
        else
        {
            setExpiry(f, newExpiry);
            if (newExpiry - heapKey(f) < 0)
            {
                // earlier than its place in the heap: move it up now (later expiries wait for settle)
                setHeapKey(f, newExpiry);
                siftUp(g, heapPos[f]);
            }
        }
    }

    /**
     * Makes the top of heap {@code h} the flow that truly expires first: while the top's key is older than its
     * expiry, its key is brought up to date and it sinks to its place.
     */
    void settle(final int h)
    {
        final int[] heap = heaps[h];
        while (heapSize[h] > 0)
        {
            final int f = heap[0];
            final long e = expiry(f);
            if (heapKey(f) == e)
            {
                return;
            }
            setHeapKey(f, e);
            siftDown(h, 0);
        }
    }

    private boolean siftUp(final int h, int pos)
    {
        final int[] heap = heaps[h];
        final int f = heap[pos];
        final long e = heapKey(f);
        boolean moved = false;
        while (pos > 0)
        {
            final int parent = (pos - 1) >> 1;
            final int pf = heap[parent];
            if (heapKey(pf) - e <= 0)
            {
                break;
            }
            heap[pos] = pf;
            heapPos[pf] = pos;
            pos = parent;
            moved = true;
        }
        heap[pos] = f;
        heapPos[f] = pos;
        return moved;
    }

    private void siftDown(final int h, int pos)
    {
        final int[] heap = heaps[h];
        final int n = heapSize[h];
        final int f = heap[pos];
        final long e = heapKey(f);
        while (true)
        {
            int child = 2 * pos + 1;
            if (child >= n)
            {
                break;
            }
            if (child + 1 < n && heapKey(heap[child + 1]) - heapKey(heap[child]) < 0)
            {
                child++;
            }
            final int cf = heap[child];
            if (e - heapKey(cf) <= 0)
            {
                break;
            }
            heap[pos] = cf;
            heapPos[cf] = pos;
            pos = child;
        }
        heap[pos] = f;
        heapPos[f] = pos;
    }

    int top(final int h)
    {
        settle(h);
        return heapSize[h] > 0 ? heaps[h][0] : -1;
    }

    // ------------------------------------------------------------------------------------------ life cycle

    /** Click's flow {@code destroy}: out of its heap, its input's count down, out of its map, id freed. */
    void destroy(final int f)
    {
        generation++;
        destroyGeneration++;
        heapRemove(f);
        final RewriterBase o = owner[f];
        o.flowDestroyed(f);
        final FlowMap m = map[f];
        if (m != null)
        {
            m.removeEntry(2 * f);
            m.removeEntry(2 * f + 1);
        }
        release(f);
    }

    /** Moves guaranteed flows whose guarantee ended by {@code nowMs} to the best-effort heap. */
    void shiftBestEffort(final long nowMs)
    {
        while (heapSize[GUARANTEED] > 0)
        {
            settle(GUARANTEED);
            final int f = heaps[GUARANTEED][0];
            if (nowMs - expiry(f) < 0)
            {
                break;
            }
            changeExpiry(f, false, owner[f].bestEffortExpiry(f));
        }
    }

    /**
     * Admission of new flow {@code f} above capacity: the best-effort flow that expires first goes, or, when all
     * flows are guaranteed, the new flow itself. Returns whether {@code f} was the one destroyed.
     */
    boolean shrinkForNewFlow(final int f, final long nowMs)
    {
        shiftBestEffort(nowMs);
        settle(BEST_EFFORT);
        final int dead = heapSize[BEST_EFFORT] == 0 ? f : heaps[BEST_EFFORT][0];
        destroy(dead);
        return dead == f;
    }

    /** Click's {@code shrink_heap}: expires flows, then removes flows down to the capacity (0 with {@code clearAll}). */
    void shrink(final boolean clearAll, final long nowMs)
    {
        shiftBestEffort(nowMs);
        settle(BEST_EFFORT);
        while (heapSize[BEST_EFFORT] > 0 && nowMs - expiry(heaps[BEST_EFFORT][0]) >= 0)
        {
            destroy(heaps[BEST_EFFORT][0]);
            settle(BEST_EFFORT);
        }
        final int cap = clearAll ? 0 : capacity;
        while (size() > cap)
        {
            final int h = heapSize[BEST_EFFORT] == 0 ? GUARANTEED : BEST_EFFORT;
            settle(h);
            destroy(heaps[h][0]);
        }
    }

    /** Whether flow id {@code f} is live. */
    boolean live(final int f)
    {
        return f >= 0 && f < owner.length && owner[f] != null;
    }
}
