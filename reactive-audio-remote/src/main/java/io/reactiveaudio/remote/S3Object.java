package io.reactiveaudio.remote;

import io.reactiveaudio.bytes.ByteSourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
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
 * with the SDK's asynchronous client, whose body is copied out of the SDK's buffers as it arrives.
 * The SDK's own retries are off: {@link RemoteObject}'s rule retries and resumes.
 */
final class S3Object extends RemoteObject {

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
        Flux.from(publisher).map(S3Object::copy).subscribe(body);
        return body;
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

    private static ByteBuffer copy(ByteBuffer buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer).flip();
        return copy;
    }
}
