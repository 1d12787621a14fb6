package io.reactiveaudio.remote;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server on loopback: S3Proxy over jclouds' filesystem store, whose bucket {@code b} is
 * the folder {@code root/b} (a test writes objects as files). Requests must be signed (V2 or V4)
 * with {@link #ACCESS_KEY} and {@link #SECRET_KEY}, test-only keys of this server.
 */
public final class S3Server implements AutoCloseable {

    /** The access key requests must be signed with. */
    public static final String ACCESS_KEY = "test-access";
    /** The secret key requests must be signed with. */
    public static final String SECRET_KEY = "test-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    /** Starts a server whose buckets are the folders of {@code root}, on a free loopback port. */
    public S3Server(Path root) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", root.toString());
        context = ContextBuilder.newBuilder("filesystem").credentials("identity", "credential")
                .overrides(properties).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    /** The port it listens on. */
    public int port() {
        return proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
