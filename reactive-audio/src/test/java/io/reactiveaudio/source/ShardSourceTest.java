package io.reactiveaudio.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Location;
import io.reactiveaudio.bytes.ByteSourceException;
import io.reactiveaudio.bytes.TarWriter;
import io.reactiveaudio.codec.AudioDecoders;
import io.reactiveaudio.codec.DecodedAudio;
import io.reactiveaudio.test.Signals;
import io.reactiveaudio.test.WavFixtureWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards in the WebDataset layout list as samples: members grouped by key, labels, errors naming the shard. */
class ShardSourceTest {

    @TempDir
    Path dir;

    @Test
    void braceRangesKeepTheirWidthAndChoicesExpandInOrder() {
        assertEquals(List.of("s3://b/shard-000008.tar", "s3://b/shard-000009.tar", "s3://b/shard-000010.tar"),
                ShardUrls.expand("s3://b/shard-{000008..000010}.tar"));
        assertEquals(List.of("a/x-1.tar", "a/x-2.tar", "b/x-1.tar", "b/x-2.tar"), ShardUrls.expand("{a,b}/x-{1..2}.tar"));
        assertThrows(IllegalArgumentException.class, () -> ShardUrls.expand("shard-{9..1}.tar"));
    }

    @Test
    void aListFileNamesShardsRelativeToItsFolderAndSkipsComments() throws IOException {
        Path list = Files.writeString(dir.resolve("train.txt"), "# the training shards\nlocal-{0..1}.tar\n\nhttps://h/x.tar\n");
        assertEquals(List.of(dir.resolve("local-0.tar").toString(), dir.resolve("local-1.tar").toString(), "https://h/x.tar"),
                Sources.shards(list.toString()).shards());
    }

    @Test
    void samplesAreGroupedByKeyWithLabelsAndDecodeFromTheirByteRange() throws IOException {
        byte[] a = wav(1, 1000);
        byte[] b = wav(2, 1500);
        Path shard = dir.resolve("shard-0.tar");
        try (TarWriter tar = new TarWriter(Files.newOutputStream(shard))) {
            tar.add("dir/a.wav", a);
            tar.add("dir/a.json", "{\"speaker\": \"ann\", \"n\": [1]}".getBytes(StandardCharsets.UTF_8));
            tar.add("dir/b.cls", "5\n".getBytes(StandardCharsets.UTF_8));
            tar.add("dir/b.audio.wav", b);
            tar.add("dir/b.json", "{\"speaker\": \"bob\"}".getBytes(StandardCharsets.UTF_8));
        }
        SourceSet byField = Sources.shards(shard.toString()).labels("json:speaker").scan();
        assertEquals(List.of("ann", "bob"), byField.sources().stream().map(AudioSource::label).toList());
        // four members before it, each a 512-byte header and data padded to 512: a.wav's 2044 bytes take 2048
        long offset = 512 + 2048 + 512 + 512 + 512 + 512 + 512;
        assertEquals(new Location(shard.toString(), "dir/b.audio.wav", offset, b.length), byField.get(1).location());

        ShardException unlabelled = assertThrows(ShardException.class, () -> Sources.shards(shard.toString()).labels("cls").scan());
        assertTrue(unlabelled.getMessage().contains("sample dir/a has no label (cls)"), unlabelled.getMessage());

        DecodedAudio fromShard = AudioDecoders.readAll(AudioDecoders.builtIn().open(byField.get(1)));
        DecodedAudio fromFile = AudioDecoders.builtIn().decode(Files.write(dir.resolve("b.wav"), b));
        assertArrayEquals(fromFile.samples(), fromShard.samples());
    }

