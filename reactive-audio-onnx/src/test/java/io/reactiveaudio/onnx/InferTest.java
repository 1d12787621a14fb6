package io.reactiveaudio.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The inference operator gives ONNX Runtime Python's (or numpy's) outputs for the test models of
 * {@code scripts/make-onnx-models.py}, within 1e-5, on audio batches and on rank-2 batches; runs a
 * fixed-batch model in padded runs, counted; refuses mismatched shapes with a typed error; and
 * drops, counts and reports the items {@code keepWhere} rejects.
 */
class InferTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final float TOLERANCE = 1e-5f;
    /** Five rows of 16 values, and the linear model's logits for them by numpy. */
    private static final Fixtures.Array LINEAR_INPUT = Fixtures.npy("linear.embedding.npy");
    private static final Fixtures.Array LINEAR_LOGITS = Fixtures.npy("linear.logits.npy");

    @Test
    void theConvEncoderGivesOnnxRuntimePythonsEmbeddings() {
        Fixtures.Array logmel = Fixtures.npy("conv-encoder.logmel.npy");
        Fixtures.Array expected = Fixtures.npy("conv-encoder.embedding.npy");
        BufferPool inputs = new BufferPool(logmel.values().length * Float.BYTES, 1);
        Model encoder = Model.onnx(Fixtures.model("conv-encoder.onnx")).input("logmel").output("embedding");

        InferenceBatch out = Flux.just(Fixtures.batch(inputs, Layout.BCT, 3, 40, 50, logmel.values()))
                .transform(Infer.of(encoder)).blockLast(TIMEOUT);

        try (out) {
            assertArrayEquals(expected.shape(), out.shape());
            assertClose(expected.values(), floats(out, "embedding"));
            assertArrayEquals(new long[] {0, 1, 2}, out.ordinals(), "the input batch's items, in order");
        }
        assertEquals(0, inputs.inUse(), "the input batch is released after its run");
    }

    @Test
    void theLinearClassifierGivesNumpysLogitsAndCarriesTheItemsThrough() {
        Fixtures.Array x = LINEAR_INPUT;
        Fixtures.Array logits = LINEAR_LOGITS;
        BufferPool inputs = new BufferPool(x.values().length * Float.BYTES, 1);
        try (SessionPool sessions = Model.onnx(Fixtures.model("linear.onnx")).sessions(2).open()) {
            InferenceBatch out = Flux.just(Fixtures.rows(inputs, 5, 16, x.values()))
                    .transform(Infer.of(sessions)).blockLast(TIMEOUT);
            try (out) {
                assertEquals(List.of("logits"), out.outputs(), "all the model's outputs when none is named");
                assertArrayEquals(new int[] {5, 3}, out.shape());
                assertClose(logits.values(), floats(out, "logits"));
                assertArrayEquals(new int[] {0, 1, 2, 3, 4}, out.labels());
                assertArrayEquals(new long[] {100, 101, 102, 103, 104}, out.sourceIndices());
            }
        }
    }

    @Test
    void anAudioBatchFeedsTheModelInItsOwnLayout() {
        Fixtures.Array audio = Fixtures.npy("energy.audio.npy");
        Fixtures.Array energy = Fixtures.npy("energy.energy.npy");
        BufferPool inputs = new BufferPool(audio.values().length * Float.BYTES, 1);

        InferenceBatch out = Flux.just(Fixtures.batch(inputs, Layout.BTC, 2, 100, 2, audio.values()))
                .transform(Infer.of(Model.onnx(Fixtures.model("energy.onnx")))).blockLast(TIMEOUT);

        try (out) {
            assertArrayEquals(new int[] {2, 2}, out.shape());
            assertClose(energy.values(), floats(out, "energy"));
        }
    }

    @Test
    void aFixedBatchSizeRunsTheItemsInPaddedRunsMaskedAndCounted() {
        Fixtures.Array x = LINEAR_INPUT;
        Fixtures.Array logits = LINEAR_LOGITS;
        BufferPool inputs = new BufferPool(x.values().length * Float.BYTES, 1);
        InferenceReport report = new InferenceReport();
        Model fixed = Model.onnx(Fixtures.model("fixed-batch.onnx")).input("x").maskInput("mask");

        InferenceBatch out = Flux.just(Fixtures.rows(inputs, 5, 16, x.values()))
                .transform(Infer.of(fixed).report(report)).blockLast(TIMEOUT);

        try (out) {
            assertArrayEquals(new int[] {5, 3}, out.shape(), "the 5 items' rows, not the 8 rows run");
            assertClose(logits.values(), floats(out, "y"));
        }
        assertEquals(2, report.runs(), "runs of 4 rows");
        assertEquals(3, report.paddedRows());
        assertEquals(List.of(new InferenceEvent.RowsPadded(0, 104, 4, 1, 3)), report.events());
    }

    @Test
    void aShapeTheModelDoesNotTakeIsATypedErrorWhenTheOperatorIsBuilt() {
        try (SessionPool sessions = Model.onnx(Fixtures.model("conv-encoder.onnx")).sessions(1).open()) {
            Infer infer = Infer.of(sessions);
            infer.expecting(8, 40, 123);

            ModelShapeException bins = assertThrows(ModelShapeException.class, () -> infer.expecting(8, 64, 123));
            assertEquals("logmel", bins.input());
            assertArrayEquals(new long[] {-1, 40, -1}, bins.expected());
            assertArrayEquals(new int[] {8, 64, 123}, bins.actual());
            assertTrue(bins.getMessage().contains("input 'logmel' expects shape [?, 40, ?], the batches have"
                    + " [8, 64, 123]"), bins.getMessage());
            assertTrue(bins.getMessage().startsWith(Fixtures.model("conv-encoder.onnx").toString()));

            ModelShapeException rank = assertThrows(ModelShapeException.class, () -> infer.expecting(8, 40));
            assertArrayEquals(new int[] {8, 40}, rank.actual());
        }
        assertThrows(ModelShapeException.class, () -> Infer.of(Model.onnx(Fixtures.model("linear.onnx")))
                .expecting(5, 17));
    }

    @Test
    void withoutAStatedShapeTheFirstBatchIsCheckedBeforeItRuns() {
        BufferPool inputs = new BufferPool(2 * 100 * 2 * Float.BYTES, 1);
        Fixtures.Array audio = Fixtures.npy("energy.audio.npy");
        Model encoder = Model.onnx(Fixtures.model("conv-encoder.onnx"));

        Throwable error = assertThrows(RuntimeException.class, () -> Flux.just(Fixtures.batch(inputs, Layout.BTC,
                2, 100, 2, audio.values())).transform(Infer.of(encoder)).blockLast(TIMEOUT));

        ModelShapeException shape = assertInstanceOf(ModelShapeException.class, error);
        assertArrayEquals(new int[] {2, 100, 2}, shape.actual());
        assertEquals(0, inputs.inUse(), "the refused batch is released");
    }

    @Test
    void unknownNamesAreRefusedWhenTheModelOpens() {
        ModelException output = assertThrows(ModelException.class,
                () -> Model.onnx(Fixtures.model("linear.onnx")).output("embedding").open());
        assertTrue(output.getMessage().contains("no output named 'embedding'"), output.getMessage());
        ModelException unfed = assertThrows(ModelException.class,
                () -> Model.onnx(Fixtures.model("fixed-batch.onnx")).input("x").open());
        assertTrue(unfed.getMessage().contains("input 'mask' would not be fed"), unfed.getMessage());
    }

    @Test
    void keepWhereDropsTheItemsWhoseRowFailsAndReportsEachOne() {
        Fixtures.Array x = LINEAR_INPUT;
        Fixtures.Array logits = LINEAR_LOGITS;
        BufferPool inputs = new BufferPool(x.values().length * Float.BYTES, 1);
        InferenceReport report = new InferenceReport();
        Infer classifier = Infer.of(Model.onnx(Fixtures.model("linear.onnx"))).report(report)
                .keepWhere("logits", row -> row[0] > row[1]);
        int[] kept = java.util.stream.IntStream.range(0, 5)
                .filter(b -> logits.values()[b * 3] > logits.values()[b * 3 + 1]).toArray();
        assertTrue(kept.length > 0 && kept.length < 5, "the fixture keeps some items and drops some: "
                + Arrays.toString(kept));

        InferenceBatch out = Flux.just(Fixtures.rows(inputs, 5, 16, x.values())).transform(classifier)
                .blockLast(TIMEOUT);

        try (out) {
            assertArrayEquals(kept, out.labels(), "the kept items' labels, in order");
            assertArrayEquals(new int[] {kept.length, 3}, out.shape());
            for (int n = 0; n < kept.length; n++) {
                assertClose(Arrays.copyOfRange(logits.values(), kept[n] * 3, kept[n] * 3 + 3), out.row("logits", n));
            }
        }
        assertEquals(5 - kept.length, report.droppedItems());
        assertEquals(5 - kept.length, report.events().size());
        InferenceEvent.ItemDropped first = (InferenceEvent.ItemDropped) report.events().get(0);
        assertEquals("logits", first.output());
    }

    @Test
    void aBatchWithEveryItemDroppedIsReleasedAndNotEmitted() {
        Fixtures.Array x = LINEAR_INPUT;
        BufferPool inputs = new BufferPool(x.values().length * Float.BYTES, 1);
        InferenceReport report = new InferenceReport();

        List<InferenceBatch> out = Flux.just(Fixtures.rows(inputs, 5, 16, x.values()))
                .transform(Infer.of(Model.onnx(Fixtures.model("linear.onnx"))).report(report)
                        .keepWhere("logits", row -> false)).collectList().block(TIMEOUT);

        assertEquals(List.of(), out);
        assertEquals(5, report.droppedItems());
        assertEquals(0, inputs.inUse());
    }

    static float[] floats(InferenceBatch batch, String output) {
        java.nio.FloatBuffer view = batch.output(output);
        float[] values = new float[view.remaining()];
        view.get(values);
        return values;
    }

    static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "values");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, "value " + i);
        }
    }
}
