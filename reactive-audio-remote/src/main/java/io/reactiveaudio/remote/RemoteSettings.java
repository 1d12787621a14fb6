package io.reactiveaudio.remote;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How remote objects are read: timeouts, retries and the S3 endpoint. Immutable; each
 * {@code with} method returns a copy. {@link #fromSystemProperties()} reads the properties the CLI
 * sets ({@code --s3-endpoint}):
 * {@code reactiveaudio.s3.endpoint} (an S3-compatible server's URL; path-style addressing is then
 * the default), {@code reactiveaudio.s3.pathStyle}, {@code reactiveaudio.s3.region},
 * {@code reactiveaudio.remote.maxAttempts}, {@code reactiveaudio.remote.stallMillis}.
 *
 * @param connectTimeout time to connect, before the attempt counts as failed
 * @param stall time a response may deliver no byte (headers included) before the attempt counts
 *     as failed and the range is requested again from the next byte
 * @param maxAttempts attempts in a row without a byte between them before a transient failure is final
 * @param firstBackoff wait before the first retry; each further retry in a row waits twice as long
 * @param maxBackoff the longest wait between retries
 * @param s3Endpoint an S3-compatible server, or null for AWS's endpoint of the region
 * @param s3PathStyle {@code https://host/bucket/key} rather than {@code https://bucket.host/key}
 * @param s3Region the region, or null for the SDK's default chain; with an endpoint set, null
 *     means {@code aws.region} or {@code AWS_REGION} if given, else {@code us-east-1}
 */
public record RemoteSettings(Duration connectTimeout, Duration stall, int maxAttempts, Duration firstBackoff,
                             Duration maxBackoff, URI s3Endpoint, boolean s3PathStyle, String s3Region) {

    /** Validates the fields. */
    public RemoteSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(stall, "stall");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
    }

    /** 10 s to connect, 30 s of stall, 8 attempts, backoff 100 ms doubling up to 5 s, AWS's S3. */
    public static RemoteSettings defaults() {
        return new RemoteSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), 8, Duration.ofMillis(100),
                Duration.ofSeconds(5), null, false, null);
    }

    /** The defaults, changed by the system properties named above. */
    public static RemoteSettings fromSystemProperties() {
        RemoteSettings s = defaults();
        String endpoint = System.getProperty("reactiveaudio.s3.endpoint");
        if (endpoint != null && !endpoint.isBlank()) {
            s = s.withS3Endpoint(URI.create(endpoint), Boolean.parseBoolean(System.getProperty("reactiveaudio.s3.pathStyle", "true")));
        }
        String region = System.getProperty("reactiveaudio.s3.region");
        if (region != null && !region.isBlank()) {
            s = s.withS3Region(region);
        }
        String attempts = System.getProperty("reactiveaudio.remote.maxAttempts");
        if (attempts != null) {
            s = s.withRetries(Integer.parseInt(attempts), s.firstBackoff, s.maxBackoff);
        }
        String stall = System.getProperty("reactiveaudio.remote.stallMillis");
        if (stall != null) {
            s = s.withTimeouts(s.connectTimeout, Duration.ofMillis(Long.parseLong(stall)));
        }
        return s;
    }

    /** With these timeouts. */
    public RemoteSettings withTimeouts(Duration connect, Duration stallLimit) {
        return new RemoteSettings(connect, stallLimit, maxAttempts, firstBackoff, maxBackoff, s3Endpoint, s3PathStyle, s3Region);
    }

    /** With this retry rule. */
    public RemoteSettings withRetries(int attempts, Duration first, Duration max) {
        return new RemoteSettings(connectTimeout, stall, attempts, first, max, s3Endpoint, s3PathStyle, s3Region);
    }

    /** With an S3-compatible endpoint. */
    public RemoteSettings withS3Endpoint(URI endpoint, boolean pathStyle) {
        return new RemoteSettings(connectTimeout, stall, maxAttempts, firstBackoff, maxBackoff, endpoint, pathStyle, s3Region);
    }

    /** With an S3 region. */
    public RemoteSettings withS3Region(String region) {
        return new RemoteSettings(connectTimeout, stall, maxAttempts, firstBackoff, maxBackoff, s3Endpoint, s3PathStyle, region);
    }
}
