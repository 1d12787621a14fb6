package io.reactiveaudio.features.deltas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reactiveaudio.features.FeatureLayout;
import org.junit.jupiter.api.Test;

/** Deltas are the regression slope over the window, edge frames repeated past the ends. */
class DeltasTest {

    @Test
    void aRampHasSlopeOneInsideAndLessAtTheReplicatedEdges() {
        float[] ramp = {0, 1, 2, 3, 4, 5};
        float[] out = new float[6];
        Deltas.defaults().apply(ramp, 0, 1, 6, FeatureLayout.BINS_FRAMES, out, 0);
        // t = 0: (1 * (1 - 0) + 2 * (2 - 0)) / 10 = 0.5; t = 1: (1 * 2 + 2 * (3 - 0)) / 10 = 0.8
        assertArrayEquals(new float[] {0.5f, 0.8f, 1, 1, 0.8f, 0.5f}, out, 1e-6f);
    }

    @Test
    void bothLayoutsGiveTheSameDeltas() {
        float[] rows = {0, 1, 4, 9, 16, 5, 4, 3, 2, 1};
        float[] columns = new float[10];
        for (int k = 0; k < 2; k++) {
            for (int t = 0; t < 5; t++) {
                columns[t * 2 + k] = rows[k * 5 + t];
            }
        }
        float[] fromRows = new float[10];
        float[] fromColumns = new float[10];
        Deltas deltas = new Deltas(3);
        deltas.apply(rows, 0, 2, 5, FeatureLayout.BINS_FRAMES, fromRows, 0);
        deltas.apply(columns, 0, 2, 5, FeatureLayout.FRAMES_BINS, fromColumns, 0);
        for (int k = 0; k < 2; k++) {
            for (int t = 0; t < 5; t++) {
                assertEquals(fromRows[k * 5 + t], fromColumns[t * 2 + k]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Deltas(2));
    }
}
