package io.reactiveaudio.test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Tells BlockHound that Netty's adaptive buffer allocator may take its short internal lock on an
 * event loop: growing or freeing a magazine parks only while another thread holds it for a few
 * instructions, which Netty's own integration does not list yet. Loaded by
 * {@link BlockHound#install} through {@code ServiceLoader}; names the classes as strings, so it
 * needs no Netty on the class path. Stateless.
 */
public final class NettyAllocatorIntegration implements BlockHoundIntegration {

    private static final String ALLOCATOR = "io.netty.buffer.AdaptivePoolingAllocator";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside(ALLOCATOR + "$MagazineGroup", "tryExpandMagazines")
                .allowBlockingCallsInside(ALLOCATOR + "$Magazine", "free");
    }
}
