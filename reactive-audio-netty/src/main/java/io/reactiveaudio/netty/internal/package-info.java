/**
 * The wire's internals, shared by the server and the client of this module: frame types and
 * codecs ({@link io.reactiveaudio.netty.internal.Frames}), the BATCH frame that writes a batch
 * without copying it, and the safetensors header, writer and metadata a BATCH payload is made of.
 * Not an API: these types are public only so that both sides of the module can use them, and they
 * change without notice. The protocol itself is specified in {@code docs/protocol.md}.
 */
package io.reactiveaudio.netty.internal;
