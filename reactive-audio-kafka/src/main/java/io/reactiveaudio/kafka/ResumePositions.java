package io.reactiveaudio.kafka;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of an offset committed in a transaction ({@link KafkaIngest#exactlyOnce}): for each
 * stream of the partition whose results reach into the records from that offset on, the stream
 * position (in frames) the committed results end at, so that a consumer that reads those records
 * again hands out each stream's audio from there, no earlier. Text of {@code id=position} pairs,
 * the ids URL-encoded, joined by {@code &}, after the version tag {@code ra1;}. Stateless.
 */
final class ResumePositions {

    private static final String TAG = "ra1;";

    private ResumePositions() {
    }

    /** {@code positions} as offset metadata. */
    static String encode(Map<String, Long> positions) {
        StringBuilder text = new StringBuilder(TAG);
        String and = "";
        for (Map.Entry<String, Long> entry : positions.entrySet()) {
            text.append(and).append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(entry.getValue());
            and = "&";
        }
        return text.toString();
    }

    /** The positions in offset metadata written by {@link #encode}; none for any other text (or null). */
    static Map<String, Long> decode(String metadata) {
        Map<String, Long> positions = new LinkedHashMap<>();
        if (metadata == null || !metadata.startsWith(TAG) || metadata.length() == TAG.length()) {
            return positions;
        }
        for (String pair : metadata.substring(TAG.length()).split("&")) {
            int equals = pair.lastIndexOf('=');
            if (equals > 0) {
                try {
                    positions.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            Long.parseLong(pair.substring(equals + 1)));
                } catch (IllegalArgumentException e) {
                    return new LinkedHashMap<>();
                }
            }
        }
        return positions;
    }
}
