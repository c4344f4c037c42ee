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

    int capacity = UNLIMITED;

    // per entry (2 * flow + direction)
    int[] saddr;
    int[] daddr;
    int[] ports;
    int[] output;
    // per flow
    long[] expiry;
    /** The expiry the heap orders the flow by: at most {@link #expiry} (see the class comment). */
    long[] heapKey;
    byte[] guaranteed;
    int[] heapPos;
    int[] state;
    int[] ipDelta;
    int[] l4Delta;
    byte[] proto;
    byte[] replyAnno;
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

    private int[] free;
    private int freeCount;
    private int highWater;
    final int[][] heaps = new int[2][];
    final int[] heapSize = new int[2];

    FlowStore()
    {
        allocateArrays(INITIAL);
    }

    /** Preallocates room for {@code flows} flows (setup time). */
    void reserve(final int flows)
    {
        if (flows > expiry.length)
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
        return expiry.length;
    }

    private void allocateArrays(final int n)
    {
        saddr = new int[2 * n];
        daddr = new int[2 * n];
        ports = new int[2 * n];
        output = new int[2 * n];
        expiry = new long[n];
        heapKey = new long[n];
        guaranteed = new byte[n];
        heapPos = new int[n];
        state = new int[n];
        ipDelta = new int[n];
        l4Delta = new int[n];
        proto = new byte[n];
        replyAnno = new byte[n];
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
        saddr = Arrays.copyOf(saddr, 2 * n);
        daddr = Arrays.copyOf(daddr, 2 * n);
        ports = Arrays.copyOf(ports, 2 * n);
        output = Arrays.copyOf(output, 2 * n);
        expiry = Arrays.copyOf(expiry, n);
        heapKey = Arrays.copyOf(heapKey, n);
        guaranteed = Arrays.copyOf(guaranteed, n);
        heapPos = Arrays.copyOf(heapPos, n);
        state = Arrays.copyOf(state, n);
        ipDelta = Arrays.copyOf(ipDelta, n);
        l4Delta = Arrays.copyOf(l4Delta, n);
        proto = Arrays.copyOf(proto, n);
        replyAnno = Arrays.copyOf(replyAnno, n);
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
        if (freeCount > 0)
        {
            return free[--freeCount];
        }
        if (highWater == expiry.length)
        {
            grow(Math.max(INITIAL, expiry.length * 2));
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
        final int h = guaranteed[f];
        final int[] heap = heaps[h];
        final int pos = heapSize[h]++;
        heap[pos] = f;
        heapPos[f] = pos;
        heapKey[f] = expiry[f];
        siftUp(h, pos);
    }

    private void heapRemove(final int f)
    {
        final int h = guaranteed[f];
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
        if (guaranteed[f] != g)
        {
            heapRemove(f);
            expiry[f] = newExpiry;
            guaranteed[f] = (byte)g;
            heapInsert(f);
        }
        else
        {
            expiry[f] = newExpiry;
            if (newExpiry - heapKey[f] < 0)
            {
                // earlier than its place in the heap: move it up now (later expiries wait for settle)
                heapKey[f] = newExpiry;
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
            if (heapKey[f] == expiry[f])
            {
                return;
            }
            heapKey[f] = expiry[f];
            siftDown(h, 0);
        }
    }

    private boolean siftUp(final int h, int pos)
    {
        final int[] heap = heaps[h];
        final int f = heap[pos];
        final long e = heapKey[f];
        boolean moved = false;
        while (pos > 0)
        {
            final int parent = (pos - 1) >> 1;
            final int pf = heap[parent];
            if (heapKey[pf] - e <= 0)
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
        final long e = heapKey[f];
        while (true)
        {
            int child = 2 * pos + 1;
            if (child >= n)
            {
                break;
            }
            if (child + 1 < n && heapKey[heap[child + 1]] - heapKey[heap[child]] < 0)
            {
                child++;
            }
            final int cf = heap[child];
            if (e - heapKey[cf] <= 0)
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
            if (nowMs - expiry[f] < 0)
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
        while (heapSize[BEST_EFFORT] > 0 && nowMs - expiry[heaps[BEST_EFFORT][0]] >= 0)
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
