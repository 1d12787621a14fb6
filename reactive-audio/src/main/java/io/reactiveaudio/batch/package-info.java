/**
 * Batching: the last stage of a pipeline, which packs segments into the tensors a trainer reads.
 *
 * <p>{@link io.reactiveaudio.batch.Batcher} gathers B segments into one
 * {@link io.reactiveaudio.batch.Batch}: a contiguous little-endian float32 buffer shaped
 * {@code (B, T, C)} or {@code (B, C, T)} ({@link io.reactiveaudio.batch.Layout}), borrowed from a
 * bounded {@link io.reactiveaudio.batch.BufferPool} of direct buffers and returned to it when the
 * batch is released: by the consumer after use, or by a discard hook
 * ({@code doOnDiscard(Batch.class, Batch::release)}) when an operator drops it.
 */
package io.reactiveaudio.batch;
