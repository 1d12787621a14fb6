package io.reactiveaudio.remote;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An HTTP server on loopback (Reactor Netty's) serving the files of a folder with range requests
 * ({@code Range: bytes=a-b} and {@code bytes=a-}: 206 with {@code Content-Range}), HEAD, 404 for
 * a missing file and 403 for anything under {@code /private/}. Files are read on bounded elastic,
 * never on the event loop. Counts the GET requests.
 */
public final class RangeFileServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final DisposableServer server;
    private final AtomicInteger gets = new AtomicInteger();

    /** Serves the files below {@code root} on a free loopback port. */
    public RangeFileServer(Path root) {
        server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
            String uri = request.uri();
            if (uri.startsWith("/private/")) {
                return response.status(HttpResponseStatus.FORBIDDEN).send();
            }
            Path file = root.resolve(uri.substring(1));
            boolean head = request.method().name().equals("HEAD");
            if (!head) {
                gets.incrementAndGet();
            }
            String range = request.requestHeaders().get(HttpHeaderNames.RANGE);
            return Mono.fromCallable(() -> Files.isRegularFile(file) ? Files.size(file) : -1L)
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(size -> {
                        if (size < 0) {
                            return response.status(HttpResponseStatus.NOT_FOUND).send().then();
                        }
                        if (head) {
                            return response.header(HttpHeaderNames.CONTENT_LENGTH, Long.toString(size)).send().then();
                        }
                        long first = 0;
                        long last = size - 1;
                        if (range != null) {
                            Matcher m = RANGE.matcher(range);
                            if (!m.matches() || Long.parseLong(m.group(1)) >= size) {
                                return response.status(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE).send().then();
                            }
                            first = Long.parseLong(m.group(1));
                            last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                            response.status(HttpResponseStatus.PARTIAL_CONTENT)
                                    .header(HttpHeaderNames.CONTENT_RANGE, "bytes " + first + "-" + last + "/" + size);
                        }
                        long from = first;
                        int length = (int) (last - first + 1);
                        response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(length));
                        return response.send(Mono.fromCallable(() -> Unpooled.wrappedBuffer(read(file, from, length)))
                                .subscribeOn(Schedulers.boundedElastic())).then();
                    });
        }).bindNow();
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** GET requests answered so far. */
    int gets() {
        return gets.get();
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    private static byte[] read(Path file, long from, int length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[length];
            f.seek(from);
            f.readFully(bytes);
            return bytes;
        }
    }
}
