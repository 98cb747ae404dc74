package org.brainsim.regions.region;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** What a region takes from its inbound links, and what a phase's cut leaves of them. */
class RegionInputsTest
{
    @Test
    void aCutLinkBringsZerosToTheUnitsAndToTheObjectives()
    {
        final RegionInputs in = new RegionInputs(RegionWiring.inputsOnly(10), 2, 3, 4, 0, 1);
        final float[][] links = {{1, 2, 3, 4}, {5, 6}}; // widths 2 and 1, batch 2
        in.take(links);
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, in.x());

        in.cut(0);
        in.take(links);

        assertArrayEquals(new float[] {0, 0, 5, 0, 0, 6}, in.x(), "link 0's block is zero in every row");
        assertArrayEquals(new float[4], in.inbound(0), "a predictive term sees the cut link as zeros");
        assertArrayEquals(new float[] {5, 6}, in.inbound(1));
        assertArrayEquals(new float[] {1, 2, 3, 4}, links[0], "what was sent is left as it was");
    }
}
