package org.jclick.dataplane.jmh.memorymodel;
import io.netty.buffer.*;
import io.netty.util.concurrent.FastThreadLocalThread;
/** Allocation of netty pooled direct buffers on a plain thread and on a FastThreadLocalThread (memory model notes). */
public final class NettyThreadProbe {
  static void run(String name) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    PooledByteBufAllocator a = new PooledByteBufAllocator(true);
    ByteBuf[] b = new ByteBuf[32];
    for (int w = 0; w < 3; w++) {
      long t0 = mx.getCurrentThreadAllocatedBytes(); long n0 = System.nanoTime();
      for (int it = 0; it < 200_000; it++) {
        for (int i = 0; i < 32; i++) b[i] = a.directBuffer(2048, 2048);
        for (int i = 0; i < 32; i++) b[i].release();
      }
      long t1 = mx.getCurrentThreadAllocatedBytes();
      System.out.printf("%s: %.2f B/buffer %.1f ns/buffer%n", name, (t1 - t0) / (200_000.0 * 32), (System.nanoTime()-n0)/(200_000.0*32));
    }
  }
  public static void main(String[] args) throws Exception {
    Thread t = new Thread(() -> run("plain Thread")); t.start(); t.join();
    Thread f = new FastThreadLocalThread(() -> run("FastThreadLocalThread")); f.start(); f.join();
  }
}
