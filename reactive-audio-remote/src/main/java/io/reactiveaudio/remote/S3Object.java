package io.reactiveaudio.remote;

import io.reactiveaudio.bytes.ByteSourceException;
import io.reactiveaudio.bytes.ByteSources;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * An object in S3 or an S3-compatible store ({@code s3://bucket/key}), read by ranged GetObject
 * with the SDK's asynchronous client, whose body is copied out of the SDK's buffers as it arrives,
 * gathered into larger buffers ({@link #coalesced}).
 * The SDK's own retries are off: {@link RemoteObject}'s rule retries and resumes.
 */
final class S3Object extends RemoteObject {

    /** Bytes gathered from the SDK's buffers before one is handed to the reader. */
    static final int COALESCED_BYTES = ByteSources.REMOTE_BUFFER_BYTES / 2;

    private final S3AsyncClient client;
    private final String bucket;
    private final String key;

    S3Object(S3AsyncClient client, URI uri, RemoteSettings settings, RemoteStats stats) {
        super(uri.toString(), settings, stats);
        this.client = client;
        this.bucket = uri.getHost();
        String path = uri.getPath();
        if (bucket == null || path == null || path.length() < 2) {
            throw new IllegalArgumentException("an S3 URL is s3://bucket/key: " + uri);
        }
        this.key = path.substring(1);
    }

    @Override
    Body request(long position, long length) throws IOException {
        String range = "bytes=" + position + "-" + (length < 0 ? "" : Long.toString(position + length - 1));
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key).range(range).build();
        ResponsePublisher<GetObjectResponse> publisher;
        try {
            publisher = await(client.getObject(request, AsyncResponseTransformer.toPublisher()), settings, name());
        } catch (RemoteFailure e) {
            if (e.status() == 416 && length < 0) {
                Body empty = new Body(settings.stall().toNanos());
                Flux.<ByteBuffer>empty().subscribe(empty);
                return empty;
            }
            throw e;
        }
        Body body = new Body(settings.stall().toNanos());
        coalesced(Flux.from(publisher)).subscribe(body);
        return body;
    }

    /**
     * The SDK's body buffers (8 KiB each) copied out into buffers of {@link #COALESCED_BYTES} or a
     * little more (at most {@link ByteSources#REMOTE_BUFFER_BYTES} for buffers of up to 32 KiB), so
     * the reader takes a quarter as many hand-overs from the client's threads.
     */
    static Flux<ByteBuffer> coalesced(Flux<ByteBuffer> buffers) {
        return Flux.defer(() -> {
            long[] gathered = {0};
            return buffers.bufferUntil(b -> {
                gathered[0] += b.remaining();
                if (gathered[0] >= COALESCED_BYTES) {
                    gathered[0] = 0;
                    return true;
                }
                return false;
            }).map(S3Object::copy);
        });
    }

    @Override
    long head() throws IOException {
        HeadObjectResponse head = await(client.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build()),
                settings, name());
        return head.contentLength();
    }

    /**
     * Waits for an S3 call (blocking) at most the connect timeout plus the stall limit, turning
     * its failure into a {@link RemoteFailure} by status (throttling retryable).
     *
     * @param url the object's URL, for messages
     */
    static <T> T await(CompletableFuture<T> future, RemoteSettings settings, String url) throws IOException {
        Duration limit = settings.connectTimeout().plus(settings.stall());
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SdkServiceException service) {
                RemoteFailure failure = RemoteFailure.ofStatus(service.statusCode(), cause.getMessage());
                if (service.isThrottlingException() && !failure.retryable()) {
                    throw new RemoteFailure(service.statusCode(), ByteSourceException.Kind.RETRIES_EXHAUSTED, true,
                            cause.getMessage(), cause);
                }
                throw failure;
            }
            throw RemoteFailure.ofTransport(cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw RemoteFailure.ofTransport(new IOException("no response in " + limit.toMillis() + " ms", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + url);
        }
    }

    private static ByteBuffer copy(List<ByteBuffer> buffers) {
        int bytes = 0;
        for (ByteBuffer b : buffers) {
            bytes += b.remaining();
        }
        ByteBuffer copy = ByteBuffer.allocate(bytes);
        for (ByteBuffer b : buffers) {
            copy.put(b);
        }
        return copy.flip();
    }
}
