package io.reactiveaudio.remote;

import io.netty.channel.ChannelOption;
import io.reactiveaudio.bytes.ByteSource;
import io.reactiveaudio.bytes.ByteSourceProvider;
import io.reactiveaudio.bytes.ByteTarget;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import reactor.netty.http.client.HttpClient;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/**
 * Opens {@code http://}, {@code https://} and {@code s3://} URLs for the core's
 * {@link io.reactiveaudio.bytes.ByteSources} (found by {@link java.util.ServiceLoader}: putting
 * this module on the class path is all it takes). One Reactor Netty HTTP client and one S3
 * asynchronous client (credentials from the SDK's default chain: environment, profile, container
 * or instance role; for an S3-compatible endpoint with keys in system properties or the
 * environment, just those, and the region without the instance metadata lookup, see
 * {@link #region}) serve every object, made on first use with the {@link #configure settings}
 * of that moment. Thread-safe.
 */
public final class RemoteProvider implements ByteSourceProvider {

    private static volatile RemoteSettings settings = RemoteSettings.fromSystemProperties();
    private static final RemoteStats STATS = new RemoteStats();
    private static volatile HttpClient http;
    private static volatile S3AsyncClient s3;

    /** Made by {@link java.util.ServiceLoader}. */
    public RemoteProvider() {
    }

    /**
     * Sets how later objects are read; clients already made are closed and made again on next use.
     */
    public static synchronized void configure(RemoteSettings newSettings) {
        settings = java.util.Objects.requireNonNull(newSettings, "settings");
        http = null;
        S3AsyncClient old = s3;
        s3 = null;
        if (old != null) {
            old.close();
        }
    }

    /** The settings in force. */
    public static RemoteSettings settings() {
        return settings;
    }

    /** What the remote reads of this JVM have done so far. */
    public static RemoteStats stats() {
        return STATS;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("http", "https", "s3");
    }

    @Override
    public ByteSource open(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        RemoteSettings s = settings;
        return scheme.equals("s3") ? new S3Object(s3(), uri, s, STATS) : new HttpObject(http(), uri, s, STATS);
    }

    /**
     * Writes objects under an {@code s3://bucket/prefix}, each streamed in parts with no file on
     * disk ({@code pack --out s3://...}).
     *
     * @throws IllegalArgumentException for {@code http(s)}, which this provider only reads
     */
    @Override
    public ByteTarget target(URI uri) {
        if (!uri.getScheme().equalsIgnoreCase("s3")) {
            throw new IllegalArgumentException("cannot write to " + uri.getScheme() + ": URLs (" + uri
                    + "); write to a folder or s3://bucket/prefix");
        }
        return new S3Target(s3(), uri, settings, STATS);
    }

    private static synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.create().followRedirect(true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                    .responseTimeout(settings.stall());
        }
        return http;
    }

    private static synchronized S3AsyncClient s3() {
        if (s3 == null) {
            RemoteSettings s = settings;
            S3AsyncClientBuilder builder = S3AsyncClient.builder()
                    .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .forcePathStyle(s.s3PathStyle())
                    .region(region(s));
            if (s.s3Endpoint() != null) {
                builder.endpointOverride(s.s3Endpoint());
                if (staticKeysGiven()) {
                    builder.credentialsProvider(AwsCredentialsProviderChain.of(SystemPropertyCredentialsProvider.create(),
                            EnvironmentVariableCredentialsProvider.create()));
                }
            }
            s3 = builder.build();
        }
        return s3;
    }

    /**
     * The region: the settings', else for an S3-compatible endpoint the {@code aws.region} system
     * property or the {@code AWS_REGION} variable, else {@code us-east-1}, without the rest of the
     * SDK's chain (its profile files and, slowest, the EC2 instance metadata lookup, which takes
     * seconds off EC2); for AWS the SDK's whole default chain.
     */
    static Region region(RemoteSettings s) {
        if (s.s3Region() != null) {
            return Region.of(s.s3Region());
        }
        if (s.s3Endpoint() != null) {
            String named = firstGiven(System.getProperty("aws.region"), System.getenv("AWS_REGION"));
            return named != null ? Region.of(named) : Region.US_EAST_1;
        }
        return new DefaultAwsRegionProviderChain().getRegion();
    }

    /**
     * Whether keys are given as system properties ({@code aws.accessKeyId},
     * {@code aws.secretAccessKey}) or variables ({@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY}): then, with an endpoint, only those two providers are asked,
     * not the rest of the default chain (web identity, profiles, container, instance metadata).
     */
    static boolean staticKeysGiven() {
        return firstGiven(System.getProperty("aws.accessKeyId"), System.getenv("AWS_ACCESS_KEY_ID")) != null
                && firstGiven(System.getProperty("aws.secretAccessKey"), System.getenv("AWS_SECRET_ACCESS_KEY")) != null;
    }

    private static String firstGiven(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }
}
