package io.reactiveaudio.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard's index, stored beside it as {@code <shard>.index}: JSON Lines, one object per member
 * in archive order, {@code {"name": ..., "offset": ..., "size": ...}} with the offset and size of
 * the member's data in bytes, and {@code "text"} holding the content of label and metadata
 * members. With it a shard is listed by one small read, and a resume starts at a member by a
 * range request. Stateless.
 */
final class ShardIndex {

    /** What follows a shard's path or URL to name its index. */
    static final String SUFFIX = ".index";

    private static final JsonFactory JSON = new JsonFactory();

    private ShardIndex() {
    }

    /** The index's bytes for {@code members}. */
    static byte[] write(List<ShardMember> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (ShardMember member : members) {
                try (JsonGenerator g = JSON.createGenerator(out)) {
                    g.writeStartObject();
                    g.writeStringField("name", member.name());
                    g.writeNumberField("offset", member.offset());
                    g.writeNumberField("size", member.size());
                    if (member.text() != null) {
                        g.writeStringField("text", member.text());
                    }
                    g.writeEndObject();
                }
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The members an index lists.
     *
     * @throws ShardException naming the index and line when a line is not a member
     */
    static List<ShardMember> read(InputStream in, String indexName) throws IOException {
        List<ShardMember> members = new ArrayList<>();
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw bad(indexName, p, "expected an object");
                }
                String name = null;
                String text = null;
                long offset = -1;
                long size = -1;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "name" -> name = p.getValueAsString();
                        case "offset" -> offset = p.getValueAsLong(-1);
                        case "size" -> size = p.getValueAsLong(-1);
                        case "text" -> text = p.getValueAsString();
                        default -> throw bad(indexName, p, "unknown key " + field);
                    }
                }
                if (name == null || offset < 0 || size < 0) {
                    throw bad(indexName, p, "a member needs name, offset and size");
                }
                members.add(new ShardMember(name, offset, size, text));
            }
        }
        return members;
    }

    private static ShardException bad(String indexName, JsonParser p, String reason) {
        return new ShardException(indexName, "line " + p.currentLocation().getLineNr() + ": " + reason, null);
    }
}
