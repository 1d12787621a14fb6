package io.reactiveaudio.remote;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
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
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * An object on an HTTP(S) server, read by GET with a {@code Range} header through Reactor Netty's
 * HTTP client (redirects followed). A server that ignores the range of a request from byte
 * {@code p > 0} (status 200) has its first {@code p} bytes dropped, so the reader still gets the
 * bytes it asked for. The size comes from a HEAD request.
 */
final class HttpObject extends RemoteObject {

    private final HttpClient client;
    private final URI uri;

    HttpObject(HttpClient client, URI uri, RemoteSettings settings, RemoteStats stats) {
        super(uri.toString(), settings, stats);
        this.client = client;
        this.uri = uri;
    }

    @Override
    Body request(long position, long length) throws IOException {
        Body body = new Body(settings.stall().toNanos());
        CompletableFuture<Void> headers = new CompletableFuture<>();
        String range = "bytes=" + position + "-" + (length < 0 ? "" : Long.toString(position + length - 1));
        client.headers(h -> h.set(HttpHeaderNames.RANGE, range))
                .get().uri(uri)
                .response((response, content) -> {
                    int code = response.status().code();
                    if (code == 206 || code == 200) {
                        headers.complete(null);
                        Flux<ByteBuffer> bytes = content.asByteArray().map(ByteBuffer::wrap);
                        return code == 200 && position > 0 ? dropFirst(bytes, position) : bytes;
                    }
                    if (code == HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE.code() && length < 0) {
                        headers.complete(null);
                        return Flux.empty();
                    }
                    headers.completeExceptionally(RemoteFailure.ofStatus(code, "GET " + range + ": " + response.status()));
                    return Flux.empty();
                })
                .doOnError(headers::completeExceptionally)
                .subscribe(body);
        await(headers, body);
        return body;
    }

    @Override
    long head() throws IOException {
        CompletableFuture<HttpClientResponse> answer = client.head().uri(uri).response().toFuture();
        HttpClientResponse response = await(answer, null);
        int code = response.status().code();
        if (code != 200) {
            throw RemoteFailure.ofStatus(code, "HEAD: " + response.status());
        }
        String length = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null) {
            throw new RemoteFailure(code, io.reactiveaudio.bytes.ByteSourceException.Kind.FAILED, false,
                    "HEAD: no Content-Length", null);
        }
        return Long.parseLong(length);
    }

    /** Waits for the response's status (blocking), up to the connect timeout and the stall limit. */
    private <T> T await(CompletableFuture<T> future, Body body) throws IOException {
        Duration limit = settings.connectTimeout().plus(settings.stall());
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (body != null) {
                body.cancel();
            }
            throw e.getCause() instanceof RemoteFailure f ? f : RemoteFailure.ofTransport(e.getCause());
        } catch (TimeoutException e) {
            if (body != null) {
                body.cancel();
            }
            throw RemoteFailure.ofTransport(new IOException("no response in " + limit.toMillis() + " ms", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + uri);
        }
    }

    /** The bytes after the first {@code n}. */
    private static Flux<ByteBuffer> dropFirst(Flux<ByteBuffer> bytes, long n) {
        long[] left = {n};
        return bytes.handle((buffer, sink) -> {
            int drop = (int) Math.min(left[0], buffer.remaining());
            left[0] -= drop;
            buffer.position(buffer.position() + drop);
            if (buffer.hasRemaining()) {
                sink.next(buffer);
            }
        });
    }
}
