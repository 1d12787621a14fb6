package io.reactiveaudio.remote;

import io.reactiveaudio.bytes.ByteSourceException;
import io.reactiveaudio.bytes.ReadEvents;
import io.reactiveaudio.bytes.ReadRetry;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * The retry rule every remote request shares: a transient failure is counted, reported to the
 * run reading on this thread ({@link ReadEvents}) and waited out (exponential backoff), a final
 * one (not retryable, or {@link RemoteSettings#maxAttempts()} spent) is counted and thrown as a
 * {@link ByteSourceException} naming the URL. Blocks the calling thread while it waits.
 */
final class Backoff {

    private Backoff() {
    }

    /**
     * Counts, reports and sleeps before attempt {@code attempts + 1}, or throws the typed failure
     * when there is none to make.
     *
     * @param attempts the attempts made in a row without progress, the failed one included
     * @param position the byte the next attempt starts from
     * @param resumes whether the next attempt continues a transfer that had delivered bytes
     */
    static void retryOrThrow(String url, IOException e, int attempts, long position, boolean resumes,
                             RemoteSettings settings, RemoteStats stats) throws ByteSourceException {
        RemoteFailure failure = e instanceof RemoteFailure f ? f : RemoteFailure.ofTransport(e);
        if (!failure.retryable() || attempts >= settings.maxAttempts()) {
            stats.failure();
            throw new ByteSourceException(url, failure.kind(), failure.status(), attempts,
                    failure.getMessage(), failure);
        }
        stats.retry();
        ReadEvents.report(new ReadRetry(url, position, attempts, resumes, String.valueOf(failure.getMessage())));
        long delay = Math.min(settings.maxBackoff().toNanos(), settings.firstBackoff().toNanos() << (attempts - 1));
        try {
            Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ByteSourceException(url, ByteSourceException.Kind.FAILED, failure.status(), attempts,
                    "interrupted while waiting to retry", new InterruptedIOException());
        }
    }
}