    @Test
    void theIndexAndAScanListTheSameMembers() throws IOException {
        Path folder = dir.resolve("corpus/cat");
        Files.createDirectories(folder);
        for (int i = 0; i < 5; i++) {
            Files.write(folder.resolve(i + ".wav"), wav(i, 300 + 100 * i));
        }
        SourceSet files = Sources.directory(dir.resolve("corpus")).labelsFromParentFolder(true).scan();
        List<String> shards;
        try (ShardWriter writer = new ShardWriter(dir.resolve("out"), 4096)) {
            files.sources().forEach(writer::add);
            writer.close();
            shards = writer.shards();
        }
        assertTrue(shards.size() > 1, "several shards of at most 4 KiB: " + shards);
        for (String shard : shards) {
            assertEquals(ShardSource.scanMembers(shard), ShardSource.members(shard));
            assertTrue(Files.size(Path.of(shard)) <= 4096 || ShardSource.members(shard).size() == 2);
        }
        try (var left = Files.list(dir.resolve("out"))) {
            assertTrue(left.noneMatch(f -> f.toString().endsWith(".partial")), "no temporary file left");
        }
        SourceSet listed = Sources.shards(dir.resolve("out").toString()).labels("cls").scan();
        assertEquals(files.size(), listed.size());
        assertEquals(files.labels(), listed.labels());
        for (int i = 0; i < files.size(); i++) {
            assertEquals(AudioDecoders.builtIn().decode(files.get(i).path()).samples().length,
                    AudioDecoders.readAll(AudioDecoders.builtIn().open(listed.get(i))).samples().length);
        }
    }

    @Test
    void verifyReadsAShardBackAndFindsAnIndexThatDiffersFromIt() throws IOException {
        Path file = dir.resolve("c/x.wav");
        Files.createDirectories(file.getParent());
        Files.write(file, wav(3, 500));
        List<String> shards;
        ShardWriter.Packed packed;
        try (ShardWriter writer = new ShardWriter(dir.resolve("packed"), 1 << 20)) {
            packed = writer.add(Sources.of(file).get(0));
            writer.close();
            shards = writer.shards();
        }
        assertEquals(List.of(packed.crc32()), ShardWriter.verify(shards.get(0)));

        Path index = Path.of(shards.get(0) + ".index");
        Files.writeString(index, Files.readString(index).replace("\"offset\":512", "\"offset\":1024"));
        ShardException e = assertThrows(ShardException.class, () -> ShardWriter.verify(shards.get(0)));
        assertTrue(e.getMessage().contains("differs from its index"), e.getMessage());
    }

    @Test
    void aSampleWithoutAudioOrWithTwoIsATypedErrorNamingShardAndKey() throws IOException {
        Path two = tar("two.tar", "k.wav", wav(1, 10), "k.flac", wav(1, 10));
        ShardException e = assertThrows(ShardException.class, () -> Sources.shards(two.toString()).scan());
        assertEquals(two.toString(), e.shard());
        assertTrue(e.getMessage().contains("sample k has two audio members: k.wav and k.flac"), e.getMessage());

        Path none = tar("none.tar", "k.cls", "1".getBytes(StandardCharsets.UTF_8));
        e = assertThrows(ShardException.class, () -> Sources.shards(none.toString()).scan());
        assertTrue(e.getMessage().contains("sample k has no audio member"), e.getMessage());
    }

    @Test
    void aMissingShardFailsTheScanOrIsSkippedAndHandedOverTyped() throws IOException {
        tar("shard-1.tar", "k.wav", wav(1, 10));
        String spec = dir.resolve("shard-{0..1}.tar").toString();
        ShardException e = assertThrows(ShardException.class, () -> Sources.shards(spec).scan());
        assertEquals(dir.resolve("shard-0.tar").toString(), e.shard());
        assertEquals(ByteSourceException.Kind.NOT_FOUND, ((ByteSourceException) e.getCause()).kind());

        List<ShardException> skipped = new ArrayList<>();
        SourceSet rest = Sources.shards(spec).skipUnreadable(skipped::add).scan();
        assertEquals(1, rest.size());
        assertEquals(List.of(dir.resolve("shard-0.tar").toString()), skipped.stream().map(ShardException::shard).toList());
    }

    /** A tar archive {@code name} in the test's folder of the members given as name, bytes, name, bytes... */
    private Path tar(String name, Object... members) throws IOException {
        Path file = dir.resolve(name);
        try (TarWriter tar = new TarWriter(Files.newOutputStream(file))) {
            for (int i = 0; i < members.length; i += 2) {
                tar.add((String) members[i], (byte[]) members[i + 1]);
            }
        }
        return file;
    }

    private static byte[] wav(long seed, int frames) {
        return WavFixtureWriter.of(WavFixtureWriter.Encoding.PCM_S16).toBytes(Signals.noise(seed, 16_000, 1, frames, 0.5), 1, 16_000);
    }
}
