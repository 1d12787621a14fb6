package io.reactiveaudio.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reactiveaudio.features.mel.LogMel;
import io.reactiveaudio.live.LiveChunk;
import io.reactiveaudio.live.LiveFeatureBlock;
import io.reactiveaudio.live.LiveFeatures;
import io.reactiveaudio.live.LiveFormat;
import io.reactiveaudio.live.PushSource;
import io.reactiveaudio.netty.ingest.PcmEncoding;
import io.reactiveaudio.netty.ingest.TcpIngest;
import io.reactiveaudio.test.Signals;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

/** Streams read through a real Kafka broker are the same live streams the TCP source gives. */
class KafkaIngestFeaturesTest {

    private static final LiveFormat MONO = LiveFormat.mono(16_000);
    private static final int STREAMS = 50;
    private static final int FRAMES = 16_000;
    private static final int RECORD_FRAMES = 320;
    private static final LogMel LOG_MEL = LogMel.builder().sampleRate(16_000).nFft(400).hopLength(160).nMels(40)
            .center(false).withoutTopDb().build();

    @RegisterExtension
    static final KafkaBroker broker = KafkaBroker.forTests();

    /** Stream {@code s}'s audio: one second of noise, as 16-bit samples carry it. */
    static float[] audio(int s) {
        float[] noise = Signals.noise(s, 16_000, 1, FRAMES, 0.3);
        return SampleEncoding.S16LE.decode(SampleEncoding.S16LE.encode(noise));
    }

    /** The feature values of one stream's blocks, in order. */
    static Flux<float[]> features(Flux<LiveChunk> chunks) {
        return chunks.takeUntil(chunk -> chunk.end() >= FRAMES)
                .transform(LiveFeatures.of(LOG_MEL))
                .map(LiveFeatureBlock::frames)
                .reduce(new float[0], (all, frames) -> {
                    float[] more = Arrays.copyOf(all, all.length + frames.values().length);
                    System.arraycopy(frames.values(), 0, more, all.length, frames.values().length);
                    return more;
                }).flux();
    }

