package io.reactiveaudio.remote;

import io.reactiveaudio.bytes.ByteTarget;
import java.io.OutputStream;
import java.net.URI;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A prefix in S3 or an S3-compatible store ({@code s3://bucket/train}) as a {@link ByteTarget}:
 * object {@code name} is the key {@code train/name}, written by an {@link S3Upload} that streams
 * it in parts, with no file on disk. Immutable and thread-safe.
 */
final class S3Target implements ByteTarget {

    private final S3AsyncClient client;
    private final String bucket;
    /** The key prefix, empty or ending in a slash. */
    private final String prefix;
    private final RemoteSettings settings;
    private final RemoteStats stats;

    S3Target(S3AsyncClient client, URI uri, RemoteSettings settings, RemoteStats stats) {
        this.client = client;
        this.bucket = uri.getHost();
        if (bucket == null) {
            throw new IllegalArgumentException("an S3 prefix is s3://bucket or s3://bucket/prefix: " + uri);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        this.prefix = path.isEmpty() ? "" : path + "/";
        this.settings = settings;
        this.stats = stats;
    }

    @Override
    public String name() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public String resolve(String relative) {
        return name() + relative;
    }

    @Override
    public OutputStream create(String relative) {
        return new S3Upload(client, bucket, prefix + relative, settings, stats);
    }

    @Override
    public String toString() {
        return name();
    }
}
