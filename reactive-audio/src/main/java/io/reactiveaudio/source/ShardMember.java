package io.reactiveaudio.source;

import java.util.Locale;

/**
 * One member of a shard as its index or a scan lists it.
 *
 * @param name its path in the archive
 * @param offset where its data starts in the shard, in bytes
 * @param size its data, in bytes
 * @param text its content for a label or metadata member ({@code .cls}, {@code .txt},
 *     {@code .json}), else null
 */
record ShardMember(String name, long offset, long size, String text) {

    /** Extensions whose members are labels or metadata, read whole while listing. */
    static boolean isText(String extension) {
        return extension.equals("cls") || extension.equals("txt") || extension.equals("json");
    }

    /** The sample key: the name up to the first dot of its last path component (WebDataset's rule). */
    String key() {
        int slash = name.lastIndexOf('/');
        int dot = name.indexOf('.', slash + 1);
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** What follows the key, lower case, without the dot; empty when there is none. */
    String extension() {
        String key = key();
        return name.length() > key.length() ? name.substring(key.length() + 1).toLowerCase(Locale.ROOT) : "";
    }
}
