package io.reactiveaudio.bytes;

import java.nio.charset.StandardCharsets;

/** The records of a pax extended header: {@code "<length> <key>=<value>\n"}, one after another. */
final class PaxRecords {

    private PaxRecords() {
    }

    /** The value of {@code key}, or null when the records lack it. */
    static String value(byte[] records, String key, String archive, long headerAt) throws TarFormatException {
        int at = 0;
        while (at < records.length && records[at] != 0) {
            int space = at;
            while (space < records.length && records[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(records, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new TarFormatException(archive, headerAt, "pax record without a length");
            }
            if (length <= space - at || at + length > records.length) {
                throw new TarFormatException(archive, headerAt, "pax record of length " + length + " overruns its header");
            }
            String record = new String(records, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals > 0 && record.substring(0, equals).equals(key)) {
                return record.substring(equals + 1);
            }
            at += length;
        }
        return null;
    }
}
