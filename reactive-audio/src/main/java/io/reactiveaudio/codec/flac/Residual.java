package io.reactiveaudio.codec.flac;

/**
 * Reads the coded residual of a FIXED or LPC subframe: partitioned Rice codes with 4-bit (RICE) or
 * 5-bit (RICE2) parameters, where the all-ones parameter marks an escaped partition of plain
 * signed values. Stateless and thread-safe.
 */
final class Residual {

    private Residual() {
    }

    /**
     * Reads the residual of a block into {@code dst[order, blockSize)}.
     *
     * @param order the predictor order (the warm-up samples precede the residual)
     * @throws FormatException for a reserved coding method or a partition order the block cannot hold
     */
    static void read(BitReader in, int[] dst, int blockSize, int order) {
        int method = in.readUInt(2);
        if (method > 1) {
            throw FormatException.unsupported("reserved residual coding method " + method);
        }
        int partitionOrder = in.readUInt(4);
        int partitionSize = blockSize >>> partitionOrder;
        if (partitionSize << partitionOrder != blockSize || partitionSize < order) {
            throw FormatException.corrupt("residual partition order " + partitionOrder + " does not fit block size "
                    + blockSize + " with predictor order " + order);
        }
        int parameterBits = 4 + method;
        int escape = (1 << parameterBits) - 1;
        int from = order;
        for (int end = partitionSize; end <= blockSize; end += partitionSize) {
            int parameter = in.readUInt(parameterBits);
            if (parameter == escape) {
                in.readSigned(dst, from, end, in.readUInt(5));
            } else {
                in.readRice(dst, from, end, parameter);
            }
            from = end;
        }
    }
}
