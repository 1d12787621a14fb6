package io.reactiveaudio.source;

import io.reactiveaudio.bytes.ByteSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shards a specification names, in order: brace ranges as in WebDataset
 * ({@code shard-{000000..000511}.tar}: every number from the first to the last, as wide as the
 * first when it starts with 0; {@code {a,b}}: each choice), several braces expanding left to
 * right; a local text file ({@code .txt} or {@code .list}) of such specifications, one a line
 * (blank lines and lines starting with {@code #} skipped, relative paths against the file's
 * folder); or a local folder, meaning its {@code .tar} files sorted by name. Stateless.
 */
final class ShardUrls {

    private static final Pattern BRACE = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\.\\.(\\d+)");

    private ShardUrls() {
    }

    /** The shards {@code spec} names, expanded and in order (blocking for a list file or folder). */
    static List<String> resolve(String spec) {
        if (!ByteSources.isUrl(spec)) {
            Path local = Path.of(spec);
            if (Files.isDirectory(local)) {
                return folder(local);
            }
            String lower = spec.toLowerCase(Locale.ROOT);
            if ((lower.endsWith(".txt") || lower.endsWith(".list")) && Files.isRegularFile(local)) {
                return listFile(local);
            }
        }
        return expand(spec);
    }

    /** Expands the brace ranges and choices of one specification. */
    static List<String> expand(String spec) {
        Matcher brace = BRACE.matcher(spec);
        if (!brace.find()) {
            return List.of(spec);
        }
        String head = spec.substring(0, brace.start());
        List<String> tails = expand(spec.substring(brace.end()));
        List<String> out = new ArrayList<>();
        for (String choice : choices(brace.group(1), spec)) {
            for (String tail : tails) {
                out.add(head + choice + tail);
            }
        }
        return out;
    }

    private static List<String> choices(String inside, String spec) {
        Matcher range = RANGE.matcher(inside);
        if (range.matches()) {
            long first = Long.parseLong(range.group(1));
            long last = Long.parseLong(range.group(2));
            if (last < first) {
                throw new IllegalArgumentException("brace range {" + inside + "} runs backwards in " + spec);
            }
            int width = range.group(1).startsWith("0") ? range.group(1).length() : 0;
            List<String> out = new ArrayList<>();
            for (long n = first; n <= last; n++) {
                String digits = Long.toString(n);
                out.add(digits.length() < width ? "0".repeat(width - digits.length()) + digits : digits);
            }
            return out;
        }
        if (inside.contains(",")) {
            return List.of(inside.split(",", -1));
        }
        throw new IllegalArgumentException("brace {" + inside + "} is neither a range {a..b} nor choices {a,b} in " + spec);
    }

    private static List<String> listFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shard list " + file, e);
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String spec = line.strip();
            if (spec.isEmpty() || spec.startsWith("#")) {
                continue;
            }
            if (!ByteSources.isUrl(spec)) {
                Path parent = file.toAbsolutePath().getParent();
                spec = parent.resolve(spec).toString();
            }
            out.addAll(expand(spec));
        }
        return out;
    }

    private static List<String> folder(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tar") && Files.isRegularFile(p))
                    .map(Path::toString).sorted(CodePointOrder::compare).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the shard folder " + folder, e);
        }
    }
}
