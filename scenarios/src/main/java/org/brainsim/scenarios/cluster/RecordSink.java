package org.brainsim.scenarios.cluster;

/**
 * Takes what a node on another machine records, in the order it recorded it. Implementations carry it to
 * the submitting JVM (cluster mode); {@code RunRecording#receiver()} writes it there.
 */
public interface RecordSink
{
    /**
     * Steps of one node's output.
     *
     * @param node   the graph node.
     * @param stream {@code activity} or {@code readout}.
     * @param steps  the steps, ascending.
     * @param rows   leading batch rows sent per step.
     * @param width  values per row.
     * @param values {@code [steps][rows][width]}, row-major.
     */
    void steps(String node, String stream, long[] steps, int rows, int width, float[] values);

    /** One completed trial of a learning region. */
    void trial(String region, TrialRecord record);

    /** A lesion a phase applied to a region. */
    void lesion(String region, LesionRecord record);
}
