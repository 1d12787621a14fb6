package io.reactiveaudio.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * One S3 object written as a stream: the bytes gather in a buffer of {@link #PART_BYTES}; an
 * object that fits is sent by one PutObject on {@link #close()}, a larger one by a multipart
 * upload, a part each time the buffer fills, completed on close. So it holds at most one part in
 * memory and nothing on disk, and the object appears whole on close or not at all (a failed
 * upload is aborted). Each request is retried by {@link RemoteObject}'s rule ({@link Backoff}),
 * counted in {@link RemoteStats}. Blocking (waits for each request); not thread-safe.
 */
final class S3Upload extends OutputStream {

    /** Bytes per part (S3 wants at least 5 MiB for all parts but the last). */
    static final int PART_BYTES = 8 << 20;

    private final S3AsyncClient client;
    private final String bucket;
    private final String key;
    private final String url;
    private final RemoteSettings settings;
    private final RemoteStats stats;
    private final byte[] buffer = new byte[PART_BYTES];
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long sent;
    private String uploadId;
    private boolean closed;

    S3Upload(S3AsyncClient client, String bucket, String key, RemoteSettings settings, RemoteStats stats) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.url = "s3://" + bucket + "/" + key;
        this.settings = settings;
        this.stats = stats;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("closed: " + url);
        }
        while (len > 0) {
            int n = Math.min(len, PART_BYTES - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == PART_BYTES) {
                sendPart();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (uploadId == null) {
                byte[] whole = Arrays.copyOf(buffer, filled);
                withRetries(() -> client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(),
                        AsyncRequestBody.fromBytes(whole)));
                stats.bytes(whole.length);
                return;
            }
            if (filled > 0) {
                sendPart();
            }
            withRetries(() -> client.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket)
                    .key(key).uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
                    .build()));
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = withRetries(() -> client.createMultipartUpload(CreateMultipartUploadRequest.builder()
                        .bucket(bucket).key(key).build())).uploadId();
            }
            int number = parts.size() + 1;
            byte[] part = Arrays.copyOf(buffer, filled);
            String etag = withRetries(() -> client.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(number).contentLength((long) part.length).build(),
                    AsyncRequestBody.fromBytes(part))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            sent += part.length;
            stats.bytes(part.length);
            filled = 0;
        } catch (IOException | RuntimeException e) {
            closed = true;
            abort();
            throw e;
        }
    }

    private void abort() {
        String id = uploadId;
        uploadId = null;
        if (id != null) {
            client.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(id)
                    .build());
        }
    }

    private <T> T withRetries(Supplier<CompletableFuture<T>> call) throws IOException {
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                stats.request();
                return S3Object.await(call.get(), settings, url);
            } catch (IOException e) {
                Backoff.retryOrThrow(url, e, attempts, sent, false, settings, stats);
            }
        }
    }
}
