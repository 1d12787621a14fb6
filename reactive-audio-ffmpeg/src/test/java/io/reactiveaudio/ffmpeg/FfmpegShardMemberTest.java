package io.reactiveaudio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.bytes.TarWriter;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FFmpeg backend reads members of tar shards through its AVIO callbacks over the member's byte
 * range, without temporary files: each member decodes to exactly what its file decodes to.
 */
class FfmpegShardMemberTest {

    private static final AudioDecoders FFMPEG = AudioDecoders.preferring("ffmpeg");

    @TempDir
    Path dir;

    @Test
    void membersOfAShardDecodeAsTheirFilesDo() throws IOException {
        List<String> fixtures = List.of("sine-44100-stereo.m4a", "sine-22050-mono.ogg", "sine-48000-stereo.opus");
        Path shard = dir.resolve("shard-000000.tar");
        try (TarWriter tar = new TarWriter(Files.newOutputStream(shard))) {
            for (int i = 0; i < fixtures.size(); i++) {
                tar.add(i + ".cls", "x".getBytes(StandardCharsets.UTF_8));
                tar.add(i + ".audio", Files.readAllBytes(FfmpegFixture.path(fixtures.get(i))));
            }
        }
        SourceSet members = Sources.shards(shard.toString()).scan();
        assertEquals(fixtures.size(), members.size());
        for (int i = 0; i < fixtures.size(); i++) {
            AudioSource member = members.get(i);
            DecodedAudio fromShard = AudioDecoders.readAll(FFMPEG.open(member));
            DecodedAudio fromFile = FFMPEG.decode(FfmpegFixture.path(fixtures.get(i)));
            assertTrue(fromShard.frames() > 1000, fixtures.get(i));
            assertEquals(fromFile.info().sampleRate(), fromShard.info().sampleRate());
            assertArrayEquals(fromFile.samples(), fromShard.samples(), fixtures.get(i));
        }
    }
}
