package io.reactiveaudio.test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one piece of work (a fuzz target on one input) under two bounds: wall-clock time, so a
 * loop that stops making progress fails the test instead of hanging the build, and the bytes the
 * work allocates, so a lying length field that makes a parser allocate far more than its input
 * fails even where the heap could hold it.
 *
 * <p>The work runs on a daemon thread of this class, reused from call to call; work that
 * overruns its time is left running (it cannot be stopped safely) and a new thread serves later
 * calls. Allocation is HotSpot's count of the bytes allocated by that thread while the work ran.
 * An exception or error the work throws is rethrown as it is. Blocks the caller until the work
 * ends or its time is up; thread-safe (calls run one at a time).
 */
public final class Watchdog {

    /** The time bound of one fuzz input: far above what any input of a few kilobytes needs. */
    public static final Duration PER_INPUT = Duration.ofSeconds(10);

    /**
     * The allocation every fuzz input may make whatever its size, in bytes: loading the classes a
     * new path through a parser needs, decoder tables, a FLAC block of 65 535 frames by 8
     * channels, a read buffer of 4096 frames of a few hundred channels.
     */
    public static final long FIXED_ALLOCATION_BYTES = 64L << 20;

    /** The allocation a fuzz input may make per byte of its own, in bytes. */
    public static final long ALLOCATION_PER_INPUT_BYTE = 256;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static ExecutorService worker = newWorker();

    private Watchdog() {
    }

    /**
     * Runs the work of one fuzz input of {@code inputBytes} bytes under {@link #PER_INPUT} and
     * {@link #allocationBound(int)}, as {@link #run(Duration, long, Runnable)}.
     */
    public static void run(int inputBytes, Runnable work) {
        run(PER_INPUT, allocationBound(inputBytes), work);
    }

    /**
     * Bytes a fuzz input of {@code inputBytes} bytes may make its parser allocate:
     * {@link #FIXED_ALLOCATION_BYTES} plus {@link #ALLOCATION_PER_INPUT_BYTE} per input byte. A
     * header that lies about a length (a size, a count, a channel number) cannot get past it.
     */
    public static long allocationBound(int inputBytes) {
        return FIXED_ALLOCATION_BYTES + ALLOCATION_PER_INPUT_BYTE * inputBytes;
    }

    /**
     * Runs {@code work} and returns once it has ended.
     *
     * @param time how long the work may take
     * @param allocationBytes how many bytes the work may allocate
     * @throws AssertionError when the work is still running after {@code time}, or allocated more
     *     than {@code allocationBytes}
     */
    public static synchronized void run(Duration time, long allocationBytes, Runnable work) {
        Future<Long> done = worker.submit(() -> {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            work.run();
            return THREADS.getCurrentThreadAllocatedBytes() - before;
        });
        long allocated;
        try {
            allocated = done.get(time.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            done.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("still running after " + time + ": a loop makes no progress", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the work", e);
        }
        if (allocated > allocationBytes) {
            throw new AssertionError("allocated " + allocated + " bytes, more than the bound of "
                    + allocationBytes + " bytes");
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        throw new AssertionError("the work threw " + cause, cause);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "watchdog-work");
            thread.setDaemon(true);
            return thread;
        });
    }
}
