/**
 * Checkpoints of a training pipeline: small, serialisable positions at batch boundaries from
 * which a new pipeline resumes with exactly the batches that would have followed.
 */
package io.reactiveaudio.checkpoint;
