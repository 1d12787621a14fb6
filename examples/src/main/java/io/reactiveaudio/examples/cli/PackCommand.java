package io.reactiveaudio.examples.cli;

import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.bytes.ByteSources;
import io.reactiveaudio.source.ShardWriter;
import io.reactiveaudio.source.SourceSet;
import io.reactiveaudio.source.Sources;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reactive-audio pack SRC --out DIR_OR_URL}: packs a folder or manifest into tar shards in
 * the WebDataset layout, each with its index, in the corpus's order (so the same corpus packs to
 * the same bytes), with a progress bar, into a folder or straight into object storage
 * ({@code s3://bucket/prefix}, streamed in 8 MiB parts with no file on disk); {@code --verify}
 * reads every shard back from where it was written and compares it with its index and each member
 * with the file it came from. Runs on the calling thread (blocking).
 */
@Command(name = "pack", description = "Packs a folder or manifest into tar shards (WebDataset layout) with an index "
        + "of member offsets per shard.")
final class PackCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SRC", description = "Corpus folder (all MP3/WAV/FLAC below it) or manifest (.csv, .jsonl).")
    Path source;

    @Option(names = "--out", required = true, paramLabel = "DIR_OR_URL", description = "Where the shards go: a "
            + "folder, or s3://bucket/prefix (uploaded as they are written, nothing on disk).")
    String out;

    @Mixin
    S3EndpointOption s3;

    @Option(names = "--shard-size", paramLabel = "BYTES", defaultValue = "512M", converter = ByteSize.class,
            description = "Size a shard should not pass, e.g. 512M (default); one larger file makes one larger shard.")
    long shardSize;

    @Option(names = "--labels-from-folders", description = "Label each file of a folder by its parent folder "
            + "(written as KEY.cls).")
    boolean labels;

    @Option(names = "--verify", description = "Read every shard back and check it against its index and the files.")
    boolean verify;

    @Option(names = "--json", description = "Print the summary as one JSON object instead of sentences.")
    boolean json;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        s3.apply();
        PrintWriter print = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SourceSet corpus = isManifest(source) ? Sources.manifest(source)
                : Sources.directory(source).labelsFromParentFolder(labels).scan();
        long total = 0;
        for (AudioSource s : corpus.sources()) {
            total += s.inShard() ? 0 : s.path().toFile().length();
        }
        ProgressBar bar = progress.bar("pack", "bytes", Math.max(1, total));
        List<Long> checksums = new ArrayList<>();
        List<String> shards;
        long done = 0;
        try (ShardWriter writer = new ShardWriter(ByteSources.target(out), shardSize)) {
            for (AudioSource s : corpus.sources()) {
                ShardWriter.Packed packed = writer.add(s);
                checksums.add(packed.crc32());
                done += packed.bytes();
                bar.step(done, s.path().getFileName().toString());
            }
            writer.close();
            shards = writer.shards();
        }
        bar.finish();
        if (!json) {
            print.printf(Locale.ROOT, "%d files, %d bytes, into %d shards in %s%n", corpus.size(), done, shards.size(), out);
        }
        boolean verified = false;
        if (verify) {
            List<Long> read = new ArrayList<>();
            for (String shard : shards) {
                read.addAll(ShardWriter.verify(shard));
            }
            if (!read.equals(checksums)) {
                err.println("verify: the shards' audio members differ from the files packed");
                return 1;
            }
            verified = true;
            if (!json) {
                print.printf(Locale.ROOT, "verified: %d shards match their indexes and %d files%n", shards.size(),
                        read.size());
            }
        }
        if (json) {
            long bytes = done;
            boolean checked = verified;
            print.println(JsonLine.of(g -> {
                g.writeNumberField("files", corpus.size());
                g.writeNumberField("bytes", bytes);
                g.writeNumberField("shards", shards.size());
                g.writeStringField("out", out);
                g.writeBooleanField("verified", checked);
            }));
        }
        return 0;
    }

    private static boolean isManifest(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(path) && (name.endsWith(".csv") || name.endsWith(".jsonl") || name.endsWith(".ndjson"));
    }
}
