package io.reactiveaudio.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.reactiveaudio.audio.AudioSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class DirectorySourceTest {

    @TempDir
    Path root;

    @Test
    void listsAudioFilesRecursivelyInCodePointOrderOfTheirRelativePaths() throws IOException {
        touch("é/1.wav", "d.flac", "a-b/y.wav", "ä/1.wav", "notes.txt", "a/x/2.wav", "c.Mp3", "Z/1.wav",
                "e.ogg", "a.wav", "b.WAV", "a/1.wav");

        SourceSet set = Sources.directory(root).scan();

        assertEquals(List.of("Z/1.wav", "a/1.wav", "a/x/2.wav", "a-b/y.wav", "a.wav", "b.WAV", "c.Mp3", "d.flac",
                "ä/1.wav", "é/1.wav"), relative(set));
        for (int i = 0; i < set.size(); i++) {
            AudioSource item = set.get(i);
            assertEquals(i, item.index());
            assertTrue(item.path().startsWith(root), item.path().toString());
            assertEquals(-1, item.labelIndex());
            assertEquals(AudioSource.TO_END, item.durationSeconds());
        }
        assertTrue(set.labels().isEmpty());
    }

    @Test
    void charactersAboveTheBasicPlaneSortAfterIt() throws IOException {
        touch("\uD83D\uDE00.wav", "\uFF5E.wav", "z.wav");
        assertEquals(List.of("z.wav", "\uFF5E.wav", "\uD83D\uDE00.wav"), relative(Sources.directory(root).scan()));
    }

    @Test
    void listingTheSameTreeAgainGivesTheSameIndices() throws IOException {
        touch("b/2.wav", "a/1.wav", "c.wav");
        DirectorySource source = Sources.directory(root);
        assertEquals(source.scan(), source.scan());
    }

    @Test
    void extensionsAreMatchedIgnoringCaseInAnyLocale() throws IOException {
        touch("x.aiff", "Y.AIFF", "z.wav", "aiff", "w.Aiff.txt");
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals(List.of("Y.AIFF", "x.aiff"), relative(Sources.directory(root).extensions("AIFF").scan()));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void extensionsMayHaveSeveralParts() throws IOException {
        touch("a.wav", "b.WAV.gz", "c.gz");
        assertEquals(List.of("b.WAV.gz"), relative(Sources.directory(root).extensions("wav.gz").scan()));
    }

    @Test
    void extensionsAreGivenWithoutDot() {
        DirectorySource source = Sources.directory(root);
        assertThrows(IllegalArgumentException.class, () -> source.extensions(".wav"));
        assertThrows(IllegalArgumentException.class, () -> source.extensions(""));
        assertThrows(IllegalArgumentException.class, () -> source.extensions("a/wav"));
        assertThrows(IllegalArgumentException.class, source::extensions);
    }

    @Test
    void settersReturnNewInstancesAndLeaveTheOriginalUnchanged() throws IOException {
        touch("a.wav", "b.mp3");
        DirectorySource all = Sources.directory(root);
        DirectorySource wavOnly = all.extensions("wav");
        assertEquals(List.of("a.wav"), relative(wavOnly.scan()));
        assertEquals(List.of("a.wav", "b.mp3"), relative(all.scan()));
        assertEquals(root, wavOnly.root());
    }

    @Test
    void hiddenFilesAndFoldersAreSkippedUnlessIncluded() throws IOException {
        touch("visible/z.wav", ".cache/x.wav", "visible/.y.wav", ".hidden.wav", ".wav");

        assertEquals(List.of("visible/z.wav"), relative(Sources.directory(root).scan()));
        assertEquals(List.of(".cache/x.wav", ".hidden.wav", "visible/.y.wav", "visible/z.wav"),
                relative(Sources.directory(root).includeHidden(true).scan()));
    }

    @Test
    void aHiddenRootIsStillScanned() throws IOException {
        Path hidden = Files.createDirectory(root.resolve(".data"));
        Files.createFile(hidden.resolve("a.wav"));
        assertEquals(List.of(hidden.resolve("a.wav")), paths(Sources.directory(hidden).scan()));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void linkLoopsEndAndListEachFileOnce() throws IOException {
        touch("a/1.wav", "b/2.wav");
        Files.createSymbolicLink(root.resolve("a/up"), root);
        Files.createSymbolicLink(root.resolve("b/self"), root.resolve("b"));
        Files.createSymbolicLink(root.resolve("b/a"), Path.of("../a"));

        assertEquals(List.of("a/1.wav", "b/2.wav"), relative(Sources.directory(root).scan()));
        assertEquals(List.of("a/1.wav", "b/2.wav"), relative(Sources.directory(root).followLinks(false).scan()));
    }

    @Test
    void linksToFoldersAndFilesAreFollowedUnlessDisabled() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.createFile(outside.resolve("o.wav"));
        Path corpus = Files.createDirectories(root.resolve("corpus"));
        Files.createFile(corpus.resolve("r.wav"));
        Files.createSymbolicLink(corpus.resolve("linked"), outside);
        Files.createSymbolicLink(corpus.resolve("f.wav"), outside.resolve("o.wav"));

        assertEquals(List.of("f.wav", "linked/o.wav", "r.wav"), relative(corpus, Sources.directory(corpus).scan()));
        assertEquals(List.of("r.wav"), relative(corpus, Sources.directory(corpus).followLinks(false).scan()));
    }

    @Test
    void aFolderReachedTwiceIsListedUnderTheFirstPathInOrder() throws IOException {
        touch("b/1.wav");
        Files.createSymbolicLink(root.resolve("a"), root.resolve("b"));
        assertEquals(List.of("a/1.wav"), relative(Sources.directory(root).scan()));
    }

    @Test
    void aDanglingLinkWithAnAudioNameIsListedSoDecodingReportsIt() throws IOException {
        touch("ok.wav");
        Files.createSymbolicLink(root.resolve("gone.wav"), root.resolve("missing.wav"));
        Files.createSymbolicLink(root.resolve("gone.txt"), root.resolve("missing.txt"));
        Files.createSymbolicLink(root.resolve("loop.wav"), root.resolve("loop.wav"));

        assertEquals(List.of("gone.wav", "loop.wav", "ok.wav"), relative(Sources.directory(root).scan()));
    }

    @Test
    void labelsFromParentFolderNameTheImmediateFolder() throws IOException {
        touch("élan/4.wav", "dog/1.wav", "cat/sub/5.wav", "Cat/3.wav", "cat/2.wav");

        SourceSet set = Sources.directory(root).labelsFromParentFolder(true).scan();

        assertEquals(List.of("Cat", "cat", "dog", "sub", "élan"), set.labels().names());
        assertEquals(Map.of("Cat", 0, "cat", 1, "dog", 2, "sub", 3, "élan", 4), set.labels().asMap());
        assertEquals(List.of("Cat/3.wav", "cat/2.wav", "cat/sub/5.wav", "dog/1.wav", "élan/4.wav"), relative(set));
        assertEquals(List.of("Cat", "cat", "sub", "dog", "élan"),
                set.sources().stream().map(AudioSource::label).toList());
        assertEquals(List.of(0, 1, 3, 2, 4), set.sources().stream().map(AudioSource::labelIndex).toList());
    }

    @Test
    void labellingFailsForFilesDirectlyInTheRootNamingThem() throws IOException {
        touch("cat/1.wav", "stray.wav", "other.flac");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sources.directory(root).labelsFromParentFolder(true).scan());

        assertTrue(e.getMessage().contains("2 file(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("stray.wav") && e.getMessage().contains("other.flac"), e.getMessage());
        assertEquals(3, Sources.directory(root).scan().size());
    }

    @Test
    void anEmptyTreeGivesAnEmptySet() throws IOException {
        Files.createDirectories(root.resolve("empty/deeper"));
        SourceSet set = Sources.directory(root).labelsFromParentFolder(true).scan();
        assertEquals(0, set.size());
        assertTrue(set.labels().isEmpty());
    }

    @Test
    void aMissingRootFailsNamingIt() {
        Path missing = root.resolve("missing");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Sources.directory(missing).scan());
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void aRootThatIsAFileFailsNamingIt() throws IOException {
        Path file = Files.createFile(root.resolve("a.wav"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Sources.directory(file).scan());
        assertInstanceOf(NotDirectoryException.class, e.getCause());
        assertTrue(e.getMessage().contains(file + ": not a folder"), e.getMessage());
    }

    @Test
    void anUnreadableFolderFailsTheScanNamingIt() throws IOException {
        touch("open/1.wav", "locked/2.wav");
        Path locked = root.resolve("locked");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(locked), "this user can read any folder (root)");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Sources.directory(root).scan());
            assertInstanceOf(AccessDeniedException.class, e.getCause());
            assertEquals("cannot list folder " + locked + ": permission denied", e.getMessage());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void fluxScansAtEachSubscriptionNotBefore() throws IOException {
        Path later = root.resolve("later");
        Flux<AudioSource> flux = Sources.directory(later).flux();

        Files.createDirectories(later);
        Files.createFile(later.resolve("1.wav"));
        StepVerifier.create(flux.map(AudioSource::path)).expectNext(later.resolve("1.wav")).verifyComplete();

        Files.createFile(later.resolve("0.wav"));
        StepVerifier.create(flux.map(AudioSource::path))
                .expectNext(later.resolve("0.wav"), later.resolve("1.wav"))
                .verifyComplete();
    }

    @Test
    void fluxScansAndEmitsOnBoundedElastic() throws IOException {
        touch("a.wav", "b.wav");
        List<String> threads = new CopyOnWriteArrayList<>();
        StepVerifier.create(Sources.directory(root).flux().doOnNext(s -> threads.add(Thread.currentThread().getName())))
                .expectNextCount(2)
                .verifyComplete();
        assertEquals(2, threads.size());
        threads.forEach(name -> assertTrue(name.startsWith("boundedElastic-"), name));
    }

    @Test
    void fluxScansOnTheGivenScheduler() throws IOException {
        touch("a.wav");
        Scheduler scanner = Schedulers.newSingle("scanner");
        try {
            StepVerifier.create(Sources.directory(root).scheduler(scanner).flux())
                    .assertNext(s -> assertTrue(Thread.currentThread().getName().startsWith("scanner-")))
                    .verifyComplete();
        } finally {
            scanner.dispose();
        }
    }

    @Test
    void fluxEmitsOnlyAsRequested() throws IOException {
        touch("c.wav", "a.wav", "b.wav");
        StepVerifier.create(Sources.directory(root).flux().map(s -> root.relativize(s.path()).toString()), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(100))
                .thenRequest(1)
                .expectNext("a.wav")
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(5)
                .expectNext("b.wav", "c.wav")
                .verifyComplete();
    }

    @Test
    void subscribingFromAParallelThreadHandsTheScanToBoundedElastic() throws IOException {
        touch("a/1.wav", "b/2.wav");
        DirectorySource source = Sources.directory(root);
        List<String> threads = new CopyOnWriteArrayList<>();
        StepVerifier.create(Flux.defer(source::flux)
                        .doOnNext(s -> threads.add(Thread.currentThread().getName()))
                        .subscribeOn(Schedulers.parallel()))
                .expectNextCount(2)
                .verifyComplete();
        threads.forEach(name -> assertTrue(name.startsWith("boundedElastic-"), name));
    }

    @Test
    void fluxReportsScanFailuresAsErrors() throws IOException {
        StepVerifier.create(Sources.directory(root.resolve("missing")).flux())
                .expectError(UncheckedIOException.class)
                .verify();
        touch("stray.wav");
        StepVerifier.create(Sources.directory(root).labelsFromParentFolder(true).flux())
                .expectError(IllegalArgumentException.class)
                .verify();
    }

    private void touch(String... relativePaths) throws IOException {
        for (String relativePath : relativePaths) {
            Path file = root.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.createFile(file);
        }
    }

    private List<String> relative(SourceSet set) {
        return relative(root, set);
    }

    private static List<String> relative(Path base, SourceSet set) {
        List<String> names = new ArrayList<>();
        for (AudioSource source : set.sources()) {
            names.add(base.relativize(source.path()).toString());
        }
        return names;
    }

    private static List<Path> paths(SourceSet set) {
        return set.sources().stream().map(AudioSource::path).toList();
    }
}