    @Test
    void fiftyStreamsComeOutAsTheSameFeaturesAsTheTcpSourceGivesForTheSameAudio() throws Exception {
        broker.createTopic("fifty", 4);
        try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), "fifty", MONO,
                SampleEncoding.S16LE)) {
            for (int at = 0; at < FRAMES; at += RECORD_FRAMES) {
                for (int s = 0; s < STREAMS; s++) {
                    producer.send("mic-" + s, Arrays.copyOfRange(audio(s), at, at + RECORD_FRAMES));
                }
            }
            producer.flush();
        }

        Map<String, float[]> viaKafka = new ConcurrentHashMap<>();
        CountDownLatch kafkaDone = new CountDownLatch(STREAMS);
        try (KafkaIngestion ingestion = KafkaIngest.of(broker.bootstrap(), "fifty", "features").start()) {
            ingestion.streams().subscribe(stream -> features(stream.source().flux()).subscribe(values -> {
                viaKafka.put(stream.id(), values);
                kafkaDone.countDown();
            }));
            assertEquals(true, kafkaDone.await(60, TimeUnit.SECONDS), "streams done: " + viaKafka.keySet());
            assertEquals(0, ingestion.stats().snapshot().rejectedRecords());
        }

        float[][] viaTcp = new float[STREAMS][];
        try (TcpIngest.IngestServer server = TcpIngest.on("127.0.0.1", 0, MONO, PcmEncoding.S16LE)
                .sources(PushSource::builder).bind()) {
            CountDownLatch tcpDone = new CountDownLatch(STREAMS);
            int[] order = {0};
            server.streams().subscribe(stream -> {
                int s = order[0]++;
                features(stream.source().flux()).subscribe(values -> {
                    viaTcp[s] = values;
                    tcpDone.countDown();
                });
            });
            for (int s = 0; s < STREAMS; s++) {
                try (Socket socket = new Socket("127.0.0.1", server.port()); OutputStream out = socket.getOutputStream()) {
                    out.write(SampleEncoding.S16LE.encode(audio(s)));
                }
                long waitUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (order[0] <= s && System.nanoTime() < waitUntil) {
                    Thread.sleep(1);
                }
            }
            assertEquals(true, tcpDone.await(60, TimeUnit.SECONDS));
        }

        for (int s = 0; s < STREAMS; s++) {
            float[] expected = viaTcp[s];
            float[] actual = viaKafka.get("mic-" + s);
            assertEquals(LOG_MEL.bins() * LOG_MEL.frames(FRAMES), expected.length, "stream " + s + " via TCP");
            assertEquals(expected.length, actual.length, "stream " + s);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4f * Math.max(1, Math.abs(expected[i])), "stream " + s + " value " + i);
            }
        }
    }

    @Test
    void aRecordThatIsNotAudioIsReportedWithItsPartitionAndOffsetAndSkipped() throws Exception {
        broker.createTopic("damaged", 1);
        try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), "damaged", MONO,
                SampleEncoding.S16LE)) {
            producer.send("a", new float[320]).get(30, TimeUnit.SECONDS);
            producer.send(new AudioRecord("a", MONO, 1, 320, 0, new float[320])).get(30, TimeUnit.SECONDS);
        }
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> raw = new org.apache.kafka.clients.producer.KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrap()),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var odd = AudioRecords.encode("damaged", new AudioRecord("a", MONO, 2, 640, 0, new float[320]),
                    SampleEncoding.S16LE);
            raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>("damaged", null, odd.key(),
                    Arrays.copyOf(odd.value(), 639), odd.headers())).get(30, TimeUnit.SECONDS);
        }
        try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), "damaged", MONO,
                SampleEncoding.S16LE)) {
            producer.send(new AudioRecord("a", MONO, 3, 960, 0, new float[320])).get(30, TimeUnit.SECONDS);
        }

        try (KafkaIngestion ingestion = KafkaIngest.of(broker.bootstrap(), "damaged", "damage").start()) {
            var rejected = ingestion.rejections().next().toFuture();
            List<LiveChunk> chunks = ingestion.streams().next()
                    .flatMapMany(stream -> stream.source().flux().take(3)).collectList()
                    .block(Duration.ofSeconds(30));

            assertEquals(List.of(0L, 320L, 960L), chunks.stream().map(LiveChunk::position).toList(),
                    "the damaged record's frames are a gap");
            AudioRecordException error = rejected.get(30, TimeUnit.SECONDS);
            assertEquals(0, error.partition());
            assertEquals(2, error.offset());
            assertEquals(1, ingestion.stats().snapshot().rejectedRecords());
            assertEquals(1, ingestion.stats().snapshot().sequenceGaps(), "sequence 2 never arrived whole");
        }
    }

    /**
     * The MPEG frames of the shipped MP3, in order: 3 s of a gliding tone with noise, 16 kHz mono,
     * made with {@code lame -t -b 32 -m m} (no tag frame, MPEG-2 Layer III: 576 frames of audio each).
     */
    private static List<byte[]> mpegFrames() throws java.io.IOException {
        byte[] file;
        try (var in = KafkaIngestFeaturesTest.class.getResourceAsStream("/tone-16k-mono.mp3")) {
            file = in.readAllBytes();
        }
        List<byte[]> frames = new java.util.ArrayList<>();
        for (int at = 0; at < file.length; ) {
            int word = java.nio.ByteBuffer.wrap(file, at, 4).getInt();
            int bytes = io.reactiveaudio.codec.mp3.Mp3Decoder.frameBytes(word);
            org.junit.jupiter.api.Assertions.assertTrue(bytes > 0, "a frame at " + at);
            frames.add(Arrays.copyOfRange(file, at, at + bytes));
            at += bytes;
        }
        return frames;
    }

    private static byte[] concat(List<byte[]> parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    @Test
    void mp3FramesDecodedPerStreamGiveTheSamplesAndFeaturesOfTheSameMp3DecodedOfflineEvenThroughPauses()
            throws Exception {
        broker.createTopic("mp3", 2);
        List<byte[]> frames = mpegFrames();
        byte[] file = concat(frames);
        float[] offline = new io.reactiveaudio.codec.mp3.Mp3StreamDecoder("offline").push(file, 0, file.length);
        assertEquals(0, offline.length % 576, "whole MPEG frames, but the last ones, which wait for more");
        org.junit.jupiter.api.Assertions.assertTrue(offline.length >= (frames.size() - 2) * 576, "" + offline.length);
        int streams = 3;
        try (KafkaAudioProducer producer = KafkaAudioProducer.create(broker.bootstrap(), "mp3", MONO,
                SampleEncoding.S16LE)) {
            for (int f = 0; f < frames.size(); f += 2) {
                for (int s = 0; s < streams; s++) {
                    producer.sendMp3("mp3-" + s, concat(frames.subList(f, Math.min(f + 2, frames.size()))));
                }
            }
            var opus = AudioRecords.encode("mp3", new AudioRecord("opus-1", MONO, 0, 0, 0, new float[320]),
                    SampleEncoding.S16LE);
            opus.headers().remove(AudioRecords.ENCODING).add(AudioRecords.ENCODING, "opus".getBytes());
            producer.flush();
            try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> raw =
                    new org.apache.kafka.clients.producer.KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrap()),
                            new org.apache.kafka.common.serialization.ByteArraySerializer(),
                            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                raw.send(opus).get(30, TimeUnit.SECONDS);
            }
        }

        Map<String, List<LiveChunk>> received = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(streams);
        try (KafkaIngestion ingestion = KafkaIngest.of(broker.bootstrap(), "mp3", "mp3")
                .sources(format -> PushSource.builder(format).capacity(Duration.ofMillis(200))).start()) {
            var rejected = ingestion.rejections().next().toFuture();
            ingestion.streams().subscribe(stream -> stream.source().flux().delayElements(Duration.ofMillis(5))
                    .takeUntil(chunk -> chunk.end() >= offline.length).collectList().subscribe(chunks -> {
                        received.put(stream.id(), chunks);
                        done.countDown();
                    }));
            assertEquals(true, done.await(60, TimeUnit.SECONDS), "streams done: " + received.keySet());
            AudioRecordException opusRefused = rejected.get(30, TimeUnit.SECONDS);
            org.junit.jupiter.api.Assertions.assertTrue(opusRefused.getMessage().contains("'opus' is not decoded here"),
                    opusRefused.getMessage());
            assertEquals(0, ingestion.stats().snapshot().concealedFrames());
            org.junit.jupiter.api.Assertions.assertTrue(ingestion.stats().snapshot().pauses() > 0,
                    "a slow subscriber paused the partitions with decoded audio held back");
        }

        float[] offlineFeatures = new float[LOG_MEL.frames(offline.length) * LOG_MEL.bins()];
        LOG_MEL.newWorker().compute(offline, 0, offline.length, offlineFeatures, 0,
                io.reactiveaudio.features.FeatureLayout.FRAMES_BINS);
        for (int s = 0; s < streams; s++) {
            List<LiveChunk> chunks = received.get("mp3-" + s);
            float[] decoded = new float[0];
            for (LiveChunk chunk : chunks) {
                assertEquals(decoded.length, chunk.position(), "mp3-" + s + ": chunks follow each other");
                float[] more = Arrays.copyOf(decoded, decoded.length + chunk.frames());
                System.arraycopy(chunk.samples(), 0, more, decoded.length, chunk.frames());
                decoded = more;
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(offline, decoded, "mp3-" + s + ": the same samples");
            float[] live = Flux.fromIterable(chunks).transform(LiveFeatures.of(LOG_MEL)).map(LiveFeatureBlock::frames)
                    .reduce(new float[0], (all, block) -> {
                        float[] more = Arrays.copyOf(all, all.length + block.values().length);
                        System.arraycopy(block.values(), 0, more, all.length, block.values().length);
                        return more;
                    }).block(Duration.ofSeconds(30));
            org.junit.jupiter.api.Assertions.assertArrayEquals(offlineFeatures, live, 1e-4f, "mp3-" + s + ": the same log-mel");
        }
    }
}
