package io.reactiveaudio.netty.ingest;

import io.netty.buffer.ByteBuf;
import io.reactiveaudio.codec.mp3.Mp3StreamDecoder;
import io.reactiveaudio.live.LiveChunk;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.LiveSource;
import io.reactiveaudio.live.LiveStats;
import io.reactiveaudio.live.PushSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * A live source that listens to an Icecast-style HTTP MP3 stream: a GET whose endless body is
 * decoded incrementally ({@link Mp3StreamDecoder}), brought to the declared format (channels mixed
 * or copied, resampled by the polyphase resampler when the rates differ) and pushed into a
 * {@link PushSource}. The request starts on subscription and stops on cancel.
 *
 * <p>Backpressure: body bytes are requested only as the live source takes chunks, so under
 * {@link io.reactiveaudio.live.Overflow#BLOCK} a slow consumer stops the socket's reads (the
 * server's send buffer fills; a live radio server will eventually drop us). The event loop only
 * copies each body block out of its buffer; decoding, mixing and resampling run on
 * {@link Schedulers#parallel()}, one block at a time (JLayer's tables are loaded on
 * bounded-elastic first). A response other than 200, or bytes that never form MP3 frames,
 * fail the stream with a message that names the URL. Bytes the decoder skips (junk, tags, frames
 * of another format) are counted, as they go, in the stream's
 * {@link io.reactiveaudio.live.LiveStats.Counts#ignoredBytes()}.
 *
 * <p>Thread-safe; one subscriber.
 */
public final class HttpMp3Source implements LiveSource {

    /** Body bytes without a single MP3 frame after which the stream is declared not MP3. */
    static final int MAX_JUNK_BEFORE_FIRST_FRAME = 256 * 1024;

    private final String url;
    private final PushSource buffer;
    private final HttpClient client;
    private final AtomicBoolean started = new AtomicBoolean();

    private HttpMp3Source(String url, PushSource buffer, HttpClient client) {
        this.url = url;
        this.buffer = buffer;
        this.client = client;
    }

    /** A source for the stream at {@code url}, delivered in {@code buffer}'s format and buffer. */
    public static HttpMp3Source of(String url, PushSource buffer) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(buffer, "buffer");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("an HTTP stream URL starts with http:// or https://: " + url);
        }
        return new HttpMp3Source(url, buffer, HttpClient.create().followRedirect(true));
    }

    @Override
    public LiveFormat format() {
        return buffer.format();
    }

    @Override
    public LiveStats stats() {
        return buffer.stats();
    }

    @Override
    public Flux<LiveChunk> flux() {
        return Flux.defer(() -> {
            if (!started.compareAndSet(false, true)) {
                return Flux.error(new IllegalStateException("a live source has one subscriber"));
            }
            Disposable reading = Mono.fromRunnable(Mp3StreamDecoder::loadTables)
                    .subscribeOn(Schedulers.boundedElastic())
                    .thenMany(Flux.defer(this::read))
                    .subscribe(null, buffer::fail, buffer::complete);
            return buffer.flux().doFinally(signal -> reading.dispose());
        });
    }

    /** The body, decoded and pushed; completes when the body ends. */
    private Flux<Void> read() {
        Mp3StreamDecoder decoder = new Mp3StreamDecoder(url);
        SkippedBytes skipped = new SkippedBytes(decoder);
        StreamConformer conformer = new StreamConformer(buffer.format());
        int maxFrames = Math.max(1, buffer.capacityFrames() / 4);
        return client.get().uri(url)
                .response((response, body) -> {
                    int status = response.status().code();
                    if (status != 200) {
                        return Flux.error(new IllegalStateException("HTTP " + status + " from " + url));
                    }
                    return body.map(HttpMp3Source::copy)
                            .publishOn(Schedulers.parallel(), 1)
                            .map(block -> decode(block, decoder, conformer, maxFrames))
                            .doOnNext(chunks -> skipped.count())
                            .concatWith(Mono.fromSupplier(() -> finish(decoder, conformer, maxFrames)));
                })
                .concatMapIterable(chunks -> chunks, 1)
                .concatMap(samples -> AsyncPush.push(buffer, samples), 1);
    }

    /** Counts in the stream's stats the bytes the decoder skipped since the last count; one per stream, one thread at a time. */
    private final class SkippedBytes {

        private final Mp3StreamDecoder decoder;
        private long counted;

        SkippedBytes(Mp3StreamDecoder decoder) {
            this.decoder = decoder;
        }

        void count() {
            long skipped = decoder.skippedBytes();
            buffer.ignore(skipped - counted);
            counted = skipped;
        }
    }

    /** The bytes of a body block, copied so the buffer goes back to Netty on the event loop. */
    private static byte[] copy(ByteBuf bytes) {
        byte[] block = new byte[bytes.readableBytes()];
        bytes.readBytes(block);
        return block;
    }

    /** The chunks of at most {@code maxFrames} frames that {@code block} completes, in the declared format. */
    private List<float[]> decode(byte[] block, Mp3StreamDecoder decoder, StreamConformer conformer, int maxFrames) {
        float[] decoded = decoder.push(block, 0, block.length);
        if (decoder.channels() == 0 && decoder.skippedBytes() > MAX_JUNK_BEFORE_FIRST_FRAME) {
            throw new IllegalStateException("no MP3 frame in the first " + decoder.skippedBytes() + " bytes of " + url);
        }
        return chunks(conformer.apply(decoded, decoder.sampleRate(), decoder.channels()), maxFrames);
    }

    /** The chunks of the decoder's last frames and the resampler's tail. */
    private List<float[]> finish(Mp3StreamDecoder decoder, StreamConformer conformer, int maxFrames) {
        float[] last = conformer.apply(decoder.finish(), decoder.sampleRate(), decoder.channels());
        float[] tail = conformer.finish();
        float[] both = Arrays.copyOf(last, last.length + tail.length);
        System.arraycopy(tail, 0, both, last.length, tail.length);
        return chunks(both, maxFrames);
    }

    /** {@code samples} in chunks of at most {@code maxFrames} frames. */
    private List<float[]> chunks(float[] samples, int maxFrames) {
        int channels = buffer.format().channels();
        int frames = samples.length / channels;
        List<float[]> chunks = new ArrayList<>(frames / maxFrames + 1);
        for (int at = 0; at < frames; at += maxFrames) {
            int n = Math.min(maxFrames, frames - at);
            chunks.add(Arrays.copyOfRange(samples, at * channels, (at + n) * channels));
        }
        return chunks;
    }
}
