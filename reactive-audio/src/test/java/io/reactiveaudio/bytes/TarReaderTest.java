package io.reactiveaudio.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tar archives are read front to back with each member's data offset, and damage is named with its byte offset. */
class TarReaderTest {

    @TempDir
    Path dir;

    @Test
    void membersWrittenAreReadBackWithTheOffsetsOfTheirData() throws IOException {
        byte[] a = "first member".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[1500];
        Arrays.fill(b, (byte) 7);
        byte[] archive = archive(List.of("a.cls", "deep/folder/b.flac"), List.of(a, b));

        try (TarReader tar = new TarReader(new ByteArrayInputStream(archive), "mem.tar")) {
            TarEntry first = tar.next();
            assertEquals(new TarEntry("a.cls", 512, a.length), first);
            assertArrayEquals(a, tar.readData());
            TarEntry second = tar.next();
            assertEquals(new TarEntry("deep/folder/b.flac", 1536, 1500), second);
            assertArrayEquals(b, Arrays.copyOfRange(archive, (int) second.offset(), (int) (second.offset() + second.size())));
            assertNull(tar.next(), "then the end of the archive");
        }
    }

    @Test
    void theSameMembersPackToTheSameBytesAndTheSystemTarReadsThem() throws Exception {
        byte[] data = "x".repeat(700).getBytes(StandardCharsets.UTF_8);
        String longName = "a-folder-with-a-long-name/" + "n".repeat(90) + ".wav";
        byte[] one = archive(List.of("k.txt", longName), List.of(data, data));
        byte[] two = archive(List.of("k.txt", longName), List.of(data, data));
        assertArrayEquals(one, two);

        Path file = dir.resolve("ours.tar");
        Files.write(file, one);
        Process tar = new ProcessBuilder("tar", "-tf", file.toString()).redirectErrorStream(true).start();
        assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.exitValue(), listing);
        assertEquals(List.of("k.txt", longName), listing.lines().toList());
    }

    @Test
    void archivesOfTheSystemTarWithPaxAndGnuLongNamesAreRead() throws Exception {
        String longName = "speaker-" + "s".repeat(120) + ".flac";
        Files.writeString(dir.resolve(longName), "audio bytes");
        Files.writeString(dir.resolve("short.cls"), "7");
        for (String format : List.of("pax", "gnu")) {
            Path out = dir.resolve(format + ".tar");
            Process tar = new ProcessBuilder("tar", "--format=" + format, "-cf", out.toString(), "-C", dir.toString(),
                    "short.cls", longName).redirectErrorStream(true).start();
            assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, tar.exitValue(), new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

            List<String> names = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            try (TarReader reader = new TarReader(Files.newInputStream(out), out.toString())) {
                TarEntry e;
                while ((e = reader.next()) != null) {
                    names.add(e.name());
                    texts.add(new String(reader.readData(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(List.of("short.cls", longName), names, format);
            assertEquals(List.of("7", "audio bytes"), texts, format);
        }
    }

    @Test
    void aDamagedHeaderIsATypedErrorNamingTheArchiveAndOffset() throws IOException {
        byte[] archive = archive(List.of("a.cls", "b.cls"), List.of(new byte[10], new byte[10]));
        archive[1024 + 3] ^= 0x55;
        try (TarReader tar = new TarReader(new ByteArrayInputStream(archive), "s3://bucket/shard-000003.tar")) {
            tar.next();
            TarFormatException e = assertThrows(TarFormatException.class, tar::next);
            assertEquals(1024, e.byteOffset());
            assertTrue(e.getMessage().startsWith("s3://bucket/shard-000003.tar: damaged tar: header checksum"), e.getMessage());
        }
    }

    @Test
    void anArchiveCutInsideAMemberIsATypedErrorAtTheCut() throws IOException {
        byte[] archive = archive(List.of("a.wav", "b.cls"), List.of(new byte[5000], new byte[10]));
        byte[] cut = Arrays.copyOf(archive, 3000);
        try (TarReader tar = new TarReader(new ByteArrayInputStream(cut), "cut.tar")) {
            tar.next();
            TarFormatException e = assertThrows(TarFormatException.class, tar::next);
            assertEquals(3000, e.byteOffset(), e.getMessage());
        }
    }

    private static byte[] archive(List<String> names, List<byte[]> data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(out)) {
            for (int i = 0; i < names.size(); i++) {
                tar.add(names.get(i), data.get(i));
            }
        }
        return out.toByteArray();
    }
}
