package io.reactiveaudio.remote;

import io.reactiveaudio.bytes.ByteSource;
import io.reactiveaudio.bytes.ByteSourceException;
import io.reactiveaudio.bytes.ReadEvents;
import io.reactiveaudio.bytes.ReadRetry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

/**
 * An object on a server read by range requests, with the retry rule every protocol shares: a
 * transient failure (reset, refused connection, stall, timeout, 408, 429, 5xx) is retried after an
 * exponential backoff, from the byte after the last one delivered (a new range request), until
 * {@link RemoteSettings#maxAttempts()} attempts in a row have failed without a byte between them;
 * a missing object or a denied request fails at once. Failures are {@link ByteSourceException}s
 * naming the URL, the status and the attempts; every request, retry and resumed byte is counted in
 * {@link RemoteStats}, and each retry is also reported as a {@link ReadRetry} to the run reading on
 * that thread ({@link ReadEvents}). Reads block (on the caller's bounded-elastic thread); thread-safe, each
 * channel for one reader.
 */
abstract class RemoteObject implements ByteSource {

    private final String url;
    protected final RemoteSettings settings;
    protected final RemoteStats stats;
    private volatile long size = -1;

    RemoteObject(String url, RemoteSettings settings, RemoteStats stats) {
        this.url = Objects.requireNonNull(url, "url");
        this.settings = settings;
        this.stats = stats;
    }

    /**
     * Starts a request for bytes {@code [position, position + length)} ({@code length} -1: to the
     * end) and waits for its status (blocking).
     *
     * @throws RemoteFailure for a failing status or transport
     */
    abstract Body request(long position, long length) throws IOException;

    /** Asks the server for the object's size (blocking). */
    abstract long head() throws IOException;

    @Override
    public String name() {
        return url;
    }

    @Override
    public long size() throws IOException {
        long known = size;
        if (known < 0) {
            known = withRetries(this::head);
            size = known;
        }
        return known;
    }

    @Override
    public ReadableByteChannel openAt(long position) {
        return new Resuming(position, -1);
    }

    @Override
    public ReadableByteChannel openAt(long position, long length) {
        return new Resuming(position, length);
    }

    @Override
    public String toString() {
        return url;
    }

    private interface Call<T> {
        T call() throws IOException;
    }

    private <T> T withRetries(Call<T> call) throws IOException {
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                stats.request();
                return call.call();
            } catch (IOException e) {
                backOffOrThrow(e, attempts, 0, false);
            }
        }
    }

    private void backOffOrThrow(IOException e, int attempts, long position, boolean resumes) throws ByteSourceException {
        Backoff.retryOrThrow(url, e, attempts, position, resumes, settings, stats);
    }

    /** A channel that reopens its range from the next byte after each transient failure. */
    private final class Resuming implements ReadableByteChannel {
        private final long start;
        private long position;
        /** Bytes still to read, or -1 for to the end. */
        private long left;
        private Body body;
        private boolean open = true;
        private int failuresInARow;
        private boolean broken;

        Resuming(long position, long length) {
            this.start = position;
            this.position = position;
            this.left = length;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (left == 0 || !dst.hasRemaining()) {
                return left == 0 ? -1 : 0;
            }
            while (true) {
                try {
                    if (body == null) {
                        failuresInARow++;
                        stats.request();
                        body = request(position, left);
                        if (broken) {
                            stats.resume();
                        }
                    }
                    int n = body.read(dst);
                    if (n > 0) {
                        position += n;
                        left = left < 0 ? -1 : left - n;
                        failuresInARow = 0;
                        stats.bytes(n);
                    } else if (left > 0) {
                        throw RemoteFailure.ofTransport(new IOException("the body ended " + left + " bytes early"));
                    }
                    return n;
                } catch (IOException e) {
                    if (body != null) {
                        body.cancel();
                        body = null;
                    }
                    broken = true;
                    backOffOrThrow(e, Math.max(failuresInARow, 1), position, position > start);
                }
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
            if (body != null) {
                body.cancel();
                body = null;
            }
        }
    }
}
