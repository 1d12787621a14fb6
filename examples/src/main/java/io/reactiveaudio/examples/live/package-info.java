/**
 * The live-ingestion load test: a generator of real-time PCM streams on loopback and the latency
 * histogram the {@code live-load} command reports.
 */
package io.reactiveaudio.examples.live;
