/**
 * Live audio streams through Apache Kafka: the record format ({@link io.reactiveaudio.kafka.AudioRecords}),
 * a producer helper ({@link io.reactiveaudio.kafka.KafkaAudioProducer}), a consumer-group source that
 * gives each stream as a {@link io.reactiveaudio.live.LiveSource} of the same
 * {@link io.reactiveaudio.live.LiveChunk}s the TCP and HTTP sources give
 * ({@link io.reactiveaudio.kafka.KafkaIngest}), and a sink of results to an output topic
 * ({@link io.reactiveaudio.kafka.KafkaResultSink}). See {@code docs/live.md}, "Kafka".
 */
package io.reactiveaudio.kafka;
