package io.reactiveaudio.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reactiveaudio.test.Watchdog;

/**
 * Coverage-guided fuzz target of {@link Checkpoint#fromBytes} (docs/reliability.md, "Fuzzing"):
 * any bytes either fail with the documented {@link IllegalArgumentException} or give a checkpoint
 * whose own bytes read back as the same checkpoint (not necessarily the input's bytes: any
 * non-zero byte reads as {@code draining}), within the watchdog's time and an allocation
 * bounded by the input (a count field cannot make it allocate more than the bytes could hold).
 */
class CheckpointFuzzTest {

    @FuzzTest
    void fromBytes(byte[] bytes) {
        Watchdog.run(bytes.length, () -> {
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.fromBytes(bytes);
            } catch (IllegalArgumentException expected) {
                return;
            }
            assertEquals(checkpoint, Checkpoint.fromBytes(checkpoint.toBytes()),
                    "a checkpoint read must write bytes that read back as the same checkpoint");
        });
    }
}
