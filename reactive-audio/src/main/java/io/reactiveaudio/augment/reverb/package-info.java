/** Reverberation augmentations: convolution with recorded or synthetic room impulse responses. */
package io.reactiveaudio.augment.reverb;
