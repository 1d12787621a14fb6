package io.reactiveaudio.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.reactiveaudio.audio.AudioSource;
import io.reactiveaudio.audio.Location;
import io.reactiveaudio.bytes.ByteSourceException;
import io.reactiveaudio.bytes.ByteSources;
import io.reactiveaudio.bytes.TarEntry;
import io.reactiveaudio.bytes.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The samples of sharded tar archives in the WebDataset layout: members grouped by key
 * ({@code clip-001.flac}, {@code clip-001.cls}, {@code clip-001.json} form sample
 * {@code clip-001}), one {@link AudioSource} per sample located at its audio member
 * ({@link Location}: shard, member, byte range), in shard order and archive order, indexed from 0.
 *
 * <p><b>Which member is the audio.</b> Members ending in {@code .cls}, {@code .txt} or
 * {@code .json} are labels and metadata; the sample's one other member is its audio, whose codec
 * the decoders detect by content, as for files. A sample with no audio member or with two is a
 * {@link ShardException} naming the shard and the key: nothing is dropped silently.
 *
 * <p><b>Labels</b> ({@link #labels}): the text of the {@code .cls} or {@code .txt} member,
 * stripped, or a field of the {@code .json} member; every sample must then have one. The names are
 * sorted into the set's {@link LabelMap} as for folders.
 *
 * <p><b>Listing</b> reads each shard's index ({@code <shard>.index}, written by
 * {@link ShardWriter}) when there is one: one small read per shard. Otherwise it reads the shard
 * once, front to back without seeking back, reading label and metadata members and passing over
 * the audio (a local file skips it; a remote object streams it). Up to
 * {@link #LISTING_CONCURRENCY} shards are listed at once; the samples and any failures come in
 * shard order all the same. Blocking: call {@link #scan()} from a thread that may block. Immutable: every setter returns a new instance.
 */
public final class ShardSource {

    private static final Logger LOG = Loggers.getLogger(ShardSource.class);
    /**
     * Shards listed at the same time, on {@link Schedulers#boundedElastic()}: listing a remote
     * shard is a request that mostly waits, so a bucket of shards lists in a few round trips.
     */
    static final int LISTING_CONCURRENCY = 8;

    private static final JsonFactory JSON = new JsonFactory();

    private final String spec;
    private final String labels;
    private final Consumer<ShardException> onUnreadable;

    ShardSource(String spec, String labels, Consumer<ShardException> onUnreadable) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.labels = labels;
        this.onUnreadable = onUnreadable;
    }

    /**
     * Where labels come from: {@code "cls"} or {@code "txt"} (the member's text), {@code "json:FIELD"}
     * (a top-level string or number field of the {@code .json} member), or null for none (the default).
     *
     * @throws IllegalArgumentException for any other value
     */
    public ShardSource labels(String from) {
        if (from != null && !from.equals("cls") && !from.equals("txt")
                && !(from.startsWith("json:") && from.length() > 5)) {
            throw new IllegalArgumentException("labels must be cls, txt or json:FIELD: " + from);
        }
        return new ShardSource(spec, from, onUnreadable);
    }

    /**
     * Goes on past a shard that cannot be listed (missing, denied, damaged), handing its typed
     * error to {@code onSkip} (and the log) instead of failing the scan; null (the default) fails.
     */
    public ShardSource skipUnreadable(Consumer<ShardException> onSkip) {
        return new ShardSource(spec, labels, onSkip);
    }

    /** The shards the specification names, expanded, in order (blocking for a list file or folder). */
    public List<String> shards() {
        return ShardUrls.resolve(spec);
    }

    /**
     * Lists every shard's samples (blocking).
     *
     * @throws ShardException naming the shard (and member) that cannot be listed, unless skipped
     */
    public SourceSet scan() {
        List<Listing> listings = Flux.fromIterable(shards())
                .flatMapSequential(shard -> Mono.fromCallable(() -> list(shard)).subscribeOn(Schedulers.boundedElastic()),
                        LISTING_CONCURRENCY)
                .collectList().block();
        List<Sample> samples = new ArrayList<>();
        for (Listing listing : listings) {
            if (listing.failure() != null) {
                if (onUnreadable == null) {
                    throw listing.failure();
                }
                LOG.warn("shard skipped: {}", listing.failure().getMessage());
                onUnreadable.accept(listing.failure());
                continue;
            }
            samples.addAll(listing.samples());
        }
        List<String> names = new ArrayList<>();
        if (labels != null) {
            samples.forEach(s -> names.add(s.label()));
        }
        LabelMap map = LabelMap.of(names);
        List<AudioSource> sources = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            int labelIndex = s.label() == null ? -1 : map.indexOf(s.label());
            sources.add(AudioSource.member(sources.size(), s.audio(), s.label(), labelIndex, s.metadata()));
        }
        return SourceSet.of(sources, map);
    }

    @Override
    public String toString() {
        return "ShardSource[" + spec + (labels == null ? "" : ", labels " + labels) + "]";
    }

    /** The members of a shard, from its index or else from one pass over it. */
    static List<ShardMember> members(String shard) {
        String index = shard + ShardIndex.SUFFIX;
        try (InputStream in = Channels.newInputStream(ByteSources.of(index).openAt(0))) {
            return ShardIndex.read(in, index);
        } catch (ByteSourceException e) {
            if (e.kind() != ByteSourceException.Kind.NOT_FOUND && e.kind() != ByteSourceException.Kind.DENIED) {
                throw new ShardException(shard, "cannot read its index: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new ShardException(shard, "cannot read its index: " + e, e);
        }
        return scanMembers(shard);
    }

    /** The members of a shard by reading it front to back. */
    static List<ShardMember> scanMembers(String shard) {
        List<ShardMember> members = new ArrayList<>();
        try (TarReader tar = new TarReader(Channels.newInputStream(ByteSources.of(shard).openAt(0)), shard)) {
            TarEntry entry;
            while ((entry = tar.next()) != null) {
                ShardMember bare = new ShardMember(entry.name(), entry.offset(), entry.size(), null);
                String text = ShardMember.isText(bare.extension())
                        ? new String(tar.readData(), StandardCharsets.UTF_8) : null;
                members.add(new ShardMember(entry.name(), entry.offset(), entry.size(), text));
            }
        } catch (IOException e) {
            throw new ShardException(shard, e instanceof ByteSourceException ? e.getMessage() : e.toString(), e);
        }
        return members;
    }

    private List<Sample> samples(String shard, List<ShardMember> members) {
        List<Sample> samples = new ArrayList<>();
        int i = 0;
        while (i < members.size()) {
            String key = members.get(i).key();
            ShardMember audio = null;
            String label = null;
            String metadata = null;
            for (; i < members.size() && members.get(i).key().equals(key); i++) {
                ShardMember member = members.get(i);
                String ext = member.extension();
                if (ext.equals("json")) {
                    metadata = member.text();
                }
                if (!ShardMember.isText(ext)) {
                    if (audio != null) {
                        throw new ShardException(shard, "sample " + key + " has two audio members: "
                                + audio.name() + " and " + member.name(), null);
                    }
                    audio = member;
                } else if (labels != null && label == null) {
                    label = label(shard, member, ext);
                }
            }
            if (audio == null) {
                throw new ShardException(shard, "sample " + key + " has no audio member", null);
            }
            if (labels != null && (label == null || label.isEmpty())) {
                throw new ShardException(shard, "sample " + key + " has no label (" + labels + ")", null);
            }
            samples.add(new Sample(new Location(shard, audio.name(), audio.offset(), audio.size()), label, metadata));
        }
        return samples;
    }

    /** The label {@code member} gives under {@link #labels}, or null when it gives none. */
    private String label(String shard, ShardMember member, String ext) {
        if (labels.equals(ext)) {
            return member.text().strip();
        }
        if (!labels.startsWith("json:") || !ext.equals("json")) {
            return null;
        }
        String field = labels.substring(5);
        try (JsonParser p = JSON.createParser(member.text())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ShardException(shard, member.name() + " is not a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    return p.getValueAsString();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new ShardException(shard, member.name() + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** One shard's samples, or why it cannot be listed. */
    private Listing list(String shard) {
        try {
            return new Listing(samples(shard, members(shard)), null);
        } catch (ShardException e) {
            return new Listing(List.of(), e);
        }
    }

    /** A shard's samples, or the failure that listing it met (and no samples). */
    private record Listing(List<Sample> samples, ShardException failure) {
    }

    /** A sample's audio, label and metadata text (its {@code .json} member's, or null). */
    private record Sample(Location audio, String label, String metadata) {
    }
}
