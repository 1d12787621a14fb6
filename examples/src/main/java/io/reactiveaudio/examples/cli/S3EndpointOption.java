package io.reactiveaudio.examples.cli;

import io.reactiveaudio.remote.RemoteProvider;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * {@code --s3-endpoint URL} of the commands that read or write {@code s3://} URLs ({@code bench},
 * {@code serve}, {@code pack}): an S3-compatible server, addressed path-style. Filled in by picocli
 * on the parsing thread; {@link #apply()} on the command's thread before the first S3 request.
 */
final class S3EndpointOption {

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible server (MinIO, Ceph, R2, "
            + "S3Proxy), addressed path-style; credentials from the AWS SDK's default chain.")
    String s3Endpoint;

    /** Points the S3 client at {@code --s3-endpoint} when it is given (the client is made anew). */
    void apply() {
        if (s3Endpoint != null) {
            RemoteProvider.configure(RemoteProvider.settings().withS3Endpoint(URI.create(s3Endpoint), true));
        }
    }
}
