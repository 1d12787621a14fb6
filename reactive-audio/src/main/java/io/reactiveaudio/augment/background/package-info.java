/** Background-noise augmentation: recorded noise clips mixed in at a drawn SNR, decoded once and cached within a byte bound. */
package io.reactiveaudio.augment.background;
