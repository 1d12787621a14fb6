/**
 * Network ingest of live audio: raw PCM over TCP ({@link io.reactiveaudio.netty.ingest.TcpIngest}),
 * one live stream per connection, with the live source's overflow strategy carried to the socket
 * ({@code BLOCK} stops reading, so TCP flow control slows the sender).
 */
package io.reactiveaudio.netty.ingest;
