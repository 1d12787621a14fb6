package io.reactiveaudio.source;

/**
 * A shard that cannot be listed: missing, denied, unreachable or damaged, or whose members do not
 * form samples (a sample without audio, a sample with two audio members, a label that is missing).
 * Names the shard's path or URL and, where one is at fault, the member; the cause is the byte
 * source's typed exception when reading failed.
 */
public final class ShardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String shard;

    /**
     * @param shard the shard's path or URL
     * @param reason what went wrong, without the shard (it is added to the message)
     */
    public ShardException(String shard, String reason, Throwable cause) {
        super(shard + ": " + reason, cause);
        this.shard = shard;
    }

    /** The shard's path or URL. */
    public String shard() {
        return shard;
    }
}
