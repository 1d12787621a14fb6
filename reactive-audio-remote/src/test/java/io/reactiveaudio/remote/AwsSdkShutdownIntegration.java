package io.reactiveaudio.remote;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound that the AWS SDK's Netty client, when an S3 client is closed
 * ({@link RemoteProvider#configure}), closes its connection pool on Netty's global executor and
 * waits there for the pool's channels to close ({@code SimpleChannelPool.close} →
 * {@code awaitUninterruptibly}): the SDK's own shutdown path, which reads no data. Loaded by
 * {@link BlockHound#install} through {@code ServiceLoader}. Stateless.
 */
public final class AwsSdkShutdownIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("software.amazon.awssdk.http.nio.netty.internal.BetterSimpleChannelPool", "close");
    }
}
