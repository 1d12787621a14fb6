package io.reactiveaudio.test;

import java.time.Duration;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Installs BlockHound, which fails any blocking call made on a non-blocking thread (such as
 * {@link Schedulers#parallel()}), and proves that it is active. For test suites that do not use
 * {@code blockhound-junit-platform}, which installs BlockHound on its own.
 *
 * <p>BlockHound instruments JDK classes, so on JDK 13 and later the test JVM must be started with
 * {@value #JVM_FLAG}; with Maven Surefire:
 * <pre>{@code <argLine>-XX:+AllowRedefinitionToAddDeleteMethods</argLine>}</pre>
 *
 * <p>Installation loads every {@code BlockHoundIntegration} on the class path (Reactor's included)
 * and cannot be undone. Thread-safe.
 */
public final class BlockHoundSetup {

    /** The JVM option BlockHound needs on JDK 13 and later. */
    public static final String JVM_FLAG = "-XX:+AllowRedefinitionToAddDeleteMethods";

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Object LOCK = new Object();
    private static boolean attempted;
    private static Throwable failure;

    private BlockHoundSetup() {
    }

    /**
     * Installs BlockHound once; later calls do nothing, also when it was installed by other means.
     *
     * @throws IllegalStateException if BlockHound cannot instrument the JVM (typically for lack of
     *     {@value #JVM_FLAG}); every later call throws it again
     */
    public static void install() {
        synchronized (LOCK) {
            if (!attempted) {
                attempted = true;
                try {
                    BlockHound.install();
                } catch (RuntimeException | LinkageError e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalStateException(
                        "BlockHound could not be installed; on JDK 13+ start the JVM with " + JVM_FLAG, failure);
            }
        }
    }

    /**
     * Whether BlockHound is active: a {@code Thread.sleep(0)} on {@link Schedulers#parallel()} is
     * rejected with a {@link BlockingOperationError}. Waits for that probe, so call it from a thread
     * that may block (a test's own thread), not from a non-blocking one.
     */
    public static boolean isInstalled() {
        return Mono.fromCallable(() -> {
                    Thread.sleep(0);
                    return false;
                })
                .onErrorReturn(BlockingOperationError.class, true)
                .subscribeOn(Schedulers.parallel())
                .block(PROBE_TIMEOUT);
    }
}
