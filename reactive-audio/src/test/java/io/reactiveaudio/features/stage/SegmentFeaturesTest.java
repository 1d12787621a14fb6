package io.reactiveaudio.features.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reactiveaudio.audio.Segment;
import io.reactiveaudio.features.FeatureLayout;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;

/** Each channel of a segment gets the features of that channel alone, and the segment keeps its identity. */
class SegmentFeaturesTest {

    @ParameterizedTest
    @EnumSource(FeatureLayout.class)
    void stereoSegmentsGetOneMatrixPerChannelInOrder(FeatureLayout layout) {
        List<Segment> segments = IntStream.range(0, 9).mapToObj(i -> TestAudio.segment(i / 3, i % 3, 100 + i, 2))
                .toList();

        List<FeatureSegment> results = Flux.fromIterable(segments)
                .transform(SegmentFeatures.of(TestAudio.SPECTROGRAM).layout(layout).concurrency(4))
                .collectList().block(Duration.ofSeconds(10));

        assertEquals(segments.size(), results.size());
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            FeatureSegment result = results.get(i);
            assertEquals(segment.source(), result.source());
            assertEquals(segment.ordinal(), result.ordinal());
            assertEquals(segment.sampleRate(), result.sampleRate());
            FeatureMatrix m = result.features();
            int frames = TestAudio.SPECTROGRAM.frames(segment.frames());
            assertArrayEquals(new int[] {2, layout.shape(17, frames)[0], layout.shape(17, frames)[1]}, m.shape());
            for (int c = 0; c < 2; c++) {
                float[] own = TestAudio.offline(TestAudio.SPECTROGRAM,
                        TestAudio.channel(segment.samples(), 2, c, segment.frames()), layout);
                float[] got = new float[own.length];
                System.arraycopy(m.values(), c * own.length, got, 0, own.length);
                assertArrayEquals(own, got, "segment " + i + " channel " + c);
            }
        }
    }
}
