package io.reactiveaudio.netty.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.reactiveaudio.batch.Batch;
import io.reactiveaudio.batch.BufferPool;
import io.reactiveaudio.batch.Layout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void numpyAloneReadsTheTensorsAndMetadataOfABatch() throws Exception {
        BufferPool pool = new BufferPool(3 * 5 * 2 * 4, 1);
        Batch batch = TestBatches.one(pool, 3, 5, 2, Layout.BCT);
        float[] audio = new float[3 * 5 * 2];
        batch.audio().get(audio);
        BatchTensors tensors = BatchTensors.of(batch);
        Path file = write(tensors, BatchMetadata.of("train \"q\"", tensors, 4, 7, true));
        tensors.release();

        Map<String, Object> read = python(file);

        Map<String, Object> metadata = cast(read.get("metadata"));
        assertEquals("reactive-audio/1", metadata.get("format"));
        assertEquals("train \"q\"", metadata.get("stream"));
        assertEquals("audio", metadata.get("kind"));
        assertEquals("BCT", metadata.get("layout"));
        assertEquals("B,C,T", metadata.get("axes"));
        assertEquals("16000", metadata.get("sample_rate"));
        assertEquals("4", metadata.get("epoch"));
        assertEquals("7", metadata.get("batch"));
        Map<String, Object> tensorsRead = cast(read.get("tensors"));
        assertEquals(List.of(3.0, 2.0, 5.0), shape(tensorsRead, "audio"));
        assertEquals("float32", dtype(tensorsRead, "audio"));
        assertArrayEquals(audio, floats(values(tensorsRead, "audio")));
        assertEquals(List.of(0.0, 1.0, 2.0), values(tensorsRead, "labels"));
        assertEquals(List.of(5.0, 5.0, 5.0), values(tensorsRead, "lengths"));
        assertEquals(List.of(100.0, 101.0, 102.0), values(tensorsRead, "indices"));
        assertEquals(List.of(0.0, 1.0, 0.0), values(tensorsRead, "ordinals"));
        assertEquals("int64", dtype(tensorsRead, "indices"));
        assertEquals("int32", dtype(tensorsRead, "labels"));
    }

    @Test
    void theHeaderIsPaddedToEightBytesAndTheBigTensorComesLast() {
        BufferPool pool = new BufferPool(5 * 7 * 4, 1);
        BatchTensors tensors = BatchTensors.of(TestBatches.one(pool, 5, 7, 1, Layout.BTC));
        byte[] head = SafetensorsWriter.head(tensors, BatchMetadata.of("s", tensors, 0, 1, false));

        long jsonBytes = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + jsonBytes) % 8);
        assertEquals(8 + jsonBytes + 5 * 24, head.length);
        tensors.release();
        assertEquals(0, pool.inUse());
    }

    @Test
    void aBatchOfAnotherKindGoesOutAsTheBigTensorNamedByTheCaller() {
        BufferPool pool = new BufferPool(3 * 4 * 4, 1);
        BatchTensors tensors = BatchTensors.of(TestBatches.one(pool, 3, 4, 1, Layout.BTC), "embedding", "B,embedding");
        Map<String, String> metadata = BatchMetadata.of("s", tensors, 0, 1, false);
        String head = new String(SafetensorsWriter.head(tensors, metadata), java.nio.charset.StandardCharsets.UTF_8);

        assertEquals("embedding", metadata.get("kind"));
        assertEquals(BatchTensors.OUTPUT_LAYOUT, metadata.get("layout"));
        assertEquals("B,embedding", metadata.get("axes"));
        assertTrue(head.contains("\"embedding\":{\"dtype\":\"F32\",\"shape\":[3,4,1]"), head);
        tensors.release();
        assertEquals(0, pool.inUse());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BatchTensors.checkTensorName("labels"));
    }

    private Path write(BatchTensors tensors, Map<String, String> metadata) throws IOException {
        Path file = dir.resolve("batch.safetensors");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(SafetensorsWriter.head(tensors, metadata)));
            out.write(tensors.data());
        }
        return file;
    }

    private static Map<String, Object> python(Path file) throws Exception {
        Path script = Path.of("src/test/python/read_safetensors.py").toAbsolutePath();
        Process process = new ProcessBuilder(PYTHON, script.toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "python failed");
        try (JsonParser parser = new JsonFactory().createParser(out)) {
            parser.nextToken();
            return cast(read(parser));
        }
    }

    private static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> map = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                map.put(name, read(parser));
            }
            return map;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                list.add(read(parser));
            }
            return list;
        }
        if (token.isNumeric()) {
            return parser.getDoubleValue();
        }
        return parser.getText();
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private static List<Object> shape(Map<String, Object> tensors, String name) {
        Map<String, Object> tensor = cast(tensors.get(name));
        return cast(tensor.get("shape"));
    }

    private static Object dtype(Map<String, Object> tensors, String name) {
        Map<String, Object> tensor = cast(tensors.get(name));
        return tensor.get("dtype");
    }

    private static List<Object> values(Map<String, Object> tensors, String name) {
        Map<String, Object> tensor = cast(tensors.get(name));
        return cast(tensor.get("values"));
    }

    private static float[] floats(List<Object> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Double) values.get(i)).floatValue();
        }
        return out;
    }
}
